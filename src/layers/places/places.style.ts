import type { PlaceKind } from '../../domain/district.types.ts';

// How places look: one colour and one glyph per kind (the wall's own shorthand, read from ten
// metres: 学 school, 医 hospital, 党 party-mass service centre…), drawn once per kind on a canvas and
// shared by every billboard of that kind. Cluster markers take the colour of their commonest kind.

export const PLACE_STYLE: Record<PlaceKind, { color: string; glyph: string }> = {
  school: { color: '#4aa8ff', glyph: '学' },
  kindergarten: { color: '#7cc4ff', glyph: '幼' },
  clinic: { color: '#3ddc84', glyph: '诊' },
  hospital: { color: '#1fbf6a', glyph: '医' },
  market: { color: '#ffa62b', glyph: '市' },
  'party-branch': { color: '#e0303f', glyph: '党' },
  'mediation-room': { color: '#c77dff', glyph: '调' },
  'police-post': { color: '#2f6fde', glyph: '警' },
  'community-center': { color: '#f25c8a', glyph: '服' },
  'elderly-care': { color: '#e8c547', glyph: '老' },
  'property-office': { color: '#8a94a6', glyph: '物' },
  enterprise: { color: '#5fc9c9', glyph: '企' },
};

const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';
const icons = new Map<PlaceKind, HTMLCanvasElement>();
const clusters = new Map<PlaceKind, HTMLCanvasElement>();

/** A round badge in the kind's colour with its glyph in white (28 px, drawn at half size). */
export function placeIcon(kind: PlaceKind): HTMLCanvasElement {
  let c = icons.get(kind);
  if (c) return c;
  c = document.createElement('canvas');
  c.width = c.height = 28;
  const g = c.getContext('2d')!;
  g.beginPath();
  g.arc(14, 14, 12, 0, Math.PI * 2);
  g.fillStyle = PLACE_STYLE[kind].color;
  g.fill();
  g.lineWidth = 2;
  g.strokeStyle = 'rgba(4,18,31,0.9)';
  g.stroke();
  g.fillStyle = '#ffffff';
  g.font = `bold 15px ${FONT}`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText(PLACE_STYLE[kind].glyph, 14, 15);
  icons.set(kind, c);
  return c;
}

/** A ring in the colour of the cluster's commonest kind, dark inside for the white count. */
export function placeClusterImage(kind: PlaceKind): HTMLCanvasElement {
  let c = clusters.get(kind);
  if (c) return c;
  c = document.createElement('canvas');
  c.width = c.height = 56;
  const g = c.getContext('2d')!;
  g.beginPath();
  g.arc(28, 28, 25, 0, Math.PI * 2);
  g.fillStyle = PLACE_STYLE[kind].color;
  g.fill();
  g.beginPath();
  g.arc(28, 28, 18, 0, Math.PI * 2);
  g.fillStyle = 'rgba(10,18,32,0.88)';
  g.fill();
  clusters.set(kind, c);
  return c;
}

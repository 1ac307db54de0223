import { Color } from 'cesium';
import type { IncidentCategory, Priority } from '../../protocol/categories.ts';
import type { Timing } from '../../protocol/incident.schema.ts';

// Incident marker looks: a disc coloured by priority with the category's one-character glyph, and a
// ring around it coloured by the response-target state. Images are drawn once per key and shared
// through the billboard atlas by imageId.

export const PRIORITY_CSS: Record<Priority, string> = {
  low: '#5b8cff',
  normal: '#2fb4ff',
  high: '#ff8a1f',
  urgent: '#ff2e4c',
};
export const TIMING_CSS: Record<Timing, string> = { 'on-time': '#3ddc84', 'at-risk': '#ffc21a', overdue: '#ff3b3b' };
export const TIMING_COLORS = Object.fromEntries(
  Object.entries(TIMING_CSS).map(([k, v]) => [k, Color.fromCssColorString(v)]),
) as Record<Timing, Color>;
export const GREYED = Color.fromCssColorString('#6b7280');

export const CATEGORY_GLYPH: Record<IncidentCategory, string> = {
  noise: '噪',
  'blocked-drain': '堵',
  lockout: '锁',
  'parking-dispute': '停',
  'unpaid-wages': '薪',
  'land-dispute': '地',
  'damaged-goods': '货',
  'epidemic-check': '疫',
  'geological-hazard': '灾',
  'labour-inspection': '劳',
  'fire-hazard': '火',
  'public-security': '安',
  other: '事',
};

const icons = new Map<string, HTMLCanvasElement>();

export function iconKey(category: IncidentCategory, priority: Priority): string {
  return `gw-inc-${category}-${priority}`;
}

export function incidentIcon(category: IncidentCategory, priority: Priority): HTMLCanvasElement {
  const key = iconKey(category, priority);
  let c = icons.get(key);
  if (c) return c;
  c = document.createElement('canvas');
  c.width = c.height = 48;
  const g = c.getContext('2d')!;
  g.beginPath();
  g.arc(24, 24, 21, 0, Math.PI * 2);
  g.fillStyle = PRIORITY_CSS[priority] ?? PRIORITY_CSS.normal;
  g.fill();
  g.lineWidth = 3;
  g.strokeStyle = '#0b1220';
  g.stroke();
  g.fillStyle = '#ffffff';
  g.font = 'bold 24px sans-serif';
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText(CATEGORY_GLYPH[category] ?? '事', 24, 26);
  icons.set(key, c);
  return c;
}

let ring: HTMLCanvasElement | null = null;

/** A white ring, tinted by the target state. */
export function ringImage(): HTMLCanvasElement {
  if (ring) return ring;
  const c = document.createElement('canvas');
  c.width = c.height = 64;
  const g = c.getContext('2d')!;
  g.beginPath();
  g.arc(32, 32, 27, 0, Math.PI * 2);
  g.lineWidth = 6;
  g.strokeStyle = '#ffffff';
  g.stroke();
  ring = c;
  return c;
}

import { Color } from 'cesium';
import { STAFF_CLASS } from '../../live/models/staff.model.ts';

// Status colours shared by the map, the legend and the panels (CSS strings for the UI, Cesium
// colours for the primitives).

export const STAFF_CLASS_CSS: Record<number, string> = {
  [STAFF_CLASS.free]: '#3ddc84',
  [STAFF_CLASS.enRoute]: '#ffa62b',
  [STAFF_CLASS.onScene]: '#4aa8ff',
  [STAFF_CLASS.offDuty]: '#8a94a6',
  [STAFF_CLASS.noFix]: '#4a5160',
};
export const GREYED_CSS = '#6b7280';

export const STAFF_CLASS_COLORS = {
  byClass: Object.fromEntries(
    Object.entries(STAFF_CLASS_CSS).map(([k, v]) => [k, Color.fromCssColorString(v)]),
  ) as Record<number, Color>,
  greyed: Color.fromCssColorString(GREYED_CSS).withAlpha(0.7),
};

let arrow: HTMLCanvasElement | null = null;

/** A white chevron pointing up (north before rotation); tinted per status by the billboard colour. */
export function arrowImage(): HTMLCanvasElement {
  if (arrow) return arrow;
  const c = document.createElement('canvas');
  c.width = c.height = 32;
  const g = c.getContext('2d')!;
  g.fillStyle = '#ffffff';
  g.strokeStyle = 'rgba(0,0,0,0.8)';
  g.lineWidth = 2;
  g.beginPath();
  g.moveTo(16, 2);
  g.lineTo(28, 28);
  g.lineTo(16, 21);
  g.lineTo(4, 28);
  g.closePath();
  g.fill();
  g.stroke();
  arrow = c;
  return c;
}

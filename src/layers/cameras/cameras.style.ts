import { Color } from 'cesium';
import { CAMERA_STATUS } from '../../live/models/cameras.model.ts';

// Camera status colours for the map, the legend and the panel.

export const CAMERA_STATUS_CSS: Record<number, string> = {
  [CAMERA_STATUS.online]: '#2ee6d6',
  [CAMERA_STATUS.fault]: '#ffb020',
  [CAMERA_STATUS.offline]: '#ff4d5e',
  [CAMERA_STATUS.unknown]: '#8a94a6',
};

export const CAMERA_STATUS_COLORS = {
  byStatus: Object.fromEntries(
    Object.entries(CAMERA_STATUS_CSS).map(([k, v]) => [k, Color.fromCssColorString(v)]),
  ) as Record<number, Color>,
  greyed: Color.fromCssColorString('#6b7280'),
};

let cluster: HTMLCanvasElement | null = null;

/** A white disc with a dark rim, tinted with the cluster's worst status; the count is a label on top. */
export function clusterImage(): HTMLCanvasElement {
  if (cluster) return cluster;
  const c = document.createElement('canvas');
  c.width = c.height = 64;
  const g = c.getContext('2d')!;
  g.beginPath();
  g.arc(32, 32, 29, 0, Math.PI * 2);
  g.fillStyle = 'rgba(255,255,255,0.35)';
  g.fill();
  g.lineWidth = 4;
  g.strokeStyle = '#ffffff';
  g.stroke();
  g.beginPath();
  g.arc(32, 32, 20, 0, Math.PI * 2);
  g.fillStyle = 'rgba(10,18,32,0.85)';
  g.fill();
  cluster = c;
  return c;
}

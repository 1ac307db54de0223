// Declutter for district scale: 5,000+ camera markers on one wall are a carpet, not information.
// Cameras are binned into square cells sized from the view (about `cellPx` screen pixels at the
// current metres-per-pixel); each occupied cell becomes one cluster at the mean position of its
// members, with a count and its worst status. A cell holding one camera is that camera, so the same
// call declutters close in and clusters far out.
import { metresPerDegree } from '../../domain/geo.ts';
import { CAMERA_STATUS_SEVERITY, type CameraModel } from './cameras.model.ts';

export interface CameraCluster {
  /** Mean position of the members. */
  lng: number;
  lat: number;
  count: number;
  /** CAMERA_STATUS code of the worst member (see CAMERA_STATUS_SEVERITY). */
  worst: number;
  /** Members per CAMERA_STATUS code: online, fault, offline, unknown. */
  byStatus: [number, number, number, number];
  /** The camera index when count is 1, else -1 (draw the camera itself, cone and all). */
  single: number;
  /** Stable key of the cell, for diffing clusters between two calls at the same cell size. */
  key: number;
}

export interface ClusterOptions {
  /** Cell edge in metres. Give this, or metresPerPixel (+ cellPx). */
  cellM?: number;
  metresPerPixel?: number;
  /** Cell edge in screen pixels when metresPerPixel is given (default 60). */
  cellPx?: number;
  /** Only cameras inside this bbox (west, south, east, north): the visible area. */
  bbox?: readonly [number, number, number, number];
  /** Only cameras with one of these CAMERA_STATUS codes (legend toggles). */
  statuses?: readonly number[];
  /** Latitude used to turn metres into degrees; defaults to the first camera's. */
  refLat?: number;
}

/** Cell key of camera i under the options, or -1 when the camera is filtered out. */
function cellKeyer(m: CameraModel, opts: ClusterOptions): (i: number) => number {
  const cellM = opts.cellM ?? (opts.metresPerPixel ?? 0) * (opts.cellPx ?? 60);
  if (!(cellM > 0)) throw new RangeError('clusterCameras: cellM or metresPerPixel must be > 0');
  const refLat = opts.refLat ?? m.cameras[0]?.position[1] ?? 0;
  const mpd = metresPerDegree(refLat);
  const cw = cellM / mpd.lng;
  const ch = cellM / mpd.lat;
  const allowed = opts.statuses ? new Set(opts.statuses) : null;
  const bb = opts.bbox;
  return (i) => {
    const [x, y] = m.cameras[i].position;
    if (bb && (x < bb[0] || x > bb[2] || y < bb[1] || y > bb[3])) return -1;
    if (allowed && !allowed.has(m.status[i])) return -1;
    return (Math.floor(x / cw) + 1_048_576) * 2_097_152 + (Math.floor(y / ch) + 1_048_576);
  };
}

export function clusterCameras(m: CameraModel, opts: ClusterOptions): CameraCluster[] {
  const keyOf = cellKeyer(m, opts);
  const cells = new Map<number, CameraCluster>();
  for (let i = 0; i < m.cameras.length; i++) {
    const key = keyOf(i);
    if (key < 0) continue;
    const [x, y] = m.cameras[i].position;
    const st = m.status[i];
    let c = cells.get(key);
    if (!c) {
      c = { lng: 0, lat: 0, count: 0, worst: st, byStatus: [0, 0, 0, 0], single: i, key };
      cells.set(key, c);
    }
    c.lng += x;
    c.lat += y;
    c.count++;
    c.byStatus[st]++;
    if (CAMERA_STATUS_SEVERITY[st] > CAMERA_STATUS_SEVERITY[c.worst]) c.worst = st;
  }
  const out: CameraCluster[] = [];
  for (const c of cells.values()) {
    c.lng /= c.count;
    c.lat /= c.count;
    if (c.count > 1) c.single = -1;
    out.push(c);
  }
  return out;
}

/**
 * Metres per screen pixel for a camera at `heightM` above ground with a vertical field of view of
 * `fovYDeg` over `viewportPx` pixels: enough to size cells without reaching into the renderer.
 */
export function metresPerPixelAt(heightM: number, fovYDeg: number, viewportPx: number): number {
  return (2 * heightM * Math.tan((fovYDeg * Math.PI) / 360)) / Math.max(1, viewportPx);
}

/** The cameras of a cluster (a click on a cluster marker: list them or zoom to them). */
export function membersOfCluster(m: CameraModel, cluster: CameraCluster, opts: ClusterOptions): number[] {
  if (cluster.single >= 0) return [cluster.single];
  const keyOf = cellKeyer(m, opts);
  const out: number[] = [];
  for (let i = 0; i < m.cameras.length; i++) if (keyOf(i) === cluster.key) out.push(i);
  return out;
}

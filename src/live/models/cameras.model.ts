// The cameras layer's model: status per camera over the static Camera[] of the district, each
// camera's view cone on the ground, and "which cameras see this point". Renderer-free and
// browser-safe. State lives in typed arrays mutated in place (the wall holds 5,000+ cameras and a
// status batch must not copy them); `version` bumps on every change so a renderer knows to resync.
import { booleanPointInPolygon } from '@turf/turf';
import type { Camera, LngLat, Ring } from '../../domain/district.types.ts';
import { metresPerDegree } from '../../domain/geo.ts';

export type CameraStatusName = 'online' | 'fault' | 'offline' | 'unknown';
/** Status codes stored per camera. `unknown` until the relay's snapshot says otherwise. */
export const CAMERA_STATUS = { online: 0, fault: 1, offline: 2, unknown: 3 } as const;
export type CameraStatusCode = (typeof CAMERA_STATUS)[CameraStatusName];
export const CAMERA_STATUS_NAMES: readonly CameraStatusName[] = ['online', 'fault', 'offline', 'unknown'];
/**
 * How bad a status is, by code, for a cluster's "worst" colour. Offline ranks above fault: a faulty
 * camera may still give a degraded picture, an offline one gives none. Unknown sits just above
 * online so a cluster is not painted red merely because the snapshot has not arrived.
 */
export const CAMERA_STATUS_SEVERITY: readonly number[] = [0, 2, 3, 1];

export interface CameraModel {
  readonly cameras: readonly Camera[];
  readonly indexById: ReadonlyMap<string, number>;
  /** CAMERA_STATUS code per camera index. */
  readonly status: Uint8Array;
  /** Epoch ms of the status per camera index (0: never reported). */
  readonly statusAt: Float64Array;
  /** Cone bbox per camera: west, south, east, north interleaved. */
  readonly coneBBox: Float64Array;
  readonly bucketDeg: number;
  /** Bucket key -> camera indices whose cone bbox touches the bucket. */
  readonly buckets: ReadonlyMap<number, Int32Array>;
  readonly coneSegments: number;
  /** Bumps on every status change. */
  version: number;
  /** Status updates naming a camera not in the roster, or a status we do not know. */
  rejected: number;
}

export interface CameraModelOptions {
  /** Points on the cone's arc (more is rounder; 12 keeps a 90° cone within 1 % of its area). */
  coneSegments?: number;
  /** Bucket size of the point index, degrees (~0.004° ≈ 400 m at the demo latitude). */
  bucketDeg?: number;
}

const bucketKey = (ix: number, iy: number) => (ix + 1_048_576) * 2_097_152 + (iy + 1_048_576);

export function createCameraModel(cameras: readonly Camera[], opts: CameraModelOptions = {}): CameraModel {
  const n = cameras.length;
  const coneSegments = opts.coneSegments ?? 12;
  const bucketDeg = opts.bucketDeg ?? 0.004;
  const indexById = new Map<string, number>();
  const coneBBox = new Float64Array(n * 4);
  const lists = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = cameras[i];
    indexById.set(c.id, i);
    const b = coneBounds(c);
    coneBBox.set(b, i * 4);
    const x0 = Math.floor(b[0] / bucketDeg),
      x1 = Math.floor(b[2] / bucketDeg);
    const y0 = Math.floor(b[1] / bucketDeg),
      y1 = Math.floor(b[3] / bucketDeg);
    for (let ix = x0; ix <= x1; ix++) {
      for (let iy = y0; iy <= y1; iy++) {
        const key = bucketKey(ix, iy);
        let list = lists.get(key);
        if (!list) lists.set(key, (list = []));
        list.push(i);
      }
    }
  }
  const buckets = new Map<number, Int32Array>();
  for (const [k, v] of lists) buckets.set(k, Int32Array.from(v));
  return {
    cameras,
    indexById,
    status: new Uint8Array(n).fill(CAMERA_STATUS.unknown),
    statusAt: new Float64Array(n),
    coneBBox,
    bucketDeg,
    buckets,
    coneSegments,
    version: 0,
    rejected: 0,
  };
}

/** One status report as the relay gives it (snapshot rows and `camera` stream events). */
export interface CameraStatusUpdate {
  cameraId: string;
  status: string;
  at: number;
}

/**
 * Applies status reports in place. A report older than the one held is ignored (deltas of two
 * streets may interleave); an unknown camera or status is counted in `rejected`, never thrown.
 * Returns the model (reducer shape) after bumping `version` if anything changed.
 */
export function applyCameraStatuses(m: CameraModel, updates: readonly CameraStatusUpdate[]): CameraModel {
  let changed = false;
  for (const u of updates) {
    const i = m.indexById.get(u.cameraId);
    const code = CAMERA_STATUS[u.status as CameraStatusName];
    if (i === undefined || code === undefined || u.status === 'unknown' || !Number.isFinite(u.at)) {
      m.rejected++;
      continue;
    }
    if (u.at < m.statusAt[i]) continue;
    m.statusAt[i] = u.at;
    if (m.status[i] !== code) {
      m.status[i] = code;
      changed = true;
    }
  }
  if (changed) m.version++;
  return m;
}

export function cameraStatusOf(m: CameraModel, cameraId: string): CameraStatusName | null {
  const i = m.indexById.get(cameraId);
  return i === undefined ? null : CAMERA_STATUS_NAMES[m.status[i]];
}

/** Counts per status, for the legend and diagnostics. */
export function cameraStatusCounts(m: CameraModel): Record<CameraStatusName, number> {
  const out: Record<CameraStatusName, number> = { online: 0, fault: 0, offline: 0, unknown: 0 };
  for (let i = 0; i < m.status.length; i++) out[CAMERA_STATUS_NAMES[m.status[i]]]++;
  return out;
}

/**
 * The ground footprint of a camera's view: apex at the camera, an arc at `range` metres from
 * heading - fov/2 to heading + fov/2 (degrees clockwise from north). Metres become degrees at the
 * camera's latitude; at a few hundred metres the flat approximation is well under a metre off.
 * Returned counter-clockwise and closed (GeoJSON outer ring). A fov of 360° gives a disc.
 */
export function viewCone(c: Pick<Camera, 'position' | 'heading' | 'fov' | 'range'>, segments = 12): Ring {
  const [lng, lat] = c.position;
  const mpd = metresPerDegree(lat);
  const fov = Math.min(360, Math.max(0, c.fov));
  const range = Math.max(0, c.range);
  const at = (bearingDeg: number): LngLat => {
    const b = (bearingDeg * Math.PI) / 180;
    return [lng + (range * Math.sin(b)) / mpd.lng, lat + (range * Math.cos(b)) / mpd.lat];
  };
  const ring: Ring = [];
  if (fov >= 360) {
    // Bearings run clockwise; walking them backwards gives a counter-clockwise ring.
    for (let k = 0; k < segments * 2; k++) ring.push(at(c.heading - (360 * k) / (segments * 2)));
  } else {
    ring.push([lng, lat]);
    for (let k = 0; k <= segments; k++) ring.push(at(c.heading + fov / 2 - (fov * k) / segments));
  }
  ring.push(ring[0]);
  return ring;
}

/**
 * Bbox of the true sector (which holds the polygon: its vertices lie on the arc) without building
 * it: the apex, both ends of the arc, and each compass point the arc passes.
 */
function coneBounds(c: Camera): [number, number, number, number] {
  const [lng, lat] = c.position;
  const mpd = metresPerDegree(lat);
  const fov = Math.min(360, Math.max(0, c.fov));
  const range = Math.max(0, c.range);
  let w = lng,
    s = lat,
    e = lng,
    n = lat;
  const add = (bearingDeg: number) => {
    const b = (bearingDeg * Math.PI) / 180;
    const x = lng + (range * Math.sin(b)) / mpd.lng;
    const y = lat + (range * Math.cos(b)) / mpd.lat;
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  };
  const from = c.heading - fov / 2;
  add(from);
  add(from + fov);
  for (const compass of [0, 90, 180, 270]) if ((((compass - from) % 360) + 360) % 360 <= fov) add(compass);
  return [w, s, e, n];
}

const coneCache = new WeakMap<CameraModel, Map<number, { type: 'Polygon'; coordinates: Ring[] }>>();

/** The cone of camera `i` as a GeoJSON polygon, built once per model and cached. */
export function coneOf(m: CameraModel, i: number): { type: 'Polygon'; coordinates: Ring[] } {
  let cache = coneCache.get(m);
  if (!cache) coneCache.set(m, (cache = new Map()));
  let poly = cache.get(i);
  if (!poly) cache.set(i, (poly = { type: 'Polygon', coordinates: [viewCone(m.cameras[i], m.coneSegments)] }));
  return poly;
}

export interface SeeingOptions {
  /** Only cameras whose status is online (a panel showing "who can show me this now"). */
  onlineOnly?: boolean;
}

/**
 * Indices of the cameras whose view cone contains the point, nearest camera first. The bucket
 * index narrows 5,000+ cameras to the handful whose cone bbox covers the point; turf then decides
 * on the cone polygon itself.
 */
export function camerasSeeing(m: CameraModel, point: LngLat, opts: SeeingOptions = {}): number[] {
  const list = m.buckets.get(bucketKey(Math.floor(point[0] / m.bucketDeg), Math.floor(point[1] / m.bucketDeg)));
  if (!list) return [];
  const hits: number[] = [];
  const b = m.coneBBox;
  for (let k = 0; k < list.length; k++) {
    const i = list[k];
    if (point[0] < b[4 * i] || point[0] > b[4 * i + 2] || point[1] < b[4 * i + 1] || point[1] > b[4 * i + 3]) continue;
    if (opts.onlineOnly && m.status[i] !== CAMERA_STATUS.online) continue;
    if (booleanPointInPolygon(point, coneOf(m, i))) hits.push(i);
  }
  const mpd = metresPerDegree(point[1]);
  const d2 = (i: number) => {
    const p = m.cameras[i].position;
    return ((p[0] - point[0]) * mpd.lng) ** 2 + ((p[1] - point[1]) * mpd.lat) ** 2;
  };
  return hits.sort((x, y) => d2(x) - d2(y));
}

/** Same as camerasSeeing, as camera ids. */
export function cameraIdsSeeing(m: CameraModel, point: LngLat, opts?: SeeingOptions): string[] {
  return camerasSeeing(m, point, opts).map((i) => m.cameras[i].id);
}

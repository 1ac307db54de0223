// WGS84 conversions and local east-north-up frames. Buildings are placed through exact ECEF so a
// building 3 km from its frame's origin still stands on the ellipsoid (the tangent plane there is
// already ~0.7 m above the ground), and walls follow the local vertical.

const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const DEG = Math.PI / 180;

export type Vec3 = [number, number, number];
/** Column-major 4x4, the layout of glTF and 3D Tiles `transform`. */
export type Mat4 = number[];

export function geodeticToEcef(lng: number, lat: number, h: number): Vec3 {
  const lam = lng * DEG;
  const phi = lat * DEG;
  const sinPhi = Math.sin(phi);
  const cosPhi = Math.cos(phi);
  const n = A / Math.sqrt(1 - E2 * sinPhi * sinPhi);
  return [(n + h) * cosPhi * Math.cos(lam), (n + h) * cosPhi * Math.sin(lam), (n * (1 - E2) + h) * sinPhi];
}

/** Inverse of geodeticToEcef; returns [lng, lat, h] in degrees and metres (Bowring + refinement). */
export function ecefToGeodetic(p: Vec3): Vec3 {
  const [x, y, z] = p;
  const lng = Math.atan2(y, x);
  const r = Math.hypot(x, y);
  let lat = Math.atan2(z, r * (1 - E2));
  let h = 0;
  for (let i = 0; i < 6; i++) {
    const sinLat = Math.sin(lat);
    const n = A / Math.sqrt(1 - E2 * sinLat * sinLat);
    h = r / Math.cos(lat) - n;
    lat = Math.atan2(z, r * (1 - (E2 * n) / (n + h)));
  }
  return [lng / DEG, lat / DEG, h];
}

export interface EnuFrame {
  origin: Vec3;
  east: Vec3;
  north: Vec3;
  up: Vec3;
  /** ENU -> ECEF, column-major */
  matrix: Mat4;
}

export function enuFrame(lng: number, lat: number): EnuFrame {
  const lam = lng * DEG;
  const phi = lat * DEG;
  const origin = geodeticToEcef(lng, lat, 0);
  const east: Vec3 = [-Math.sin(lam), Math.cos(lam), 0];
  const north: Vec3 = [-Math.sin(phi) * Math.cos(lam), -Math.sin(phi) * Math.sin(lam), Math.cos(phi)];
  const up: Vec3 = [Math.cos(phi) * Math.cos(lam), Math.cos(phi) * Math.sin(lam), Math.sin(phi)];
  const matrix = [...east, 0, ...north, 0, ...up, 0, ...origin, 1];
  return { origin, east, north, up, matrix };
}

/** Geodetic position -> [east, north, up] metres in the frame. */
export function toEnu(frame: EnuFrame, lng: number, lat: number, h: number): Vec3 {
  const p = geodeticToEcef(lng, lat, h);
  const d0 = p[0] - frame.origin[0];
  const d1 = p[1] - frame.origin[1];
  const d2 = p[2] - frame.origin[2];
  const { east: e, north: n, up: u } = frame;
  return [d0 * e[0] + d1 * e[1] + d2 * e[2], d0 * n[0] + d1 * n[1] + d2 * n[2], d0 * u[0] + d1 * u[1] + d2 * u[2]];
}

export function transformPoint(m: Mat4, p: Vec3): Vec3 {
  return [
    m[0] * p[0] + m[4] * p[1] + m[8] * p[2] + m[12],
    m[1] * p[0] + m[5] * p[1] + m[9] * p[2] + m[13],
    m[2] * p[0] + m[6] * p[1] + m[10] * p[2] + m[14],
  ];
}

export function multiply(a: Mat4, b: Mat4): Mat4 {
  const out = new Array<number>(16).fill(0);
  for (let c = 0; c < 4; c++) {
    for (let r = 0; r < 4; r++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[k * 4 + r] * b[c * 4 + k];
      out[c * 4 + r] = s;
    }
  }
  return out;
}

/**
 * glTF is y-up; 3D Tiles rotates glTF content +90° about X into its z-up frame (3D Tiles spec
 * "glTF transforms", Cesium Axis.Y_UP_TO_Z_UP). So ENU (e, n, u) is stored as glTF (e, u, -n).
 */
export const Y_UP_TO_Z_UP: Mat4 = [1, 0, 0, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 1];

export const METRES_PER_DEG_LAT = 111_320;
export function metresPerDegLng(lat: number): number {
  return METRES_PER_DEG_LAT * Math.cos(lat * DEG);
}

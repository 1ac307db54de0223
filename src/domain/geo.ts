// Small geometry helpers on WGS84 [lng, lat] shared by the generator, the server and the wall.
// Pure and dependency-free so they run in the browser bundle as well as in Node.
import type { LngLat, PolygonCoords, Ring } from './district.types.ts';

export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

export type BBox = [number, number, number, number]; // west, south, east, north

/** Great-circle distance in metres. */
export function haversineM(a: LngLat, b: LngLat): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLng = (b[0] - a[0]) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Metres per degree of latitude and of longitude at a latitude (spherical Earth). */
export function metresPerDegree(lat: number): { lat: number; lng: number } {
  const perDeg = EARTH_RADIUS_M * RAD;
  return { lat: perDeg, lng: perDeg * Math.cos(lat * RAD) };
}

/** Moves a position by dx metres east and dy metres north. */
export function offsetByMetres(p: LngLat, dx: number, dy: number): LngLat {
  const m = metresPerDegree(p[1]);
  return [p[0] + dx / m.lng, p[1] + dy / m.lat];
}

/** East/north metres from `origin` to `p` (local equirectangular approximation). */
export function metresBetween(origin: LngLat, p: LngLat): { dx: number; dy: number } {
  const m = metresPerDegree(origin[1]);
  return { dx: (p[0] - origin[0]) * m.lng, dy: (p[1] - origin[1]) * m.lat };
}

export function bboxOfPoints(points: readonly LngLat[]): BBox {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const [x, y] of points) {
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  return [w, s, e, n];
}

export function bboxOfPolygon(polygon: PolygonCoords): BBox {
  return bboxOfPoints(polygon[0] ?? []);
}

export function bboxContains(b: BBox, p: LngLat): boolean {
  return p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3];
}

/** Even-odd ray casting on one ring; points exactly on an edge may go either way. */
export function pointInRing(p: LngLat, ring: Ring): boolean {
  const [x, y] = p;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole. */
export function pointInPolygon(p: LngLat, polygon: PolygonCoords): boolean {
  if (polygon.length === 0 || !pointInRing(p, polygon[0])) return false;
  for (let i = 1; i < polygon.length; i++) if (pointInRing(p, polygon[i])) return false;
  return true;
}

/** Signed planar area in squared degrees: positive when counter-clockwise. */
export function ringSignedArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return s / 2;
}

export function isCounterClockwise(ring: Ring): boolean {
  return ringSignedArea(ring) > 0;
}

/** Spherical area of a ring in m² (the same formula as turf/d3), sign dropped. */
export function ringAreaM2(ring: Ring): number {
  const n = ring.length;
  if (n < 3) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const lower = ring[i];
    const middle = ring[(i + 1) % n];
    const upper = ring[(i + 2) % n];
    total += (upper[0] * RAD - lower[0] * RAD) * Math.sin(middle[1] * RAD);
  }
  return Math.abs((total * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

/** Polygon area in km² (outer ring minus holes). */
export function polygonAreaKm2(polygon: PolygonCoords): number {
  if (polygon.length === 0) return 0;
  let m2 = ringAreaM2(polygon[0]);
  for (let i = 1; i < polygon.length; i++) m2 -= ringAreaM2(polygon[i]);
  return m2 / 1e6;
}

/** Area-weighted centroid of the outer ring (may fall outside a concave ring). */
export function ringCentroid(ring: Ring): LngLat {
  return planarCentroid(ring, 1e-18);
}

/**
 * Area-weighted centroid of a ring of any planar [x, y] (degrees here, metres in the generator);
 * below `degenerate` doubled area the first vertex stands in.
 */
export function planarCentroid(ring: readonly (readonly [number, number])[], degenerate: number): [number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  const [ox, oy] = ring[0];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0] - ox;
    const yi = ring[i][1] - oy;
    const xj = ring[j][0] - ox;
    const yj = ring[j][1] - oy;
    const f = xj * yi - xi * yj;
    a += f;
    cx += (xj + xi) * f;
    cy += (yj + yi) * f;
  }
  if (Math.abs(a) < degenerate) return [ox, oy];
  return [ox + cx / (3 * a), oy + cy / (3 * a)];
}

/** Length of a polyline in metres. */
export function lineLengthM(points: readonly LngLat[]): number {
  let s = 0;
  for (let i = 1; i < points.length; i++) s += haversineM(points[i - 1], points[i]);
  return s;
}

// Planar geometry in a local metric frame (x metres east, y metres north of the district centre).
// The generator works in metres so sizes, setbacks and clearances read naturally, and converts to
// WGS84 only when writing files.
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { LngLat, PolygonCoords, Ring } from '../../src/domain/district.types.ts';
import {
  metresPerDegree,
  planarCentroid,
  pointInRing as geoPointInRing,
  ringSignedArea,
} from '../../src/domain/geo.ts';

export type XY = [number, number];
/** closed ring (first == last) in metres */
export type PRing = XY[];

export const ORIGIN: LngLat = [108.77, 29.53];
const M = metresPerDegree(ORIGIN[1]);

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

export function toLngLat(p: XY): LngLat {
  return [round6(ORIGIN[0] + p[0] / M.lng), round6(ORIGIN[1] + p[1] / M.lat)];
}
export function fromLngLat(p: LngLat): XY {
  return [(p[0] - ORIGIN[0]) * M.lng, (p[1] - ORIGIN[1]) * M.lat];
}

/** Rounds a point to where it will land in the files (1e-6 degree), so that what the generator
 * decides (which grid a point is in, clearances) holds exactly for the written coordinates. */
export function snap(p: XY): XY {
  return fromLngLat(toLngLat(p));
}
export function snapRing(ring: PRing): PRing {
  const out: PRing = [];
  for (const p of ring) {
    const q = snap(p);
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  return closeRing(out);
}

/** Ring to WGS84, dropping vertices that collapse onto their neighbour after rounding. */
export function ringToLngLat(ring: PRing): Ring {
  const out: Ring = [];
  for (const p of ring) {
    const q = toLngLat(p);
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  if (out.length > 1) {
    const a = out[0];
    const b = out[out.length - 1];
    if (a[0] !== b[0] || a[1] !== b[1]) out.push([a[0], a[1]]);
  }
  return out;
}
export function polyToLngLat(ring: PRing): PolygonCoords {
  return [ringToLngLat(ring)];
}

// The planar ring maths is geo.ts's: it works on any [x, y], here metres.
export const signedArea = (ring: PRing): number => ringSignedArea(ring);
export const area = (ring: PRing) => Math.abs(signedArea(ring));

export function closeRing(pts: XY[]): PRing {
  const r = pts.slice();
  const a = r[0];
  const b = r[r.length - 1];
  if (a[0] !== b[0] || a[1] !== b[1]) r.push([a[0], a[1]]);
  return r;
}
export function ccw(ring: PRing): PRing {
  return signedArea(ring) < 0 ? ring.slice().reverse() : ring;
}

export const centroid = (ring: PRing): XY => planarCentroid(ring, 1e-9);
export const pointInRing = (p: XY, ring: PRing): boolean => geoPointInRing(p, ring);

export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}
export function boxOf(pts: readonly XY[]): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of pts) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}

export const dist = (a: XY, b: XY) => Math.hypot(a[0] - b[0], a[1] - b[1]);

export function pointSegDist(p: XY, a: XY, b: XY): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const l2 = dx * dx + dy * dy;
  let t = l2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2 : 0;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function orient(a: XY, b: XY, c: XY): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}
export function segmentsCross(a: XY, b: XY, c: XY, d: XY): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  return o1 * o2 < 0 && o3 * o4 < 0;
}
export function segSegDist(a: XY, b: XY, c: XY, d: XY): number {
  if (segmentsCross(a, b, c, d)) return 0;
  return Math.min(pointSegDist(a, c, d), pointSegDist(b, c, d), pointSegDist(c, a, b), pointSegDist(d, a, b));
}

/** Smallest distance between a closed ring and a polyline (0 if they cross or the line is inside). */
export function ringLineDist(ring: PRing, line: readonly XY[]): number {
  let best = Infinity;
  for (let i = 1; i < ring.length; i++) {
    for (let j = 1; j < line.length; j++) {
      const d = segSegDist(ring[i - 1], ring[i], line[j - 1], line[j]);
      if (d < best) best = d;
      if (best === 0) return 0;
    }
  }
  if (line.length > 0 && pointInRing(line[0], ring)) return 0;
  return best;
}

export function rotate(p: XY, angle: number): XY {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [p[0] * c - p[1] * s, p[0] * s + p[1] * c];
}

/** Andrew's monotone chain; returns a closed CCW ring. */
export function convexHull(points: readonly XY[]): PRing {
  const pts = points.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const lower: XY[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && orient(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: XY[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && orient(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  upper.pop();
  lower.pop();
  return closeRing(lower.concat(upper));
}

/** Boolean operations through turf (polyclip); results as lists of outer rings (holes dropped). */
type Geo = Feature<Polygon | MultiPolygon> | null;
function parts(g: Geo): PRing[] {
  if (!g) return [];
  const polys = g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates;
  return polys.map((p) => ccw(p[0] as PRing)).filter((r) => area(r) > 1e-6);
}
const poly = (r: PRing) => turf.polygon([r]);
export function intersectRings(a: PRing, b: PRing): PRing[] {
  return parts(turf.intersect(turf.featureCollection([poly(a), poly(b)])) as Geo);
}
export function unionRings(a: PRing, b: PRing): PRing[] {
  return parts(turf.union(turf.featureCollection([poly(a), poly(b)])) as Geo);
}
export function differenceRings(a: PRing, b: PRing): PRing[] {
  return parts(turf.difference(turf.featureCollection([poly(a), poly(b)])) as Geo);
}
/** true if a union produced holes (we only keep outer rings, so callers must avoid them) */
export function unionHasHoles(a: PRing, b: PRing): boolean {
  const g = turf.union(turf.featureCollection([poly(a), poly(b)])) as Geo;
  if (!g) return false;
  const polys = g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates;
  return polys.some((p) => p.length > 1);
}

// Per-feature checks of imported boundaries. Each problem names the file, the feature (its id,
// else its name, else its position in the file) and what is wrong, so a district's GIS team can
// fix the source. Errors drop the feature; warnings keep it; --strict fails on either.

import { kinks, polygon as turfPolygon } from '@turf/turf';
import type { LngLat, PolygonCoords } from '../../src/domain/district.types.ts';
import { bboxOfPolygon, metresPerDegree, pointInPolygon, type BBox } from '../../src/domain/geo.ts';

export type ProblemCode =
  | 'empty-geometry'
  | 'not-closed'
  | 'self-intersecting'
  | 'missing-name'
  | 'duplicate-id'
  | 'outside-parent'
  | 'no-parent'
  | 'overlaps-sibling'
  | 'multi-part'
  | 'bad-value';

export interface Problem {
  file: string;
  level: string;
  /** how the report names the feature: `id 5001140010 (城西社区)` or `#12` */
  feature: string;
  code: ProblemCode;
  severity: 'error' | 'warning';
  message: string;
}

export function describeFeature(index: number, id: string | null, name: string | null): string {
  if (id && name) return `id ${id} (${name})`;
  if (id) return `id ${id}`;
  if (name) return `#${index} (${name})`;
  return `#${index}`;
}

/** Geometry problems of one polygon as read from the source (before any repair). */
export function geometryProblems(rings: [number, number][][]): { code: ProblemCode; message: string }[] {
  const outer = rings[0];
  if (!outer || outer.length === 0) return [{ code: 'empty-geometry', message: 'has no geometry' }];
  const bad = outer.some((p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1]));
  if (bad) return [{ code: 'empty-geometry', message: 'has coordinates that are not numbers' }];
  const out: { code: ProblemCode; message: string }[] = [];
  for (const [k, r] of rings.entries()) {
    const first = r[0];
    const last = r[r.length - 1];
    if (first[0] !== last[0] || first[1] !== last[1]) {
      out.push({
        code: 'not-closed',
        message: `${k === 0 ? 'outer ring' : `hole ${k}`} is not closed (first point ≠ last point)`,
      });
    }
  }
  const closed = rings.map(closeRing);
  if (closed[0].length < 4 || distinctPoints(closed[0]) < 3)
    return [...out, { code: 'empty-geometry', message: 'outer ring has fewer than 3 distinct points' }];
  if (out.length === 0) {
    try {
      const k = kinks(turfPolygon(closed.filter((r) => r.length >= 4)));
      if (k.features.length > 0) {
        const [x, y] = k.features[0].geometry.coordinates;
        out.push({
          code: 'self-intersecting',
          message: `ring crosses itself (${k.features.length} crossing${k.features.length > 1 ? 's' : ''}, first near ${x.toFixed(6)}, ${y.toFixed(6)})`,
        });
      }
    } catch (err) {
      out.push({
        code: 'empty-geometry',
        message: `unreadable polygon: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }
  return out;
}

export function closeRing(r: [number, number][]): [number, number][] {
  if (r.length === 0) return r;
  const f = r[0];
  const l = r[r.length - 1];
  return f[0] === l[0] && f[1] === l[1] ? r : [...r, f];
}

function distinctPoints(r: [number, number][]): number {
  return new Set(r.map((p) => `${p[0]},${p[1]}`)).size;
}

/** Distance in metres from p to the nearest edge of the polygon's rings (local planar). */
export function distanceToBoundaryM(p: LngLat, polygon: PolygonCoords): number {
  const m = metresPerDegree(p[1]);
  let best = Infinity;
  for (const ring of polygon) {
    for (let i = 1; i < ring.length; i++) {
      const ax = (ring[i - 1][0] - p[0]) * m.lng;
      const ay = (ring[i - 1][1] - p[1]) * m.lat;
      const bx = (ring[i][0] - p[0]) * m.lng;
      const by = (ring[i][1] - p[1]) * m.lat;
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2)) : 0;
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  }
  return best;
}

/**
 * How far the child strays outside its parent: the worst vertex distance outside, in metres.
 * Neighbouring layers are digitised separately, so a few metres of disagreement is normal.
 */
export function outsideByM(child: PolygonCoords, parent: PolygonCoords): number {
  let worst = 0;
  for (const p of child[0]) {
    if (pointInPolygon(p, parent)) continue;
    worst = Math.max(worst, distanceToBoundaryM(p, parent));
  }
  return worst;
}

/** Depth in metres by which `a` reaches into `b`: the deepest vertex of either inside the other. */
export function overlapDepthM(a: PolygonCoords, b: PolygonCoords): number {
  let worst = 0;
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    for (const p of x[0]) if (pointInPolygon(p, y)) worst = Math.max(worst, distanceToBoundaryM(p, y));
  }
  return worst;
}

/** Pairs of units whose bounding boxes meet, found through a uniform grid of cells. */
export function candidatePairs(boxes: BBox[]): [number, number][] {
  if (boxes.length < 2) return [];
  const w = Math.min(...boxes.map((b) => b[0]));
  const s = Math.min(...boxes.map((b) => b[1]));
  const avg = boxes.reduce((a, b) => a + Math.max(b[2] - b[0], b[3] - b[1]), 0) / boxes.length || 1e-6;
  const key = (i: number, j: number) => `${i}:${j}`;
  const cells = new Map<string, number[]>();
  boxes.forEach((b, k) => {
    for (let i = Math.floor((b[0] - w) / avg); i <= Math.floor((b[2] - w) / avg); i++) {
      for (let j = Math.floor((b[1] - s) / avg); j <= Math.floor((b[3] - s) / avg); j++) {
        const list = cells.get(key(i, j)) ?? [];
        list.push(k);
        cells.set(key(i, j), list);
      }
    }
  });
  const seen = new Set<number>();
  const pairs: [number, number][] = [];
  const n = boxes.length;
  for (const list of cells.values()) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const a = Math.min(list[x], list[y]);
        const c = Math.max(list[x], list[y]);
        const id = a * n + c;
        if (seen.has(id)) continue;
        seen.add(id);
        const A = boxes[a];
        const B = boxes[c];
        if (A[0] <= B[2] && B[0] <= A[2] && A[1] <= B[3] && B[1] <= A[3]) pairs.push([a, c]);
      }
    }
  }
  return pairs;
}

export { bboxOfPolygon };

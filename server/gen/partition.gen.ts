// Splits a polygon into one single-part polygon per site: Voronoi cells clipped to the parent, with
// any stray pieces (a cell crossing a bay of a concave parent) merged into the neighbour sharing the
// longest boundary, so siblings tile the parent without gaps, overlaps or MultiPolygons.
import * as turf from '@turf/turf';
import type { Rng } from '../../src/domain/seeded-random.ts';
import {
  area,
  centroid as centroidOf,
  boxOf,
  intersectRings,
  pointInRing,
  pointSegDist,
  unionHasHoles,
  unionRings,
  type PRing,
  type XY,
} from './plane.ts';

export interface PartitionStats {
  strays: number;
  merged: number;
  dropped: number;
  droppedAreaM2: number;
}
export const partitionStats: PartitionStats = { strays: 0, merged: 0, dropped: 0, droppedAreaM2: 0 };

function voronoiCells(sites: XY[], parent: PRing): PRing[] {
  const b = boxOf(parent);
  const pad = Math.max(b.maxX - b.minX, b.maxY - b.minY);
  const fc = turf.voronoi(turf.featureCollection(sites.map((s) => turf.point(s))), {
    bbox: [
      Math.min(b.minX, ...sites.map((s) => s[0])) - pad,
      Math.min(b.minY, ...sites.map((s) => s[1])) - pad,
      Math.max(b.maxX, ...sites.map((s) => s[0])) + pad,
      Math.max(b.maxY, ...sites.map((s) => s[1])) + pad,
    ],
  });
  return fc.features.map((f, i) => {
    if (!f || !f.geometry) throw new Error(`voronoi: no cell for site ${i} (duplicate site?)`);
    return f.geometry.coordinates[0] as PRing;
  });
}

function sharedLength(stray: PRing, other: PRing): number {
  const ob = boxOf(other);
  let total = 0;
  for (let i = 1; i < stray.length; i++) {
    const a = stray[i - 1];
    const b = stray[i];
    const m: XY = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    if (m[0] < ob.minX - 1 || m[0] > ob.maxX + 1 || m[1] < ob.minY - 1 || m[1] > ob.maxY + 1) continue;
    for (let j = 1; j < other.length; j++) {
      if (pointSegDist(m, other[j - 1], other[j]) < 0.05) {
        total += Math.hypot(b[0] - a[0], b[1] - a[1]);
        break;
      }
    }
  }
  return total;
}

export function partition(parent: PRing, sites: XY[]): PRing[] {
  if (sites.length === 1) return [parent];
  const cells = voronoiCells(sites, parent);
  const out: PRing[] = [];
  const strays: { ring: PRing; owner: number }[] = [];
  cells.forEach((cell, i) => {
    const pieces = intersectRings(parent, cell);
    if (pieces.length === 0) throw new Error(`partition: site ${i} has an empty cell`);
    let main = pieces.findIndex((p) => pointInRing(sites[i], p));
    if (main < 0) main = pieces.reduce((bi, p, k) => (area(p) > area(pieces[bi]) ? k : bi), 0);
    out.push(pieces[main]);
    pieces.forEach((p, k) => k !== main && strays.push({ ring: p, owner: i }));
  });
  for (const s of strays) {
    partitionStats.strays++;
    const ranked = out
      .map((r, j) => ({ j, len: j === s.owner ? -1 : sharedLength(s.ring, r) }))
      .filter((c) => c.len > 0)
      .sort((a, b) => b.len - a.len || a.j - b.j);
    let done = false;
    for (const c of ranked) {
      const u = unionRings(out[c.j], s.ring);
      if (u.length === 1 && !unionHasHoles(out[c.j], s.ring)) {
        out[c.j] = u[0];
        partitionStats.merged++;
        done = true;
        break;
      }
    }
    if (!done) {
      partitionStats.dropped++;
      partitionStats.droppedAreaM2 += area(s.ring);
    }
  }
  return out;
}

/** Uniform point inside a ring (rejection sampling in its bounding box). */
export function randomPointIn(ring: PRing, rng: Rng, accept?: (p: XY) => boolean): XY {
  const b = boxOf(ring);
  for (let t = 0; t < 10_000; t++) {
    const p: XY = [rng.range(b.minX, b.maxX), rng.range(b.minY, b.maxY)];
    if (pointInRing(p, ring) && (!accept || accept(p))) return p;
  }
  throw new Error('randomPointIn: no point found');
}

/**
 * Mitchell's best-candidate sampling: well spread sites, each the farthest of k candidates from
 * the sites already placed (and from `avoid`), so Voronoi children come out of similar size.
 */
export function spreadSites(
  ring: PRing,
  n: number,
  rng: Rng,
  opts: { avoid?: XY[]; k?: number; accept?: (p: XY) => boolean; first?: XY[] } = {},
): XY[] {
  const k = opts.k ?? 12;
  const chosen: XY[] = opts.first ? opts.first.slice() : [];
  const avoid = opts.avoid ?? [];
  while (chosen.length < n) {
    let best: XY | null = null;
    let bestD = -1;
    for (let c = 0; c < k; c++) {
      const p = randomPointIn(ring, rng, opts.accept);
      let d = Infinity;
      for (const q of chosen) d = Math.min(d, Math.hypot(p[0] - q[0], p[1] - q[1]));
      for (const q of avoid) d = Math.min(d, Math.hypot(p[0] - q[0], p[1] - q[1]) * 1.3);
      if (d > bestD) {
        bestD = d;
        best = p;
      }
    }
    chosen.push(best as XY);
  }
  return chosen;
}

/**
 * One Lloyd step: each site moves to the centroid of its clipped cell (when that stays inside the
 * parent), which evens out cell sizes and removes slivers.
 */
export function relaxSites(parent: PRing, sites: XY[], rounds = 1): XY[] {
  let cur = sites;
  for (let r = 0; r < rounds && cur.length > 1; r++) {
    const cells = partition(parent, cur);
    cur = cells.map((cell, i) => {
      const c = centroidOf(cell);
      return pointInRing(c, parent) && pointInRing(c, cell) ? c : cur[i];
    });
  }
  return cur;
}

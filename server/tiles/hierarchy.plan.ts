// Plans the tile tree before any geometry is made: root -> one subtree per urban patch -> quadtree
// split by building count. Leaves hold every building at full detail (each building in exactly
// one leaf, chosen by its footprint centroid); internal tiles hold a simplified stand-in made of
// the most voluminous buildings below them, so REPLACE refinement shows a whole patch from one GLB
// at district scale and swaps in detail only where the camera comes close.

import type { Building } from '../../src/domain/district.types.ts';
import { openRing } from './extrude.mesh.ts';

export interface PlanOptions {
  /** a tile with more buildings than this is split */
  leafCap: number;
  /** how many stand-in buildings an internal tile draws at most */
  internalCap: number;
  /** internal tiles draw at most this share of the buildings below them */
  internalShare: number;
  maxDepth: number;
}

export const DEFAULT_PLAN: PlanOptions = { leafCap: 450, internalCap: 1500, internalShare: 0.4, maxDepth: 10 };

export interface PlanNode {
  /** unique, filesystem-safe: patch id + quadrant path, e.g. P01-r, P01-r03 */
  key: string;
  patchId: string;
  depth: number;
  /** every building below this node */
  buildings: Building[];
  children: PlanNode[];
  /** what this node's own GLB draws; empty for none */
  content: Building[];
  simplified: boolean;
}

export function centroid(b: Building): [number, number] {
  const ring = openRing(b.footprint);
  let x = 0;
  let y = 0;
  for (const [lng, lat] of ring) {
    x += lng;
    y += lat;
  }
  return [x / ring.length, y / ring.length];
}

function footprintAreaM2(b: Building): number {
  const ring = openRing(b.footprint);
  const lat0 = ring[0][1];
  const kx = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  }
  return Math.abs(s / 2) * kx * 111_320;
}

/** What a distant viewer notices first: big, tall volumes. Ties broken by id for determinism. */
function pickStandIns(buildings: Building[], count: number): Building[] {
  const scored = buildings.map((b) => ({ b, s: footprintAreaM2(b) * Math.max(b.height, 1) }));
  scored.sort((p, q) => q.s - p.s || (p.b.id < q.b.id ? -1 : p.b.id > q.b.id ? 1 : 0));
  return scored
    .slice(0, count)
    .map((x) => x.b)
    .sort(byId);
}

function byId(a: Building, b: Building): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function split(node: PlanNode, centers: Map<Building, [number, number]>, opts: PlanOptions): void {
  const n = node.buildings.length;
  if (n <= opts.leafCap || node.depth >= opts.maxDepth) {
    node.content = node.buildings;
    node.simplified = false;
    return;
  }
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const b of node.buildings) {
    const [x, y] = centers.get(b)!;
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const midX = (minX + maxX) / 2;
  const midY = (minY + maxY) / 2;
  const quads: Building[][] = [[], [], [], []];
  for (const b of node.buildings) {
    const [x, y] = centers.get(b)!;
    quads[(x >= midX ? 1 : 0) + (y >= midY ? 2 : 0)].push(b);
  }
  if (quads.filter((q) => q.length > 0).length < 2) {
    // All centroids coincide: nothing to split on, keep everything in one leaf.
    node.content = node.buildings;
    node.simplified = false;
    return;
  }
  quads.forEach((q, i) => {
    if (q.length === 0) return;
    const child: PlanNode = {
      key: `${node.key}${i}`,
      patchId: node.patchId,
      depth: node.depth + 1,
      buildings: q,
      children: [],
      content: [],
      simplified: false,
    };
    split(child, centers, opts);
    node.children.push(child);
  });
  node.content = pickStandIns(node.buildings, Math.min(opts.internalCap, Math.ceil(n * opts.internalShare)));
  node.simplified = true;
}

/** One tree per patch, patches in id order; buildings with unknown patch ids still get a tree. */
export function planTiles(buildings: Building[], opts: PlanOptions = DEFAULT_PLAN): PlanNode[] {
  const byPatch = new Map<string, Building[]>();
  for (const b of buildings) {
    if (openRing(b.footprint).length < 3 || !(b.height > 0)) continue;
    const list = byPatch.get(b.patchId) ?? [];
    list.push(b);
    byPatch.set(b.patchId, list);
  }
  const centers = new Map<Building, [number, number]>();
  for (const b of buildings) centers.set(b, centroid(b));
  return [...byPatch.keys()].sort().map((patchId) => {
    const list = byPatch.get(patchId)!.sort(byId);
    const root: PlanNode = {
      key: `${patchId.replace(/[^A-Za-z0-9_-]/g, '_')}-r`,
      patchId,
      depth: 0,
      buildings: list,
      children: [],
      content: [],
      simplified: false,
    };
    split(root, centers, opts);
    return root;
  });
}

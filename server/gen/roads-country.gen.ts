// The road graph's country part (roads.gen.ts builds the town lattices): bridges over the river,
// winding rural roads linking every town seat to the city, village roads so that every grid holds a
// road node, and the links that make the whole graph one connected network.
import type { RoadClass } from '../../src/domain/district.types.ts';
import type { HierarchyG } from './hierarchy.gen.ts';
import { NameBook, type Named } from './names.gen.ts';
import type { Rng } from '../../src/domain/seeded-random.ts';
import { boxOf, centroid, dist, pointInRing, type XY } from './plane.ts';
import { BucketIndex } from './spatial-index.gen.ts';

export interface EdgeG {
  from: number;
  to: number;
  cls: RoadClass;
  name: Named;
  via?: XY[];
}

function nearestOf(candidates: number[], nodes: XY[], p: XY): number {
  let best = -1;
  let bd = Infinity;
  for (const n of candidates) {
    const d = dist(nodes[n], p);
    if (d < bd) {
      bd = d;
      best = n;
    }
  }
  return best;
}

export function addBridges(
  h: HierarchyG,
  rng: Rng,
  nodes: XY[],
  edges: EdgeG[],
  perimeter: Map<string, number[]>,
  names: NameBook,
): void {
  const west = perimeter.get(h.patches[0].id) ?? [];
  const east = perimeter.get(h.patches[1].id) ?? [];
  const rc = h.river.centre;
  let lastY = Infinity;
  for (let i = 1; i < rc.length - 1; i++) {
    const q = rc[i];
    if (!pointInRing(q, h.urbanArea) || Math.abs(q[1] - lastY) < 650) continue;
    const a = rc[i - 1];
    const b = rc[i + 1];
    const len = dist(a, b);
    const n: XY = [-(b[1] - a[1]) / len, (b[0] - a[0]) / len];
    const wn = nearestOf(west, nodes, [q[0] - n[0] * 90, q[1] - n[1] * 90]);
    const en = nearestOf(east, nodes, [q[0] + n[0] * 90, q[1] + n[1] * 90]);
    if (wn < 0 || en < 0 || dist(nodes[wn], nodes[en]) > 400) continue;
    const base = names.urban();
    edges.push({ from: wn, to: en, cls: 'arterial', name: { zh: `${base.zh}大桥`, en: `${base.en} Bridge` } });
    lastY = q[1];
    void rng;
  }
}

/** Prim's minimum spanning tree over points; returns [a, b] index pairs. */
export function mstPairs(points: XY[]): [number, number][] {
  const n = points.length;
  const inTree = new Array<boolean>(n).fill(false);
  const best = new Array<number>(n).fill(Infinity);
  const from = new Array<number>(n).fill(-1);
  best[0] = 0;
  const out: [number, number][] = [];
  for (let k = 0; k < n; k++) {
    let v = -1;
    for (let i = 0; i < n; i++) if (!inTree[i] && (v < 0 || best[i] < best[v])) v = i;
    inTree[v] = true;
    if (from[v] >= 0) out.push([from[v], v]);
    for (let i = 0; i < n; i++) {
      if (inTree[i]) continue;
      const d = dist(points[v], points[i]);
      if (d < best[i]) {
        best[i] = d;
        from[i] = v;
      }
    }
  }
  return out;
}

/** A winding chain of nodes from a to b (mountain roads are never straight). */
function windingChain(
  rng: Rng,
  nodes: XY[],
  edges: EdgeG[],
  a: number,
  b: number,
  cls: RoadClass,
  name: Named,
  step: number,
): void {
  const pa = nodes[a];
  const pb = nodes[b];
  const len = dist(pa, pb);
  const n = Math.max(1, Math.round(len / step));
  const nx = -(pb[1] - pa[1]) / len;
  const ny = (pb[0] - pa[0]) / len;
  const amp = Math.min(len * 0.07, 1500) * rng.range(0.4, 1);
  const ph = rng.range(0, Math.PI * 2);
  const waves = rng.int(1, 3);
  const at = (t: number): XY => {
    const off = Math.sin(Math.PI * t) * (amp * Math.sin(waves * Math.PI * t + ph) + rng.range(-0.02, 0.02) * len * 0.1);
    return [pa[0] + (pb[0] - pa[0]) * t + nx * off, pa[1] + (pb[1] - pa[1]) * t + ny * off];
  };
  let prev = a;
  for (let k = 1; k <= n; k++) {
    const next = k === n ? b : (nodes.push(at(k / n)), nodes.length - 1);
    const via = [at((k - 0.66) / n), at((k - 0.33) / n)];
    edges.push({ from: prev, to: next, cls, name, via });
    prev = next;
  }
}

export function addRuralRoads(
  h: HierarchyG,
  rng: Rng,
  nodes: XY[],
  edges: EdgeG[],
  perimeter: Map<string, number[]>,
): void {
  // the city (old + new town, joined by bridges) is one hub; each town seat is another
  const units = [{ ids: [h.patches[0].id, h.patches[1].id], c: [0, 0] as XY, zh: '黔' }].concat(
    h.patches.slice(2).map((p) => ({ ids: [p.id], c: centroid(p.ring), zh: p.name.zh.slice(0, 1) })),
  );
  const pairs = mstPairs(units.map((u) => u.c));
  // a few extra links make loops, so one closed road does not cut a town off
  const extra: { a: number; b: number; d: number }[] = [];
  for (let a = 0; a < units.length; a++)
    for (let b = a + 1; b < units.length; b++) extra.push({ a, b, d: dist(units[a].c, units[b].c) });
  extra.sort((x, y) => x.d - y.d);
  const has = new Set(pairs.map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`));
  let added = 0;
  for (const e of extra) {
    if (added >= 6) break;
    if (has.has(`${e.a}-${e.b}`)) continue;
    pairs.push([e.a, e.b]);
    added++;
  }
  for (const [ia, ib] of pairs) {
    const A = units[ia];
    const B = units[ib];
    const na = nearestOf(
      A.ids.flatMap((id) => perimeter.get(id) ?? []),
      nodes,
      B.c,
    );
    const nb = nearestOf(
      B.ids.flatMap((id) => perimeter.get(id) ?? []),
      nodes,
      A.c,
    );
    if (na < 0 || nb < 0) continue;
    const name = {
      zh: `${A.zh}${B.zh}公路`,
      en: `${A.zh === '黔' ? 'Qianjiang' : h.patches.find((p) => p.id === A.ids[0])?.name.en.replace(' seat', '')}-${h.patches.find((p) => p.id === B.ids[0])?.name.en.replace(' seat', '')} Road`,
    };
    windingChain(rng, nodes, edges, na, nb, 'rural', name, 700);
  }
}

export function addVillageRoads(
  h: HierarchyG,
  rng: Rng,
  nodes: XY[],
  edges: EdgeG[],
  perimeter: Map<string, number[]>,
): void {
  const gridIdx = new BucketIndex<number>(1500);
  h.grids.forEach((g, i) => gridIdx.insert(boxOf(g.ring), i));
  const hasNode = new Array<boolean>(h.grids.length).fill(false);
  nodes.forEach((p) => {
    for (const gi of gridIdx.near(p, 0)) if (pointInRing(p, h.grids[gi].ring)) hasNode[gi] = true;
  });
  // anchors a village road may join: rural-road nodes and patch edges (never a city interior)
  const anchors = new Set<number>();
  for (const list of perimeter.values()) for (const n of list) anchors.add(n);
  for (const e of edges)
    if (e.cls === 'rural') {
      anchors.add(e.from);
      anchors.add(e.to);
    }
  const anchorList = [...anchors].sort((a, b) => a - b);
  const villages: { p: XY; grid: number }[] = [];
  h.grids.forEach((g, gi) => {
    if (hasNode[gi]) return;
    let p = centroid(g.ring);
    for (let t = 0; t < 50 && !pointInRing(p, g.ring); t++) {
      const b = boxOf(g.ring);
      p = [rng.range(b.minX, b.maxX), rng.range(b.minY, b.maxY)];
    }
    villages.push({ p, grid: gi });
  });
  // Prim from the anchors outwards: each village joins whatever connected node is nearest
  const best = villages.map((vl) => {
    const n = nearestOf(anchorList, nodes, vl.p);
    return { d: dist(nodes[n], vl.p), to: n };
  });
  const done = new Array<boolean>(villages.length).fill(false);
  const vNode = new Array<number>(villages.length).fill(-1);
  for (let k = 0; k < villages.length; k++) {
    let v = -1;
    for (let i = 0; i < villages.length; i++) if (!done[i] && (v < 0 || best[i].d < best[v].d)) v = i;
    done[v] = true;
    vNode[v] = nodes.length;
    nodes.push(villages[v].p);
    const g = h.grids[villages[v].grid];
    const vname = h.communities.find((c) => c.id === g.communityId)?.name as Named;
    const a = nodes[best[v].to];
    const b = villages[v].p;
    const len = dist(a, b);
    const off = rng.range(-0.12, 0.12) * len;
    const nx = len > 0 ? -(b[1] - a[1]) / len : 0;
    const ny = len > 0 ? (b[0] - a[0]) / len : 0;
    const via: XY[] = [
      [a[0] + (b[0] - a[0]) / 3 + nx * off, a[1] + (b[1] - a[1]) / 3 + ny * off],
      [a[0] + ((b[0] - a[0]) * 2) / 3 + nx * off * 0.6, a[1] + ((b[1] - a[1]) * 2) / 3 + ny * off * 0.6],
    ];
    const zh = vname.zh.endsWith('村') ? `${vname.zh}道` : `${vname.zh.replace(/社区$/, '')}路`;
    edges.push({
      from: best[v].to,
      to: vNode[v],
      cls: 'rural',
      name: { zh, en: `${vname.en.replace(/ (Village|Community)$/, '')} Road` },
      via,
    });
    for (let i = 0; i < villages.length; i++) {
      if (done[i]) continue;
      const d = dist(villages[i].p, b);
      if (d < best[i].d) best[i] = { d, to: vNode[v] };
    }
  }
}

/** Joins any stray piece of the graph to the main one by its shortest link. */
export function connectComponents(nodes: XY[], edges: EdgeG[]): void {
  for (;;) {
    const parent = nodes.map((_, i) => i);
    const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
    for (const e of edges) parent[find(e.from)] = find(e.to);
    const used = new Set<number>();
    for (const e of edges) {
      used.add(e.from);
      used.add(e.to);
    }
    const comps = new Map<number, number[]>();
    for (const n of [...used].sort((a, b) => a - b)) {
      const r = find(n);
      const list = comps.get(r);
      if (list) list.push(n);
      else comps.set(r, [n]);
    }
    if (comps.size <= 1) return;
    const sorted = [...comps.values()].sort((a, b) => b.length - a.length || a[0] - b[0]);
    const main = sorted[0];
    const small = sorted[1];
    let best: [number, number] = [small[0], main[0]];
    let bd = Infinity;
    for (const a of small)
      for (const b of main) {
        const d = dist(nodes[a], nodes[b]);
        if (d < bd) {
          bd = d;
          best = [a, b];
        }
      }
    edges.push({ from: best[0], to: best[1], cls: 'lane', name: { zh: '连接道', en: 'Link Road' } });
  }
}

// The road graph: a slightly irregular, rotated street lattice per urban patch, bridges over the
// river, winding rural roads linking every town seat to the city, and village roads so that every
// grid holds a road node (staff start on roads; ETAs route over this graph).
import type { RoadClass } from '../../src/domain/district.types.ts';
import type { HierarchyG, PatchG } from './hierarchy.gen.ts';
import { NameBook, roadName, type Named } from './names.gen.ts';
import type { Rng } from '../../src/domain/seeded-random.ts';
import { boxOf, centroid, dist, pointInRing, pointSegDist, rotate, snap, type XY } from './plane.ts';
import { BucketIndex } from './spatial-index.gen.ts';

/** Half the carriageway plus pavement: buildings keep at least this far from a centreline. */
export const ROAD_HALF_WIDTH_M: Record<RoadClass, number> = { arterial: 14, street: 9, lane: 5, rural: 4.5 };

export interface EdgeG {
  from: number;
  to: number;
  cls: RoadClass;
  name: Named;
  via?: XY[];
}
export interface BlockG {
  patch: PatchG;
  origin: XY; // nominal corner (i, j) in world metres
  u: XY; // unit axis along i
  v: XY; // unit axis along j
  w: number;
  h: number;
  /** classes of the roads on the bottom, right, top, left sides */
  sides: [RoadClass, RoadClass, RoadClass, RoadClass];
  roadName: Named; // the road on the bottom side, for addresses
  jitter: number;
}
export interface RoadsG {
  nodes: XY[];
  edges: EdgeG[];
  blocks: BlockG[];
  /** lattice nodes on the edge of each patch, where rural roads join */
  perimeter: Map<string, number[]>;
}

interface PatchStyle {
  su: [number, number];
  sv: [number, number];
  jitter: number;
  every: number;
}
const STYLE: Record<PatchG['kind'], PatchStyle> = {
  'old-town': { su: [110, 130], sv: [95, 115], jitter: 6, every: 4 },
  'new-town': { su: [180, 215], sv: [150, 185], jitter: 8, every: 3 },
  'town-seat': { su: [95, 120], sv: [85, 105], jitter: 5, every: 3 },
};

export function polylineOf(nodes: XY[], e: EdgeG): XY[] {
  return [nodes[e.from], ...(e.via ?? []), nodes[e.to]];
}

export function buildRoads(h: HierarchyG, rng: Rng): RoadsG {
  const names = new NameBook(rng.fork('road-names'));
  const nodes: XY[] = [];
  const edges: EdgeG[] = [];
  const blocks: BlockG[] = [];
  const perimeter = new Map<string, number[]>();
  const riverIdx = new BucketIndex<number>(300);
  const rc = h.river.centre;
  for (let i = 1; i < rc.length; i++) riverIdx.insert(boxOf([rc[i - 1], rc[i]]), i);
  const crossesRiver = (a: XY, b: XY) => {
    const bx = boxOf([a, b]);
    for (const i of riverIdx.query({
      minX: bx.minX - 80,
      minY: bx.minY - 80,
      maxX: bx.maxX + 80,
      maxY: bx.maxY + 80,
    })) {
      const hw = Math.max(h.river.halfWidth[i], h.river.halfWidth[i - 1]);
      const m = Math.min(
        pointSegDist(rc[i - 1], a, b),
        pointSegDist(rc[i], a, b),
        pointSegDist(a, rc[i - 1], rc[i]),
        pointSegDist(b, rc[i - 1], rc[i]),
      );
      if (m < hw + 4) return true;
      // a crossing segment: ends on both sides of the centreline
      const o1 = (rc[i][0] - rc[i - 1][0]) * (a[1] - rc[i - 1][1]) - (rc[i][1] - rc[i - 1][1]) * (a[0] - rc[i - 1][0]);
      const o2 = (rc[i][0] - rc[i - 1][0]) * (b[1] - rc[i - 1][1]) - (rc[i][1] - rc[i - 1][1]) * (b[0] - rc[i - 1][0]);
      const o3 = (b[0] - a[0]) * (rc[i - 1][1] - a[1]) - (b[1] - a[1]) * (rc[i - 1][0] - a[0]);
      const o4 = (b[0] - a[0]) * (rc[i][1] - a[1]) - (b[1] - a[1]) * (rc[i][0] - a[0]);
      if (o1 * o2 < 0 && o3 * o4 < 0) return true;
    }
    return false;
  };

  for (const patch of h.patches) {
    const pr = rng.fork(`lattice-${patch.id}`);
    const st = STYLE[patch.kind];
    const su = pr.range(st.su[0], st.su[1]);
    const sv = pr.range(st.sv[0], st.sv[1]);
    const theta = patch.kind === 'old-town' ? pr.range(-0.12, 0.12) : pr.range(0, Math.PI / 2);
    const c = centroid(patch.ring);
    const local = patch.ring.map((p) => rotate([p[0] - c[0], p[1] - c[1]], -theta));
    const lb = boxOf(local);
    const ox = pr.range(0, su);
    const oy = pr.range(0, sv);
    const i0 = Math.floor((lb.minX - ox) / su) - 1;
    const i1 = Math.ceil((lb.maxX - ox) / su) + 1;
    const j0 = Math.floor((lb.minY - oy) / sv) - 1;
    const j1 = Math.ceil((lb.maxY - oy) / sv) + 1;
    const world = (lx: number, ly: number): XY => {
      const r = rotate([lx, ly], theta);
      return [c[0] + r[0], c[1] + r[1]];
    };
    const u = rotate([1, 0], theta);
    const v = rotate([0, 1], theta);
    const cols = i1 - i0 + 1;
    const jit: XY[] = [];
    for (let j = j0; j <= j1; j++)
      for (let i = i0; i <= i1; i++) jit.push([pr.range(-st.jitter, st.jitter), pr.range(-st.jitter, st.jitter)]);
    const posOf = (i: number, j: number): XY => {
      const d = jit[(j - j0) * cols + (i - i0)];
      return world(i * su + ox + d[0], j * sv + oy + d[1]);
    };
    const cellIn = (i: number, j: number) =>
      i >= i0 &&
      i < i1 &&
      j >= j0 &&
      j < j1 &&
      pointInRing(world((i + 0.5) * su + ox, (j + 0.5) * sv + oy), patch.ring);
    const artI = pr.int(0, st.every - 1);
    const artJ = pr.int(0, st.every - 1);
    const midI = Math.round((i0 + i1) / 2);
    const midJ = Math.round((j0 + j1) / 2);
    const clsOfRow = (j: number): RoadClass =>
      patch.kind === 'town-seat'
        ? j === midJ
          ? 'street'
          : 'lane'
        : ((j % st.every) + st.every) % st.every === artJ
          ? 'arterial'
          : 'street';
    const clsOfCol = (i: number): RoadClass =>
      patch.kind === 'town-seat'
        ? i === midI
          ? 'street'
          : 'lane'
        : ((i % st.every) + st.every) % st.every === artI
          ? 'arterial'
          : 'street';
    const rowName = new Map<number, Named>();
    const colName = new Map<number, Named>();
    const nameRow = (j: number) =>
      rowName.get(j) ??
      (rowName.set(
        j,
        roadName(
          pr,
          clsOfRow(j) === 'rural' ? 'lane' : (clsOfRow(j) as 'arterial'),
          patch.kind === 'town-seat' ? names.rural() : names.urban(),
        ),
      ),
      rowName.get(j) as Named);
    const nameCol = (i: number) =>
      colName.get(i) ??
      (colName.set(
        i,
        roadName(
          pr,
          clsOfCol(i) === 'rural' ? 'lane' : (clsOfCol(i) as 'arterial'),
          patch.kind === 'town-seat' ? names.rural() : names.urban(),
        ),
      ),
      colName.get(i) as Named);
    const nodeAt = new Map<number, number>();
    const node = (i: number, j: number) => {
      const k = (j - j0) * cols + (i - i0);
      let n = nodeAt.get(k);
      if (n === undefined) {
        n = nodes.length;
        nodes.push(posOf(i, j));
        nodeAt.set(k, n);
      }
      return n;
    };
    const degree = new Map<number, number>();
    const addEdge = (a: number, b: number, cls: RoadClass, name: Named) => {
      if (crossesRiver(nodes[a], nodes[b])) return;
      edges.push({ from: a, to: b, cls, name });
      degree.set(a, (degree.get(a) ?? 0) + 1);
      degree.set(b, (degree.get(b) ?? 0) + 1);
    };
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        if (i < i1 && (cellIn(i, j) || cellIn(i, j - 1))) addEdge(node(i, j), node(i + 1, j), clsOfRow(j), nameRow(j));
        if (j < j1 && (cellIn(i, j) || cellIn(i - 1, j))) addEdge(node(i, j), node(i, j + 1), clsOfCol(i), nameCol(i));
        if (cellIn(i, j)) {
          blocks.push({
            patch,
            origin: world(i * su + ox, j * sv + oy),
            u,
            v,
            w: su,
            h: sv,
            sides: [clsOfRow(j), clsOfCol(i + 1), clsOfRow(j + 1), clsOfCol(i)],
            roadName: nameRow(j),
            jitter: st.jitter,
          });
        }
      }
    }
    perimeter.set(
      patch.id,
      [...nodeAt.values()].filter((n) => (degree.get(n) ?? 0) > 0 && (degree.get(n) ?? 0) < 4),
    );
  }

  addBridges(h, rng.fork('bridges'), nodes, edges, perimeter, names);
  addRuralRoads(h, rng.fork('rural'), nodes, edges, perimeter);
  addVillageRoads(h, rng.fork('villages'), nodes, edges, perimeter);
  connectComponents(nodes, edges);
  // drop nodes no edge uses (lattice corners whose edges would have crossed the river)
  const used = new Array<boolean>(nodes.length).fill(false);
  for (const e of edges) used[e.from] = used[e.to] = true;
  const remap = new Array<number>(nodes.length).fill(-1);
  const kept: XY[] = [];
  nodes.forEach((p, i) => {
    if (used[i]) {
      remap[i] = kept.length;
      kept.push(snap(p));
    }
  });
  for (const e of edges) {
    e.from = remap[e.from];
    e.to = remap[e.to];
    if (e.via) e.via = e.via.map(snap);
  }
  for (const [k, list] of perimeter)
    perimeter.set(
      k,
      list.map((n) => remap[n]).filter((n) => n >= 0),
    );
  return { nodes: kept, edges, blocks, perimeter };
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

function addBridges(
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

function addRuralRoads(h: HierarchyG, rng: Rng, nodes: XY[], edges: EdgeG[], perimeter: Map<string, number[]>): void {
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

function addVillageRoads(h: HierarchyG, rng: Rng, nodes: XY[], edges: EdgeG[], perimeter: Map<string, number[]>): void {
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
function connectComponents(nodes: XY[], edges: EdgeG[]): void {
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

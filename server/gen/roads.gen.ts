// The road graph: a slightly irregular, rotated street lattice per urban patch, bridges over the
// river, winding rural roads linking every town seat to the city, and village roads so that every
// grid holds a road node (staff start on roads; ETAs route over this graph).
import type { RoadClass } from '../../src/domain/district.types.ts';
import type { HierarchyG, PatchG } from './hierarchy.gen.ts';
import { NameBook, roadName, type Named } from './names.gen.ts';
import type { Rng } from '../../src/domain/seeded-random.ts';
import { boxOf, centroid, pointInRing, pointSegDist, rotate, snap, type XY } from './plane.ts';
import { BucketIndex } from './spatial-index.gen.ts';
import { addBridges, addRuralRoads, addVillageRoads, connectComponents, type EdgeG } from './roads-country.gen.ts';

export type { EdgeG };

/** Half the carriageway plus pavement: buildings keep at least this far from a centreline. */
export const ROAD_HALF_WIDTH_M: Record<RoadClass, number> = { arterial: 14, street: 9, lane: 5, rural: 4.5 };

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

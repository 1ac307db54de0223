// Routing over a built road graph: A* between snapped points, one-to-many Dijkstra, ranking of
// candidates by road distance with ETAs, connectivity, moving along a polyline.
import type { LngLat } from './district.types.ts';
import {
  edgeLength,
  etaSeconds,
  snap,
  straightDistanceM,
  type RoadGraph,
  type Snap,
  type TravelMode,
} from './road-graph.build.ts';

/** A route along the network between two snapped points (or nodes). */
export interface Route {
  /** Nodes passed through, in travel order (empty when both ends lie on the same edge stretch). */
  nodes: number[];
  /** Edge indices traversed in full, in travel order. */
  edges: number[];
  /** Polyline from the start point to the end point, following edge shapes. */
  coords: LngLat[];
  /** Length along the roads, metres (off-road access legs excluded). */
  lengthM: number;
}

export type Endpoint = Snap | number;

function asSnap(g: RoadGraph, ep: Endpoint): Snap {
  if (typeof ep !== 'number') return ep;
  // A node as a degenerate snap on any incident edge (or a self-contained point when isolated).
  const k = g.adjStart[ep];
  if (k < g.adjStart[ep + 1]) {
    const ei = g.adjEdge[k];
    const e = g.net.edges[ei];
    const atFrom = e.from === ep;
    const last = g.edgeCum[ei].length - 2;
    return {
      edge: ei,
      along: atFrom ? 0 : edgeLength(g, ei),
      point: g.net.nodes[ep],
      offRoadM: 0,
      seg: atFrom ? 0 : last,
      segT: atFrom ? 0 : 1,
    };
  }
  return { edge: -1, along: 0, point: g.net.nodes[ep], offRoadM: 0, seg: 0, segT: 0 };
}

/** Geometric distance from the edge's `from` node of a snapped point. */
function snapGeomAlong(g: RoadGraph, s: Snap): number {
  const cum = g.edgeCum[s.edge];
  return cum[s.seg] + s.segT * (cum[s.seg + 1] - cum[s.seg]);
}

/** The edge's shape between two geometric distances along it, in the direction a -> b. */
function edgeSlice(g: RoadGraph, ei: number, a: number, b: number): LngLat[] {
  const shape = g.edgeShape[ei];
  const cum = g.edgeCum[ei];
  const at = (d: number): LngLat => {
    let k = 0;
    while (k + 2 < cum.length && cum[k + 1] < d) k++;
    const span = cum[k + 1] - cum[k];
    const t = span > 0 ? Math.max(0, Math.min(1, (d - cum[k]) / span)) : 0;
    return g.unproject(
      shape[2 * k] + t * (shape[2 * k + 2] - shape[2 * k]),
      shape[2 * k + 1] + t * (shape[2 * k + 3] - shape[2 * k + 1]),
    );
  };
  const out: LngLat[] = [at(a)];
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const inner: LngLat[] = [];
  for (let k = 1; k + 1 < cum.length; k++) {
    if (cum[k] > lo && cum[k] < hi) inner.push(g.unproject(shape[2 * k], shape[2 * k + 1]));
  }
  if (a > b) inner.reverse();
  out.push(...inner, at(b));
  return out;
}

/** Binary min-heap of (key, value) with lazy deletion by the caller. */
class MinHeap {
  private keys: number[] = [];
  private vals: number[] = [];
  get size() {
    return this.keys.length;
  }
  push(key: number, val: number) {
    const { keys, vals } = this;
    let i = keys.length;
    keys.push(key);
    vals.push(val);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] <= key) break;
      keys[i] = keys[p];
      vals[i] = vals[p];
      i = p;
    }
    keys[i] = key;
    vals[i] = val;
  }
  /** Pops the minimum; returns its value and leaves its key in `lastKey`. */
  lastKey = 0;
  pop(): number {
    const { keys, vals } = this;
    const topVal = vals[0];
    this.lastKey = keys[0];
    const k = keys.pop()!;
    const v = vals.pop()!;
    const n = keys.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && keys[r] < keys[l] ? r : l;
        if (keys[c] >= k) break;
        keys[i] = keys[c];
        vals[i] = vals[c];
        i = c;
      }
      keys[i] = k;
      vals[i] = v;
    }
    return topVal;
  }
}

interface Workspace {
  gen: number;
  dist: Float64Array;
  prevNode: Int32Array;
  prevEdge: Int32Array;
  seen: Uint32Array;
  done: Uint32Array;
}
const workspaces = new WeakMap<RoadGraph, Workspace>();
function workspace(g: RoadGraph): Workspace {
  let ws = workspaces.get(g);
  if (!ws || ws.gen >= 0xfffffff0) {
    const n = g.nodeCount + 1;
    ws = {
      gen: 0,
      dist: new Float64Array(n),
      prevNode: new Int32Array(n),
      prevEdge: new Int32Array(n),
      seen: new Uint32Array(n),
      done: new Uint32Array(n),
    };
    workspaces.set(g, ws);
  }
  return ws;
}

/**
 * Shortest route by road length (A* with an admissible straight-line heuristic).
 * Returns null when the two points are not connected.
 */
export function shortestPath(g: RoadGraph, fromEp: Endpoint, toEp: Endpoint): Route | null {
  const from = asSnap(g, fromEp);
  const to = asSnap(g, toEp);
  if (from.edge < 0 || to.edge < 0) {
    const same = typeof fromEp === 'number' && fromEp === toEp;
    return same ? { nodes: [fromEp], edges: [], coords: [from.point], lengthM: 0 } : null;
  }
  const n = g.nodeCount;
  const GOAL = n;
  // Reused per graph and reset by a generation stamp: routes are asked for often (every patrol leg),
  // and clearing node-sized arrays each time would cost more than the search itself.
  const ws = workspace(g);
  const gen = ++ws.gen;
  const { dist, prevNode, prevEdge, seen, done } = ws;
  const distOf = (v: number) => (seen[v] === gen ? dist[v] : Infinity);
  const [tx, ty] = g.project(to.point);
  const scale = g.heuristicScale;
  const h = (u: number) => (u === GOAL ? 0 : scale * Math.hypot(g.xy[2 * u] - tx, g.xy[2 * u + 1] - ty));
  const heap = new MinHeap();
  const relax = (v: number, d: number, pn: number, pe: number) => {
    if (d < distOf(v)) {
      seen[v] = gen;
      dist[v] = d;
      prevNode[v] = pn; // -2: reached straight from the start point
      prevEdge[v] = pe;
      heap.push(d + h(v), v);
    }
  };
  const fe = g.net.edges[from.edge];
  const te = g.net.edges[to.edge];
  const fLen = edgeLength(g, from.edge);
  const tLen = edgeLength(g, to.edge);
  relax(fe.from, from.along, -2, from.edge);
  relax(fe.to, fLen - from.along, -2, from.edge);
  if (from.edge === to.edge) relax(GOAL, Math.abs(from.along - to.along), -2, from.edge);
  while (heap.size) {
    const u = heap.pop();
    if (done[u] === gen) continue;
    done[u] = gen;
    if (u === GOAL) break;
    const du = dist[u];
    if (u === te.from) relax(GOAL, du + to.along, u, to.edge);
    if (u === te.to) relax(GOAL, du + tLen - to.along, u, to.edge);
    for (let k = g.adjStart[u]; k < g.adjStart[u + 1]; k++) {
      const v = g.adjNode[k];
      if (done[v] !== gen) relax(v, du + g.adjCost[k], u, g.adjEdge[k]);
    }
  }
  if (seen[GOAL] !== gen) return null;

  // Walk back from the goal: GOAL <- ... <- start point.
  const nodes: number[] = [];
  const edges: number[] = [];
  for (let v = prevNode[GOAL]; v >= 0; v = prevNode[v]) {
    nodes.push(v);
    if (prevNode[v] >= 0) edges.push(prevEdge[v]);
  }
  nodes.reverse();
  edges.reverse();
  const coords = routeCoords(g, from, to, nodes, edges);
  // Node endpoints belong in the node path even when the search left them through their snap edge.
  if (typeof fromEp === 'number' && nodes[0] !== fromEp) {
    nodes.unshift(fromEp);
    if (nodes.length > 1) edges.unshift(from.edge);
  }
  if (typeof toEp === 'number' && nodes[nodes.length - 1] !== toEp) {
    nodes.push(toEp);
    if (nodes.length > 1) edges.push(to.edge);
  }
  return { nodes, edges, coords, lengthM: dist[GOAL] };
}

function routeCoords(g: RoadGraph, from: Snap, to: Snap, nodes: number[], edges: number[]): LngLat[] {
  const fGeom = snapGeomAlong(g, from);
  const tGeom = snapGeomAlong(g, to);
  const endOf = (ei: number, node: number) =>
    g.net.edges[ei].from === node ? 0 : g.edgeCum[ei][g.edgeCum[ei].length - 1];
  const out: LngLat[] = [];
  const push = (pts: LngLat[]) => {
    for (const p of pts) {
      const last = out[out.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
    }
  };
  if (nodes.length === 0) {
    push(edgeSlice(g, from.edge, fGeom, tGeom));
    return out;
  }
  push(edgeSlice(g, from.edge, fGeom, endOf(from.edge, nodes[0])));
  for (let i = 0; i < edges.length; i++) {
    const ei = edges[i];
    push(edgeSlice(g, ei, endOf(ei, nodes[i]), endOf(ei, nodes[i + 1])));
  }
  push(edgeSlice(g, to.edge, endOf(to.edge, nodes[nodes.length - 1]), tGeom));
  return out;
}

/**
 * Road distance from one point to every node (Dijkstra), optionally bounded: the basis for ranking
 * many candidates against one target with a single search.
 */
export function distancesFrom(g: RoadGraph, fromEp: Endpoint, maxM = Infinity): Float64Array {
  const from = asSnap(g, fromEp);
  const dist = new Float64Array(g.nodeCount).fill(Infinity);
  if (from.edge < 0) {
    if (typeof fromEp === 'number') dist[fromEp] = 0;
    return dist;
  }
  const heap = new MinHeap();
  const e = g.net.edges[from.edge];
  const start = (v: number, d: number) => {
    if (d < dist[v]) {
      dist[v] = d;
      heap.push(d, v);
    }
  };
  start(e.from, from.along);
  start(e.to, edgeLength(g, from.edge) - from.along);
  while (heap.size) {
    const u = heap.pop();
    const du = heap.lastKey;
    if (du > dist[u] || du > maxM) continue;
    for (let k = g.adjStart[u]; k < g.adjStart[u + 1]; k++) {
      const v = g.adjNode[k];
      const d = du + g.adjCost[k];
      if (d < dist[v] && d <= maxM) {
        dist[v] = d;
        heap.push(d, v);
      }
    }
  }
  return dist;
}

/** Road distance between the search origin of `dist` and a snapped point. */
export function distanceTo(g: RoadGraph, dist: Float64Array, origin: Snap, s: Snap): number {
  const e = g.net.edges[s.edge];
  let d = Math.min(dist[e.from] + s.along, dist[e.to] + edgeLength(g, s.edge) - s.along);
  if (origin.edge === s.edge) d = Math.min(d, Math.abs(origin.along - s.along));
  return d;
}

export interface Candidate {
  id: string;
  position: LngLat;
  mode: TravelMode;
}
export interface Ranked<C extends Candidate> {
  candidate: C;
  roadM: number; // along the roads plus both off-road legs
  etaS: number;
}

/**
 * Candidates ordered by road distance to a target (nearest first), each with an ETA for its own mode.
 * Unreachable candidates are left out. One bounded Dijkstra from the target serves them all.
 */
export function rankByRoad<C extends Candidate>(
  g: RoadGraph,
  target: LngLat,
  candidates: C[],
  maxM = Infinity,
): Ranked<C>[] {
  const origin = snap(g, target);
  if (!origin) return [];
  const dist = distancesFrom(g, origin, maxM);
  const out: Ranked<C>[] = [];
  for (const c of candidates) {
    const s = snap(g, c.position);
    if (!s) continue;
    const roadM = distanceTo(g, dist, origin, s) + s.offRoadM + origin.offRoadM;
    if (!Number.isFinite(roadM) || roadM > maxM) continue;
    out.push({ candidate: c, roadM, etaS: etaSeconds(roadM, c.mode) });
  }
  return out.sort((a, b) => a.roadM - b.roadM || (a.candidate.id < b.candidate.id ? -1 : 1));
}

/** Connected components by node: returns a component id per node and the component count. */
export function components(g: RoadGraph): { comp: Int32Array; count: number } {
  const comp = new Int32Array(g.nodeCount).fill(-1);
  let count = 0;
  const stack: number[] = [];
  for (let s = 0; s < g.nodeCount; s++) {
    if (comp[s] >= 0) continue;
    comp[s] = count;
    stack.push(s);
    while (stack.length) {
      const u = stack.pop()!;
      for (let k = g.adjStart[u]; k < g.adjStart[u + 1]; k++) {
        const v = g.adjNode[k];
        if (comp[v] < 0) {
          comp[v] = count;
          stack.push(v);
        }
      }
    }
    count++;
  }
  return { comp, count };
}

/** Cumulative distances along a polyline (metres), for moving a point along a route over time. */
export function polylineCumulative(g: RoadGraph, coords: LngLat[]): Float64Array {
  const cum = new Float64Array(coords.length);
  for (let i = 1; i < coords.length; i++) cum[i] = cum[i - 1] + straightDistanceM(g, coords[i - 1], coords[i]);
  return cum;
}

/** The point at distance d along a polyline, given its cumulative distances; clamps at the ends. */
export function pointAlong(coords: LngLat[], cum: Float64Array, d: number): LngLat {
  if (coords.length === 0) throw new Error('empty polyline');
  if (d <= 0) return coords[0];
  const total = cum[cum.length - 1];
  if (d >= total) return coords[coords.length - 1];
  let lo = 0;
  let hi = cum.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] <= d) lo = mid;
    else hi = mid;
  }
  const span = cum[hi] - cum[lo];
  const t = span > 0 ? (d - cum[lo]) / span : 0;
  const a = coords[lo];
  const b = coords[hi];
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}

// Routing over the district road network, shared by the simulator (server) and the wall (browser):
// "nearest free staff, with an ETA along the roads". Pure and dependency-free so both can bundle it.
// Coordinates are projected once to a local equirectangular plane in metres: at district scale
// (tens of km) the error against geodesic distance is far below road-width noise, and it keeps
// snapping and the A* heuristic to plain arithmetic.
import type { LngLat, RoadNetwork } from './district.types.ts';

const EARTH_R = 6_371_008.8;
const DEG = Math.PI / 180;

export type TravelMode = 'foot' | 'ebike' | 'car';
/** Typical moving speeds in m/s (walking pace, urban e-bike, car in town traffic). */
export const MODE_SPEED_MS: Record<TravelMode, number> = { foot: 1.4, ebike: 5, car: 8 };

export interface RoadGraph {
  readonly net: RoadNetwork;
  readonly nodeCount: number;
  /** Projected node positions (metres), interleaved x, y. */
  readonly xy: Float64Array;
  /** CSR adjacency: neighbours of node n are adjNode[adjStart[n] .. adjStart[n+1]). */
  readonly adjStart: Int32Array;
  readonly adjNode: Int32Array;
  readonly adjEdge: Int32Array;
  readonly adjCost: Float64Array;
  /** Edge index by position in net.edges (edge ids need not equal positions). */
  readonly edgeIndexById: Map<number, number>;
  /** Per edge: projected shape (x, y interleaved, from -> via -> to) and cumulative geometric length. */
  readonly edgeShape: Float64Array[];
  readonly edgeCum: Float64Array[];
  /** Admissible A* scale: min over edges of lengthM / shape length, capped at 1. */
  readonly heuristicScale: number;
  readonly project: (p: LngLat) => [number, number];
  readonly unproject: (x: number, y: number) => LngLat;
  /** Bucket index over edge segments for snapping. */
  readonly bucketSize: number;
  readonly buckets: Map<number, number[]>; // key -> [edgeIdx, segIdx, edgeIdx, segIdx, ...]
}

export function buildRoadGraph(net: RoadNetwork, bucketSize = 250): RoadGraph {
  const n = net.nodes.length;
  let lat0 = 0;
  let lng0 = 0;
  for (const [lng, lat] of net.nodes) {
    lng0 += lng;
    lat0 += lat;
  }
  lng0 = n ? lng0 / n : 0;
  lat0 = n ? lat0 / n : 0;
  const kx = EARTH_R * DEG * Math.cos(lat0 * DEG);
  const ky = EARTH_R * DEG;
  const project = (p: LngLat): [number, number] => [(p[0] - lng0) * kx, (p[1] - lat0) * ky];
  const unproject = (x: number, y: number): LngLat => [x / kx + lng0, y / ky + lat0];

  const xy = new Float64Array(n * 2);
  net.nodes.forEach((p, i) => {
    const [x, y] = project(p);
    xy[2 * i] = x;
    xy[2 * i + 1] = y;
  });

  const degree = new Int32Array(n + 1);
  for (const e of net.edges) {
    if (e.from === e.to) continue;
    degree[e.from]++;
    degree[e.to]++;
  }
  const adjStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) adjStart[i + 1] = adjStart[i] + degree[i];
  const fill = adjStart.slice(0, n);
  const m = adjStart[n];
  const adjNode = new Int32Array(m);
  const adjEdge = new Int32Array(m);
  const adjCost = new Float64Array(m);
  const edgeIndexById = new Map<number, number>();
  const edgeShape: Float64Array[] = [];
  const edgeCum: Float64Array[] = [];
  const buckets = new Map<number, number[]>();
  let heuristicScale = 1;

  net.edges.forEach((e, ei) => {
    edgeIndexById.set(e.id, ei);
    const pts: LngLat[] = [net.nodes[e.from], ...(e.via ?? []), net.nodes[e.to]];
    const shape = new Float64Array(pts.length * 2);
    const cum = new Float64Array(pts.length);
    pts.forEach((p, k) => {
      const [x, y] = project(p);
      shape[2 * k] = x;
      shape[2 * k + 1] = y;
      if (k > 0) cum[k] = cum[k - 1] + Math.hypot(x - shape[2 * k - 2], y - shape[2 * k - 1]);
    });
    edgeShape.push(shape);
    edgeCum.push(cum);
    for (let k = 0; k + 1 < pts.length; k++) {
      for (const key of segmentBucketKeys(shape, k, bucketSize)) {
        let list = buckets.get(key);
        if (!list) buckets.set(key, (list = []));
        list.push(ei, k);
      }
    }
    if (e.from === e.to) return;
    const geom = cum[cum.length - 1];
    const cost = edgeCost(e.lengthM, geom);
    // Against the shape length, not the chord: it keeps A* admissible for partial edges too.
    if (geom > 1e-6) heuristicScale = Math.min(heuristicScale, cost / geom);
    adjNode[fill[e.from]] = e.to;
    adjEdge[fill[e.from]] = ei;
    adjCost[fill[e.from]++] = cost;
    adjNode[fill[e.to]] = e.from;
    adjEdge[fill[e.to]] = ei;
    adjCost[fill[e.to]++] = cost;
  });

  return {
    net, nodeCount: n, xy, adjStart, adjNode, adjEdge, adjCost, edgeIndexById, edgeShape, edgeCum,
    heuristicScale: Math.max(0, heuristicScale), project, unproject, bucketSize, buckets,
  };
}

/** The stated length wins (it may include slope); fall back to geometry when it is missing. */
function edgeCost(lengthM: number, geomM: number): number {
  return Number.isFinite(lengthM) && lengthM > 0 ? lengthM : geomM;
}

const bucketKey = (ix: number, iy: number) => (ix + 32768) * 65536 + (iy + 32768);

function segmentBucketKeys(shape: Float64Array, k: number, size: number): number[] {
  const x0 = Math.floor(Math.min(shape[2 * k], shape[2 * k + 2]) / size);
  const x1 = Math.floor(Math.max(shape[2 * k], shape[2 * k + 2]) / size);
  const y0 = Math.floor(Math.min(shape[2 * k + 1], shape[2 * k + 3]) / size);
  const y1 = Math.floor(Math.max(shape[2 * k + 1], shape[2 * k + 3]) / size);
  const keys: number[] = [];
  for (let ix = x0; ix <= x1; ix++) for (let iy = y0; iy <= y1; iy++) keys.push(bucketKey(ix, iy));
  return keys;
}

/** A position snapped onto the network: a point on one edge. */
export interface Snap {
  edge: number; // index into net.edges
  /** Distance along the edge from its `from` node, in routing metres (scaled to lengthM). */
  along: number;
  /** The snapped point and its distance from the query point (off-road access leg). */
  point: LngLat;
  offRoadM: number;
  /** Segment of the edge shape the point lies on, for rebuilding the polyline. */
  seg: number;
  segT: number;
}

/** Nearest point on the network, searching bucket rings outward until no closer segment can exist. */
export function snap(g: RoadGraph, p: LngLat, maxRadiusM = 20_000): Snap | null {
  const [px, py] = g.project(p);
  const size = g.bucketSize;
  const cx = Math.floor(px / size);
  const cy = Math.floor(py / size);
  let bestD = Infinity;
  let bestE = -1;
  let bestK = 0;
  let bestT = 0;
  const maxRing = Math.ceil(maxRadiusM / size);
  for (let r = 0; r <= maxRing; r++) {
    // Any segment first met in ring r is at least (r - 1) * size away from p.
    if (bestE >= 0 && (r - 1) * size > bestD) break;
    for (let ix = cx - r; ix <= cx + r; ix++) {
      const edgeRow = ix === cx - r || ix === cx + r;
      for (let iy = cy - r; iy <= cy + r; iy += edgeRow || r === 0 ? 1 : 2 * r) {
        const list = g.buckets.get(bucketKey(ix, iy));
        if (!list) continue;
        // A segment listed in several cells is just measured again: cheaper than remembering it.
        for (let i = 0; i < list.length; i += 2) {
          const ei = list[i];
          const k = list[i + 1];
          const sh = g.edgeShape[ei];
          const ax = sh[2 * k], ay = sh[2 * k + 1];
          const dx = sh[2 * k + 2] - ax, dy = sh[2 * k + 3] - ay;
          const len2 = dx * dx + dy * dy;
          const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
          const ex = px - ax - t * dx, ey = py - ay - t * dy;
          const d = Math.sqrt(ex * ex + ey * ey);
          if (d < bestD) {
            bestD = d;
            bestE = ei;
            bestK = k;
            bestT = t;
          }
        }
      }
    }
  }
  if (bestE < 0) return null;
  const sh = g.edgeShape[bestE];
  const cum = g.edgeCum[bestE];
  const geom = cum[cum.length - 1];
  const alongGeom = cum[bestK] + bestT * (cum[bestK + 1] - cum[bestK]);
  const cost = edgeCost(g.net.edges[bestE].lengthM, geom);
  const qx = sh[2 * bestK] + bestT * (sh[2 * bestK + 2] - sh[2 * bestK]);
  const qy = sh[2 * bestK + 1] + bestT * (sh[2 * bestK + 3] - sh[2 * bestK + 1]);
  return { edge: bestE, along: geom > 0 ? (alongGeom / geom) * cost : 0, point: g.unproject(qx, qy), offRoadM: bestD, seg: bestK, segT: bestT };
}

/** Snap to a node: the node nearest to p (via the nearer end of the nearest edge's neighbourhood). */
export function nearestNode(g: RoadGraph, p: LngLat): number {
  const s = snap(g, p);
  if (!s) return -1;
  const e = g.net.edges[s.edge];
  const len = edgeCost(e.lengthM, g.edgeCum[s.edge][g.edgeCum[s.edge].length - 1]);
  return s.along <= len / 2 ? e.from : e.to;
}

export function edgeLength(g: RoadGraph, ei: number): number {
  const cum = g.edgeCum[ei];
  return edgeCost(g.net.edges[ei].lengthM, cum[cum.length - 1]);
}

export function straightDistanceM(g: RoadGraph, a: LngLat, b: LngLat): number {
  const [ax, ay] = g.project(a);
  const [bx, by] = g.project(b);
  return Math.hypot(ax - bx, ay - by);
}

export function etaSeconds(lengthM: number, mode: TravelMode): number {
  return lengthM / MODE_SPEED_MS[mode];
}

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
    return { edge: ei, along: atFrom ? 0 : edgeLength(g, ei), point: g.net.nodes[ep], offRoadM: 0, seg: atFrom ? 0 : last, segT: atFrom ? 0 : 1 };
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
    return g.unproject(shape[2 * k] + t * (shape[2 * k + 2] - shape[2 * k]), shape[2 * k + 1] + t * (shape[2 * k + 3] - shape[2 * k + 1]));
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
    ws = { gen: 0, dist: new Float64Array(n), prevNode: new Int32Array(n), prevEdge: new Int32Array(n), seen: new Uint32Array(n), done: new Uint32Array(n) };
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
  const endOf = (ei: number, node: number) => (g.net.edges[ei].from === node ? 0 : g.edgeCum[ei][g.edgeCum[ei].length - 1]);
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
export function rankByRoad<C extends Candidate>(g: RoadGraph, target: LngLat, candidates: C[], maxM = Infinity): Ranked<C>[] {
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

// Road graph construction and snapping (see road-graph.ts for the whole picture). Coordinates are
// projected once to a local equirectangular plane in metres: at district scale (tens of km) the
// error against geodesic distance is far below road-width noise, and it keeps snapping and the A*
// heuristic to plain arithmetic.
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
    net,
    nodeCount: n,
    xy,
    adjStart,
    adjNode,
    adjEdge,
    adjCost,
    edgeIndexById,
    edgeShape,
    edgeCum,
    heuristicScale: Math.max(0, heuristicScale),
    project,
    unproject,
    bucketSize,
    buckets,
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
          const ax = sh[2 * k],
            ay = sh[2 * k + 1];
          const dx = sh[2 * k + 2] - ax,
            dy = sh[2 * k + 3] - ay;
          const len2 = dx * dx + dy * dy;
          const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
          const ex = px - ax - t * dx,
            ey = py - ay - t * dy;
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
  return {
    edge: bestE,
    along: geom > 0 ? (alongGeom / geom) * cost : 0,
    point: g.unproject(qx, qy),
    offRoadM: bestD,
    seg: bestK,
    segT: bestT,
  };
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

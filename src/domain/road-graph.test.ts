import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LngLat, RoadEdge, RoadNetwork } from './district.types.ts';
import {
  buildRoadGraph,
  components,
  distancesFrom,
  edgeLength,
  etaSeconds,
  pointAlong,
  polylineCumulative,
  rankByRoad,
  shortestPath,
  snap,
  straightDistanceM,
  type RoadGraph,
} from './road-graph.ts';

// A 5 x 5 street grid, ~100 m spacing, near Qianjiang's old town; a river cuts it between columns
// 2 and 3 except for one bridge on row 0, and one street (row 4) bends north through a via point.
const LNG0 = 108.77;
const LAT0 = 29.53;
// Spacing in the router's own metric (spherical R, projected at the nodes' mean latitude: 25 grid
// nodes over rows 0..4 plus 2 island nodes on row 8), so "100 m" means 100 routing metres.
const DLAT = 100 / (6_371_008.8 * (Math.PI / 180));
const DLNG = DLAT / Math.cos((LAT0 + (66 / 27) * DLAT) * (Math.PI / 180));
const at = (c: number, r: number): LngLat => [LNG0 + c * DLNG, LAT0 + r * DLAT];

// Lengths measured with the graph's own projection (built over the same node set), so the oracle
// and the router agree on what a metre is.
let projector: RoadGraph | null = null;
function geomLength(pts: LngLat[]): number {
  let s = 0;
  for (let i = 1; i < pts.length; i++) s += straightDistanceM(projector!, pts[i - 1], pts[i]);
  return s;
}

function handNetwork(): RoadNetwork {
  const nodes: LngLat[] = [];
  for (let r = 0; r < 5; r++) for (let c = 0; c < 5; c++) nodes.push(at(c, r));
  nodes.push(at(8, 8), at(9, 8)); // an island: two nodes joined to each other only
  projector = buildRoadGraph({ nodes, edges: [] });
  const idx = (c: number, r: number) => r * 5 + c;
  const edges: RoadEdge[] = [];
  const add = (a: number, b: number, via?: LngLat[]) => {
    const pts = [nodes[a], ...(via ?? []), nodes[b]];
    edges.push({
      id: 1000 + edges.length,
      from: a,
      to: b,
      cls: 'street',
      name: `E${edges.length}`,
      lengthM: geomLength(pts),
      via,
    });
  };
  for (let r = 0; r < 5; r++) {
    for (let c = 0; c < 4; c++) {
      if (c === 2 && r !== 0) continue; // the river, bridged only on row 0
      if (r === 4 && c === 0) add(idx(0, 4), idx(1, 4), [at(0.5, 4.6)]);
      else add(idx(c, r), idx(c + 1, r));
    }
  }
  for (let c = 0; c < 5; c++) for (let r = 0; r < 4; r++) add(idx(c, r), idx(c, r + 1));
  add(25, 26);
  return { nodes, edges };
}

/** Floyd-Warshall over nodes: an independent oracle for node-to-node road distances. */
function allPairs(net: RoadNetwork): number[][] {
  const n = net.nodes.length;
  const d = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)));
  for (const e of net.edges) {
    d[e.from][e.to] = Math.min(d[e.from][e.to], e.lengthM);
    d[e.to][e.from] = Math.min(d[e.to][e.from], e.lengthM);
  }
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (d[i][k] + d[k][j] < d[i][j]) d[i][j] = d[i][k] + d[k][j];
      }
  return d;
}

function bruteSnapDistance(g: RoadGraph, p: LngLat): number {
  const [px, py] = g.project(p);
  let best = Infinity;
  for (const s of g.edgeShape) {
    for (let k = 0; k + 3 < s.length; k += 2) {
      const dx = s[k + 2] - s[k],
        dy = s[k + 3] - s[k + 1];
      const len2 = dx * dx + dy * dy;
      const t = len2 ? Math.max(0, Math.min(1, ((px - s[k]) * dx + (py - s[k + 1]) * dy) / len2)) : 0;
      best = Math.min(best, Math.hypot(px - s[k] - t * dx, py - s[k + 1] - t * dy));
    }
  }
  return best;
}

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('road graph on a hand-made network', () => {
  const net = handNetwork();
  const g = buildRoadGraph(net, 60);

  it('builds a symmetric adjacency with one entry per edge end', () => {
    expect(g.adjStart[g.nodeCount]).toBe(net.edges.length * 2);
    for (let u = 0; u < g.nodeCount; u++) {
      for (let k = g.adjStart[u]; k < g.adjStart[u + 1]; k++) {
        const v = g.adjNode[k];
        const back = Array.from(g.adjNode.subarray(g.adjStart[v], g.adjStart[v + 1]));
        expect(back).toContain(u);
      }
    }
    expect(components(g).count).toBe(2);
  });

  it('snaps to the same distance as a brute-force scan over all segments', () => {
    const rnd = lcg(7);
    for (let i = 0; i < 300; i++) {
      const p: LngLat = [LNG0 + (rnd() * 6 - 0.5) * DLNG, LAT0 + (rnd() * 6 - 0.5) * DLAT];
      const s = snap(g, p)!;
      expect(s.offRoadM).toBeCloseTo(bruteSnapDistance(g, p), 6);
      expect(straightDistanceM(g, p, s.point)).toBeCloseTo(s.offRoadM, 3);
      expect(s.along).toBeGreaterThanOrEqual(0);
      expect(s.along).toBeLessThanOrEqual(edgeLength(g, s.edge) + 1e-9);
    }
  });

  it('finds node-to-node distances equal to Floyd-Warshall, with a consistent polyline', () => {
    const oracle = allPairs(net);
    for (let a = 0; a < net.nodes.length; a++) {
      for (let b = 0; b < net.nodes.length; b++) {
        const r = shortestPath(g, a, b);
        if (!Number.isFinite(oracle[a][b])) {
          expect(r).toBeNull();
          continue;
        }
        expect(r!.lengthM).toBeCloseTo(oracle[a][b], 6);
        expect(r!.lengthM + 1e-6).toBeGreaterThanOrEqual(straightDistanceM(g, net.nodes[a], net.nodes[b]));
        // Edge lengths equal shape lengths here, so the drawn line must be as long as the route.
        expect(geomLength(r!.coords)).toBeCloseTo(r!.lengthM, 0);
        if (a !== b) {
          expect(r!.nodes[0]).toBe(a);
          expect(r!.nodes[r!.nodes.length - 1]).toBe(b);
          expect(r!.edges.length).toBe(r!.nodes.length - 1);
          const sum = r!.edges.reduce((acc, ei) => acc + net.edges[ei].lengthM, 0);
          expect(sum).toBeCloseTo(r!.lengthM, 6);
        }
      }
    }
  });

  it('routes between mid-edge points, including across the single bridge', () => {
    // West and east of the river on row 2: the route must go up to row 0 and back.
    const from = snap(g, [at(1.5, 2)[0], at(1.5, 2)[1] + DLAT * 0.05])!;
    const to = snap(g, at(3.5, 2))!;
    const r = shortestPath(g, from, to)!;
    const direct = straightDistanceM(g, from.point, to.point);
    expect(direct).toBeCloseTo(200, 0);
    expect(r.lengthM).toBeCloseTo(50 + 100 + 200 + 200 + 50, 0); // to c2, down to row 0, across, back up
    expect(r.coords[0]).toEqual(from.point);
    expect(r.coords[r.coords.length - 1]).toEqual(to.point);
    const dist = distancesFrom(g, from);
    expect(
      Math.min(
        dist[net.edges[to.edge].from] + to.along,
        dist[net.edges[to.edge].to] + edgeLength(g, to.edge) - to.along,
      ),
    ).toBeCloseTo(r.lengthM, 6);
  });

  it('follows via points of bent edges and stays on one edge when both ends share it', () => {
    const r = shortestPath(g, 20, 21)!; // row 4, the bent street
    expect(r.coords).toContainEqual(at(0.5, 4.6));
    const s1 = snap(g, at(0.2, 0))!;
    const s2 = snap(g, at(0.8, 0))!;
    const same = shortestPath(g, s1, s2)!;
    expect(same.nodes).toEqual([]);
    expect(same.lengthM).toBeCloseTo(60, 3);
  });

  it('ranks candidates by road distance, not straight-line distance, with per-mode ETAs', () => {
    const target = at(3, 3);
    const ranked = rankByRoad(g, target, [
      { id: 'across-river', position: at(2, 3), mode: 'foot' }, // 100 m straight, 700 m by road
      { id: 'same-side', position: at(3, 1), mode: 'foot' }, // 200 m straight and by road
      { id: 'island', position: at(8.5, 8), mode: 'car' },
    ]);
    expect(ranked.map((x) => x.candidate.id)).toEqual(['same-side', 'across-river']);
    expect(ranked[0].roadM).toBeCloseTo(200, 0);
    expect(ranked[1].roadM).toBeCloseTo(700, 0);
    expect(ranked[0].etaS).toBeCloseTo(200 / 1.4, 0);
    expect(etaSeconds(1000, 'ebike')).toBe(200);
    expect(etaSeconds(800, 'car')).toBe(100);
  });

  it('moves a point along a polyline by distance', () => {
    const r = shortestPath(g, 0, 2)!;
    const cum = polylineCumulative(g, r.coords);
    expect(straightDistanceM(g, pointAlong(r.coords, cum, 150), at(1.5, 0))).toBeLessThan(0.5);
    expect(pointAlong(r.coords, cum, 1e9)).toEqual(at(2, 0));
  });
});

// The generated district, where the server reads it (GRIDWALL_DATA_DIR, default data/).
const roadsFile = path.resolve(
  import.meta.dirname,
  '../..',
  process.env.GRIDWALL_DATA_DIR ?? 'data',
  'district',
  'roads.json',
);
// Never skipped: npm test and CI prepare the data first; a run without it fails saying so.
describe('road graph on the generated district', () => {
  it('is essentially one connected network, and routes are never shorter than the crow flies', () => {
    expect(
      fs.existsSync(roadsFile),
      `${roadsFile} is missing: run npx tsx scripts/prepare.ts (npm test does it first)`,
    ).toBe(true);
    const net = JSON.parse(fs.readFileSync(roadsFile, 'utf8')) as RoadNetwork;
    const g = buildRoadGraph(net);
    const { comp, count } = components(g);
    const sizes = new Map<number, number>();
    for (const c of comp) sizes.set(c, (sizes.get(c) ?? 0) + 1);
    const largest = Math.max(...sizes.values());
    expect(largest / g.nodeCount).toBeGreaterThan(0.98);
    const main = [...sizes.entries()].find(([, v]) => v === largest)![0];
    const inMain = [...comp.keys()].filter((i) => comp[i] === main);
    const rnd = lcg(11);
    for (let i = 0; i < 40; i++) {
      const a = inMain[Math.floor(rnd() * inMain.length)];
      const b = inMain[Math.floor(rnd() * inMain.length)];
      const r = shortestPath(g, a, b);
      expect(r, `route ${a}->${b} (components: ${count})`).not.toBeNull();
      expect(r!.lengthM + 1e-6).toBeGreaterThanOrEqual(straightDistanceM(g, net.nodes[a], net.nodes[b]));
      const d = distancesFrom(g, a);
      expect(d[b]).toBeCloseTo(r!.lengthM, 3);
    }
  });
});

// Cameras (雪亮工程): junction and road cameras along the urban lattice, estate entrances, public
// spaces beside schools and markets, village junctions and street-border checkpoints.
import type { Camera } from '../../src/domain/district.types.ts';
import type { BuildingG } from './buildings.gen.ts';
import type { GridG, HierarchyG } from './hierarchy.gen.ts';
import type { GridLocator } from './locate.gen.ts';
import type { PlaceG } from './places.gen.ts';
import type { Rng } from '../../src/domain/seeded-random.ts';
import { dist, snap, type XY } from './plane.ts';
import { polylineOf, type RoadsG } from './roads.gen.ts';

export interface CameraG {
  id: string;
  name: string;
  kind: Camera['kind'];
  p: XY;
  height: number;
  heading: number;
  fov: number;
  range: number;
  grid: GridG;
}

/** compass bearing (clockwise from north) from a to b in the local frame */
export function bearing(a: XY, b: XY): number {
  const d = (Math.atan2(b[0] - a[0], b[1] - a[1]) * 180) / Math.PI;
  return (Math.round((d + 360) * 10) / 10) % 360;
}

export function buildCameras(
  h: HierarchyG,
  roads: RoadsG,
  buildings: BuildingG[],
  places: PlaceG[],
  locator: GridLocator,
  rng: Rng,
): CameraG[] {
  const out: Omit<CameraG, 'id'>[] = [];
  const add = (kind: CameraG['kind'], name: string, at: XY, heading: number, range: [number, number]) => {
    const p = snap(at);
    const grid = locator.at(p);
    if (!grid) return;
    out.push({
      kind,
      name,
      p,
      heading,
      fov: Math.round(rng.range(40, 110)),
      range: Math.round(rng.range(range[0], range[1])),
      height: Math.round(rng.range(4, 8) * 10) / 10,
      grid,
    });
  };
  const adj: number[][] = roads.nodes.map(() => []);
  roads.edges.forEach((e, i) => {
    adj[e.from].push(i);
    adj[e.to].push(i);
  });
  const urbanNode = roads.nodes.map((p) => locator.at(p)?.urban ?? false);
  const patchNode = new Set<number>();
  for (const list of roads.perimeter.values()) for (const n of list) patchNode.add(n);
  // junctions: corner-mounted, looking into the crossing
  roads.nodes.forEach((p, n) => {
    const es = adj[n];
    if (es.length < 3) return;
    const urban = urbanNode[n];
    if (!rng.chance(urban ? 0.95 : 0.7)) return;
    const e0 = roads.edges[es[0]];
    const e1 = roads.edges[es[1]];
    const other = (e: typeof e0) => roads.nodes[e.from === n ? e.to : e.from];
    const a = other(e0);
    const b = other(e1);
    const la = dist(p, a) || 1;
    const lb = dist(p, b) || 1;
    const off = rng.range(6, 10);
    const q: XY = [
      p[0] + ((a[0] - p[0]) / la + (b[0] - p[0]) / lb) * off * 0.7,
      p[1] + ((a[1] - p[1]) / la + (b[1] - p[1]) / lb) * off * 0.7,
    ];
    add('junction', `${e0.name.zh}与${e1.name.zh}交叉口`, q, bearing(q, p), [60, 120]);
    if (urban && rng.chance(0.45))
      add(
        'junction',
        `${e0.name.zh}与${e1.name.zh}交叉口(二)`,
        [2 * p[0] - q[0], 2 * p[1] - q[1]],
        bearing([2 * p[0] - q[0], 2 * p[1] - q[1]], p),
        [60, 120],
      );
  });
  // roads: mid-block poles beside the carriageway, looking along it
  const perName = new Map<string, number>();
  roads.edges.forEach((e) => {
    const line = polylineOf(roads.nodes, e);
    const a = line[0];
    const b = line[line.length - 1];
    const urban = urbanNode[e.from] || urbanNode[e.to];
    const p = e.cls === 'arterial' ? 0.75 : e.cls === 'street' ? 0.6 : e.cls === 'lane' ? 0.22 : 0.25;
    if (!rng.chance(p)) return;
    // the pole stands beside the middle piece of the road as drawn (via points included)
    const k0 = Math.floor((line.length - 1) / 2);
    const sa = line[k0];
    const sb = line[k0 + 1];
    const len = dist(sa, sb) || 1;
    const mid: XY = [(sa[0] + sb[0]) / 2, (sa[1] + sb[1]) / 2];
    const side = rng.chance(0.5) ? 1 : -1;
    const off = (e.cls === 'arterial' ? 16 : e.cls === 'street' ? 10 : 6) * side;
    const q: XY = [mid[0] - ((sb[1] - sa[1]) / len) * off, mid[1] + ((sb[0] - sa[0]) / len) * off];
    const k = (perName.get(e.name.zh) ?? 0) + 1;
    perName.set(e.name.zh, k);
    add('road', `${e.name.zh}${k}号监控点`, q, bearing(q, rng.chance(0.5) ? a : b), urban ? [80, 150] : [60, 150]);
  });
  // estate entrances in urban residential grids
  for (const b of buildings) {
    if (!b.grid.urban || b.use !== 'residential' || !rng.chance(0.05)) continue;
    const r = b.ring;
    const q: XY = [(r[0][0] + r[1][0]) / 2, (r[0][1] + r[1][1]) / 2];
    const out2: XY = [q[0] + (q[0] - b.c[0]) * 0.3, q[1] + (q[1] - b.c[1]) * 0.3];
    add('community', `${b.name.replace(/\d+栋$/, '')}出入口`, out2, bearing(b.c, out2), [30, 60]);
  }
  // public spaces
  for (const pl of places) {
    if (!['school', 'kindergarten', 'market', 'hospital', 'clinic', 'community-center'].includes(pl.kind)) continue;
    const a = rng.range(0, Math.PI * 2);
    const q: XY = [pl.p[0] + Math.cos(a) * 18, pl.p[1] + Math.sin(a) * 18];
    add('public-space', `${pl.name}门口`, q, bearing(q, pl.p), [40, 90]);
  }
  // border checkpoints where a rural road crosses from one street into another
  for (const e of roads.edges) {
    if (e.cls !== 'rural') continue;
    const ga = locator.at(roads.nodes[e.from]);
    const gb = locator.at(roads.nodes[e.to]);
    if (!ga || !gb || ga.streetId === gb.streetId) continue;
    const sa = h.streets.find((s) => s.id === ga.streetId)?.name.zh;
    const sb = h.streets.find((s) => s.id === gb.streetId)?.name.zh;
    const p = roads.nodes[e.from];
    add('border', `${sa}-${sb}交界卡口`, p, bearing(p, roads.nodes[e.to]), [80, 150]);
  }
  return out.map((c, i) => ({ ...c, id: `C${String(i + 1).padStart(5, '0')}` }));
}

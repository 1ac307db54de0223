// Places per grid: services found in the generated buildings (schools, clinics, markets...) plus the
// organizations every community and village has (Party branch, mediation room, service centre).
import type { PlaceKind } from '../../src/domain/district.types.ts';
import type { BuildingG } from './buildings.gen.ts';
import type { GridG, HierarchyG } from './hierarchy.gen.ts';
import type { GridLocator } from './locate.gen.ts';
import type { MicroGridG } from './microgrids.gen.ts';
import type { Rng } from '../../src/domain/seeded-random.ts';
import { dist, pointInRing, snap, type XY } from './plane.ts';
import type { RoadsG } from './roads.gen.ts';

export interface PlaceG {
  id: string;
  kind: PlaceKind;
  name: string;
  p: XY;
  grid: GridG;
  organization: boolean;
}

export const ORGANIZATION_KINDS: ReadonlySet<PlaceKind> = new Set<PlaceKind>([
  'party-branch',
  'mediation-room',
  'property-office',
]);
export const GRID_PARTY_BRANCHES = 69;

/** Road nodes per grid, so things that stand "on the road" can be placed inside their grid. */
export function nodesByGrid(h: HierarchyG, roads: RoadsG, locator: GridLocator): Map<string, number[]> {
  const m = new Map<string, number[]>();
  roads.nodes.forEach((p, i) => {
    const g = locator.at(p);
    if (!g) return;
    const list = m.get(g.id);
    if (list) list.push(i);
    else m.set(g.id, [i]);
  });
  void h;
  return m;
}

export function buildPlaces(
  h: HierarchyG,
  buildings: BuildingG[],
  micro: MicroGridG[],
  roads: RoadsG,
  gridNodes: Map<string, number[]>,
  locator: GridLocator,
  rng: Rng,
): PlaceG[] {
  const out: Omit<PlaceG, 'id'>[] = [];
  const bByGrid = new Map<string, BuildingG[]>();
  for (const b of buildings) {
    const l = bByGrid.get(b.grid.id);
    if (l) l.push(b);
    else bByGrid.set(b.grid.id, [b]);
  }
  for (const b of buildings)
    if (b.placeKind) out.push({ kind: b.placeKind, name: b.name, p: b.c, grid: b.grid, organization: false });

  /** a spot inside the grid: in a building if it has any, else beside one of its road nodes */
  const spot = (g: GridG): XY => {
    const bs = bByGrid.get(g.id);
    if (bs && bs.length) return rng.pick(bs).c;
    const nodes = gridNodes.get(g.id) ?? [];
    if (nodes.length) {
      const n = roads.nodes[rng.pick(nodes)];
      for (let t = 0; t < 20; t++) {
        const a = rng.range(0, Math.PI * 2);
        const r = rng.range(15, 60);
        const p = snap([n[0] + Math.cos(a) * r, n[1] + Math.sin(a) * r]);
        if (pointInRing(p, g.ring)) return p;
      }
      return n;
    }
    throw new Error(`grid ${g.id} has neither buildings nor roads`);
  };
  const gridsOf = new Map<string, GridG[]>();
  for (const g of h.grids) {
    const l = gridsOf.get(g.communityId);
    if (l) l.push(g);
    else gridsOf.set(g.communityId, [g]);
  }
  for (const c of h.communities) {
    const gs = gridsOf.get(c.id) as GridG[];
    const home = gs[0];
    const short = c.name.zh;
    out.push({
      kind: 'party-branch',
      name: `${short}党${c.kind === 'village' ? '支部' : '委'}`,
      p: spot(home),
      grid: home,
      organization: true,
    });
    out.push({ kind: 'mediation-room', name: `${short}人民调解委员会`, p: spot(home), grid: home, organization: true });
    out.push({
      kind: 'community-center',
      name: `${short}便民服务中心`,
      p: spot(home),
      grid: home,
      organization: false,
    });
    if (c.kind === 'village')
      out.push({ kind: 'clinic', name: `${short}卫生室`, p: spot(home), grid: home, organization: false });
  }
  // grid Party branches go to the most populous grids (Qianjiang has 69 of them)
  const bigGrids = h.grids
    .map((g) => ({ g, hh: (bByGrid.get(g.id) ?? []).reduce((s, b) => s + b.households, 0) }))
    .sort((a, b) => b.hh - a.hh || (a.g.id < b.g.id ? -1 : 1))
    .slice(0, GRID_PARTY_BRANCHES);
  for (const { g } of bigGrids)
    out.push({ kind: 'party-branch', name: `${g.name.zh}党支部`, p: spot(g), grid: g, organization: true });
  // a property office for every three micro-grids of an estate area
  micro.forEach((m, i) => {
    if (i % 3 !== 0 || m.buildings.length === 0) return;
    const b = m.buildings[0];
    out.push({
      kind: 'property-office',
      name: `${b.name.replace(/\d+栋$/, '')}物业服务中心`,
      p: b.c,
      grid: m.grid,
      organization: true,
    });
  });
  for (const s of h.streets) {
    const gs = h.grids.filter((g) => g.streetId === s.id);
    const centre = gs.reduce((best, g) => (dist(g.ring[0], s.seat) < dist(best.ring[0], s.seat) ? g : best), gs[0]);
    out.push({
      kind: 'police-post',
      name: `黔江区公安局${s.name.zh}派出所`,
      p: spot(centre),
      grid: centre,
      organization: false,
    });
    out.push({
      kind: 'mediation-room',
      name: `${s.name.zh}矛盾纠纷调解中心`,
      p: spot(centre),
      grid: centre,
      organization: true,
    });
  }
  // rural grids: co-operatives, farms, elderly care; every grid ends up with some content
  const count = new Map<string, number>();
  for (const p of out) count.set(p.grid.id, (count.get(p.grid.id) ?? 0) + 1);
  for (const g of h.grids) {
    if (!g.urban && rng.chance(0.45))
      out.push({
        kind: 'enterprise',
        name: `${g.name.zh.replace(/第\d+网格$/, '')}${rng.pick(['种养殖专业合作社', '茶叶基地', '蚕桑基地', '家庭农场', '猕猴桃基地'])}`,
        p: spot(g),
        grid: g,
        organization: false,
      });
    let n = count.get(g.id) ?? 0;
    while (n < 2) {
      const kind: PlaceKind = rng.pick(['elderly-care', 'market', 'enterprise']);
      const label = g.name.zh.replace(/第\d+网格$/, '');
      const name =
        kind === 'elderly-care' ? `${label}互助养老点` : kind === 'market' ? `${label}便民超市` : `${label}小微企业`;
      out.push({ kind, name, p: spot(g), grid: g, organization: false });
      n++;
    }
  }
  // positions as written; a point rounded across a grid edge belongs to the grid it lands in
  for (const p of out) {
    p.p = snap(p.p);
    p.grid = locator.at(p.p) ?? p.grid;
  }
  // stable order: by grid then kind then name, ids follow it
  const order = new Map(h.grids.map((g, i) => [g.id, i]));
  out.sort(
    (a, b) =>
      (order.get(a.grid.id) as number) - (order.get(b.grid.id) as number) ||
      (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      a.p[0] - b.p[0],
  );
  return out.map((p, i) => ({ ...p, id: `L${String(i + 1).padStart(6, '0')}` }));
}

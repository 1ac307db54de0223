// Field staff: a grid worker for every grid, plus police, mediators and volunteers (about 4,000),
// each starting on a road inside their own grid.
import type { StaffRole } from '../../src/domain/district.types.ts';
import type { GridG, HierarchyG } from './hierarchy.gen.ts';
import type { NameBook } from './names.gen.ts';
import type { Rng } from '../../src/domain/seeded-random.ts';
import { pointInRing, snap, type XY } from './plane.ts';
import type { RoadsG } from './roads.gen.ts';

export interface StaffG {
  id: string;
  name: string;
  role: StaffRole;
  phone: string;
  grid: GridG;
  home: XY;
  mode: 'foot' | 'ebike' | 'car';
}

export const STAFF_PLAN = {
  policeUrbanStreet: 40,
  policeRuralStreet: 7,
  mediatorsExtraRural: 380,
  volunteersUrbanGrid: 4,
  volunteersRural: 780,
};

export function buildStaff(
  h: HierarchyG,
  roads: RoadsG,
  gridNodes: Map<string, number[]>,
  names: NameBook,
  rng: Rng,
): StaffG[] {
  const out: StaffG[] = [];
  const onRoad = (g: GridG): XY => {
    const nodes = gridNodes.get(g.id);
    if (!nodes || nodes.length === 0) throw new Error(`grid ${g.id} has no road node`);
    const n = roads.nodes[rng.pick(nodes)];
    const a = rng.range(0, Math.PI * 2);
    const r = rng.range(0, 8);
    const p = snap([n[0] + Math.cos(a) * r, n[1] + Math.sin(a) * r]);
    return pointInRing(p, g.ring) ? p : n;
  };
  const add = (role: StaffRole, g: GridG) => {
    const mode =
      role === 'police'
        ? g.urban
          ? rng.pick(['car', 'ebike'] as const)
          : 'car'
        : g.urban
          ? rng.pick(['foot', 'foot', 'ebike'] as const)
          : rng.pick(['ebike', 'ebike', 'car'] as const);
    const seq = out.length + 1;
    out.push({
      id: `W${String(seq).padStart(5, '0')}`,
      name: names.person(),
      role,
      phone: `1990000${String(seq).padStart(4, '0')}`,
      grid: g,
      home: onRoad(g),
      mode,
    });
  };
  for (const g of h.grids) add('grid-worker', g);
  const gridsOfStreet = new Map<string, GridG[]>();
  for (const g of h.grids) {
    const l = gridsOfStreet.get(g.streetId);
    if (l) l.push(g);
    else gridsOfStreet.set(g.streetId, [g]);
  }
  for (const s of h.streets) {
    const gs = gridsOfStreet.get(s.id) as GridG[];
    const urbanGs = gs.filter((g) => g.urban);
    const n = s.urban ? STAFF_PLAN.policeUrbanStreet : STAFF_PLAN.policeRuralStreet;
    for (let i = 0; i < n; i++) add('police', rng.pick(urbanGs.length && rng.chance(0.8) ? urbanGs : gs));
  }
  // a mediator for every community and urban grid, more spread over the villages
  for (const c of h.communities) add('mediator', h.grids.find((g) => g.communityId === c.id) as GridG);
  const urbanGrids = h.grids.filter((g) => g.urban);
  const ruralGrids = h.grids.filter((g) => !g.urban);
  for (const g of urbanGrids) add('mediator', g);
  for (let i = 0; i < STAFF_PLAN.mediatorsExtraRural; i++) add('mediator', rng.pick(ruralGrids));
  for (const g of urbanGrids) for (let i = 0; i < STAFF_PLAN.volunteersUrbanGrid; i++) add('volunteer', g);
  for (let i = 0; i < STAFF_PLAN.volunteersRural; i++) add('volunteer', rng.pick(ruralGrids));
  return out;
}

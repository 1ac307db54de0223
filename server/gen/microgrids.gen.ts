// Micro-grids (微网格): each urban residential grid is cut by recursive bisection of its buildings
// into pieces of about 65 households (50-80), so every piece is one building head's beat.
import type { BuildingG } from './buildings.gen.ts';
import type { GridG, HierarchyG } from './hierarchy.gen.ts';
import type { NameBook } from './names.gen.ts';
import { area, closeRing, type PRing, type XY } from './plane.ts';

export const MICRO_TARGET_HOUSEHOLDS = 65;

export interface MicroGridG {
  id: string;
  grid: GridG;
  index: number;
  ring: PRing;
  buildings: BuildingG[];
  households: number;
  headName: string;
}

/** Keeps the part of a convex ring where n·p <= c (Sutherland-Hodgman against one half-plane). */
export function clipHalfPlane(ring: PRing, n: XY, c: number): PRing {
  const out: XY[] = [];
  const f = (p: XY) => n[0] * p[0] + n[1] * p[1] - c;
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    const fa = f(a);
    const fb = f(b);
    if (fa <= 0) out.push(a);
    if ((fa < 0 && fb > 0) || (fa > 0 && fb < 0)) {
      const t = fa / (fa - fb);
      out.push([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]);
    }
  }
  return out.length >= 3 ? closeRing(out) : [];
}

function split(ring: PRing, bs: BuildingG[], groups: number, out: { ring: PRing; bs: BuildingG[] }[]): void {
  if (groups <= 1 || bs.length <= 1) {
    out.push({ ring, bs });
    return;
  }
  const xs = bs.map((b) => b.c[0]);
  const ys = bs.map((b) => b.c[1]);
  const alongX = Math.max(...xs) - Math.min(...xs) >= Math.max(...ys) - Math.min(...ys);
  const axis: XY = alongX ? [1, 0] : [0, 1];
  const sorted = bs.slice().sort((a, b) => a.c[alongX ? 0 : 1] - b.c[alongX ? 0 : 1] || (a.id < b.id ? -1 : 1));
  const left = Math.floor(groups / 2);
  const total = sorted.reduce((s, b) => s + b.households, 0);
  const want = (total * left) / groups;
  let acc = 0;
  let k = 1;
  for (let i = 0; i < sorted.length - 1; i++) {
    acc += sorted[i].households;
    k = i + 1;
    if (acc >= want) {
      // take the building that crossed the target only if that lands nearer to it
      if (acc - want > sorted[i].households / 2 && i > 0) k = i;
      break;
    }
  }
  const pa = sorted[k - 1].c[alongX ? 0 : 1];
  const pb = sorted[k].c[alongX ? 0 : 1];
  if (pb - pa < 1e-6) {
    out.push({ ring, bs });
    return;
  }
  const cut = (pa + pb) / 2;
  const lr = clipHalfPlane(ring, axis, cut);
  const rr = clipHalfPlane(ring, [-axis[0], -axis[1]], -cut);
  if (lr.length === 0 || rr.length === 0 || area(lr) < 1 || area(rr) < 1) {
    out.push({ ring, bs });
    return;
  }
  split(lr, sorted.slice(0, k), left, out);
  split(rr, sorted.slice(k), groups - left, out);
}

export function buildMicroGrids(h: HierarchyG, buildings: BuildingG[], names: NameBook): MicroGridG[] {
  const byGrid = new Map<string, BuildingG[]>();
  for (const b of buildings) {
    if (!(b.grid.urban && b.grid.kind === 'residential')) continue;
    const list = byGrid.get(b.grid.id);
    if (list) list.push(b);
    else byGrid.set(b.grid.id, [b]);
  }
  const out: MicroGridG[] = [];
  for (const g of h.grids) {
    const bs = byGrid.get(g.id);
    if (!bs) continue;
    const hh = bs.reduce((s, b) => s + b.households, 0);
    const groups = Math.max(1, Math.min(bs.length, Math.round(hh / MICRO_TARGET_HOUSEHOLDS)));
    const pieces: { ring: PRing; bs: BuildingG[] }[] = [];
    split(g.ring, bs, groups, pieces);
    pieces.forEach((p, i) => {
      out.push({
        id: `${g.id}-M${String(i + 1).padStart(2, '0')}`,
        grid: g,
        index: i + 1,
        ring: p.ring,
        buildings: p.bs.slice().sort((a, b) => (a.id < b.id ? -1 : 1)),
        households: p.bs.reduce((s, b) => s + b.households, 0),
        headName: names.person(),
      });
    });
  }
  return out;
}

import type { AreaUnit, Community, DistrictUnit, Grid, Hierarchy, Street } from '../domain/district.types.ts';
import type { Focus, FocusLevel } from './area-id.ts';

export type FocusArea = DistrictUnit | Street | Community | Grid;

/** Lookups over the hierarchy, built once when it loads (the payload itself stays untouched). */
export interface HierarchyIndex {
  district: DistrictUnit;
  streets: Street[];
  communities: Community[];
  grids: Grid[];
  byId: Map<string, FocusArea>;
  children: Map<string, FocusArea[]>;
}

export function indexHierarchy(h: Hierarchy): HierarchyIndex {
  const byId = new Map<string, FocusArea>();
  const children = new Map<string, FocusArea[]>();
  const add = (unit: FocusArea, parentId: string | null) => {
    byId.set(unit.id, unit);
    if (parentId === null) return;
    let list = children.get(parentId);
    if (!list) children.set(parentId, (list = []));
    list.push(unit);
  };
  add(h.district, null);
  for (const s of h.streets) add(s, h.district.id);
  for (const c of h.communities) add(c, c.parentId);
  for (const g of h.grids) add(g, g.communityId ?? g.parentId);
  return { district: h.district, streets: h.streets, communities: h.communities, grids: h.grids, byId, children };
}

/** Light structural check so a malformed payload is reported instead of crashing the renderer. */
export function validateHierarchy(value: unknown): { ok: true; hierarchy: Hierarchy } | { ok: false; error: string } {
  if (!value || typeof value !== 'object') return { ok: false, error: 'hierarchy: not an object' };
  const h = value as Partial<Hierarchy>;
  if (!h.district || typeof h.district.id !== 'string') return { ok: false, error: 'hierarchy: missing district' };
  for (const key of ['streets', 'communities', 'grids'] as const) {
    const list = h[key];
    if (!Array.isArray(list)) return { ok: false, error: `hierarchy: ${key} is not an array` };
    for (const unit of list as AreaUnit[]) {
      if (!unit || typeof unit.id !== 'string' || !Array.isArray(unit.polygon) || !Array.isArray(unit.center)) {
        return { ok: false, error: `hierarchy: bad ${key} entry ${String(unit?.id)}` };
      }
    }
  }
  return { ok: true, hierarchy: h as Hierarchy };
}

/** The level whose areas are coloured and clickable while focused at `level`. */
export function childLevelOf(level: FocusLevel): 'street' | 'community' | 'grid' {
  return level === 'district' ? 'street' : level === 'street' ? 'community' : 'grid';
}

/**
 * The areas drawn as fills for a focus: the focus's children, or at grid focus the grid's siblings
 * (so the neighbouring grids stay clickable).
 */
export function fillSetOf(index: HierarchyIndex, focus: Focus): FocusArea[] {
  if (focus.level === 'grid') {
    const grid = index.byId.get(focus.id) as Grid | undefined;
    return grid ? (index.children.get(grid.communityId ?? grid.parentId ?? '') ?? [grid]) : [];
  }
  return index.children.get(focus.id) ?? [];
}

/** Density in people per km²; null when the area is unknown or has no area. */
export function densityOf(unit: AreaUnit): number | null {
  if (!(unit.areaKm2 > 0) || !Number.isFinite(unit.population)) return null;
  return unit.population / unit.areaKm2;
}

import { ancestorAt, focusOfId, lineageOf, parentIdOf, levelOfId, type Focus, type FocusLevel } from './area-id.ts';
import type { HierarchyIndex } from './hierarchy.model.ts';

export interface Crumb {
  level: FocusLevel;
  id: string;
  name: string;
  nameEn: string;
}

/**
 * Where a click on `id` takes the focus. Only a known area at or below the current focus's child
 * level (or a sibling grid while a grid is focused) is a valid target; anything else keeps the focus.
 */
export function drillTo(index: HierarchyIndex, focus: Focus, id: string): Focus {
  if (!index.byId.has(id)) return focus;
  const next = focusOfId(id, index.district.id);
  if (!next || (next.level === focus.level && next.id === focus.id)) return focus;
  return next;
}

/** One level up: grid → community → street → district; the district stays where it is. */
export function backFrom(index: HierarchyIndex, focus: Focus): Focus {
  if (focus.level === 'district') return focus;
  const parent = parentIdOf(focus.id);
  if (parent && index.byId.has(parent)) return focusOfId(parent, index.district.id) ?? districtFocus(index);
  // A street (or an id whose parent is missing from the data) goes back to the whole district.
  return districtFocus(index);
}

export function districtFocus(index: HierarchyIndex): Focus {
  return { level: 'district', id: index.district.id };
}

/** Resolves a deep-link id against the data; unknown ids fall back to the district. */
export function resolveFocus(index: HierarchyIndex, id: string | null): { focus: Focus; error: string | null } {
  if (!id) return { focus: districtFocus(index), error: null };
  const level = levelOfId(id);
  if (index.byId.has(id) && level !== 'microgrid') {
    return { focus: focusOfId(id, index.district.id) ?? districtFocus(index), error: null };
  }
  return { focus: districtFocus(index), error: `unknown area id ${id}` };
}

/** district › street › community › grid, with names when the data knows them. */
export function breadcrumbOf(focus: Focus, index: HierarchyIndex | null): Crumb[] {
  const named = (level: FocusLevel, id: string): Crumb => {
    const unit = index?.byId.get(id);
    return { level, id, name: unit?.name ?? id, nameEn: unit?.nameEn ?? id };
  };
  const crumbs: Crumb[] = [];
  const districtId = index?.district.id ?? (focus.level === 'district' ? focus.id : '');
  if (districtId) crumbs.push(named('district', districtId));
  if (focus.level === 'district') return crumbs;
  const levels: FocusLevel[] = ['street', 'community', 'grid'];
  lineageOf(focus.id).forEach((id, i) => {
    if (i < levels.length) crumbs.push(named(levels[i], id));
  });
  return crumbs;
}

/**
 * Where a click lands, given what was hit (an area id or a building's grid id) and what is drawn:
 * the hit's area at the fill level when it is one of the drawn areas, otherwise the hit's area at
 * the focus's own level (a sibling street, community or grid), otherwise nowhere.
 */
export function clickTarget(
  index: HierarchyIndex,
  focus: Focus,
  hitId: string,
  fillLevel: 'street' | 'community' | 'grid',
  fillIds: ReadonlySet<string>,
): string | null {
  const atFill = ancestorAt(hitId, fillLevel);
  if (atFill && fillIds.has(atFill)) return atFill;
  if (focus.level === 'district') return null;
  const sibling = ancestorAt(hitId, focus.level);
  return sibling && sibling !== focus.id && index.byId.has(sibling) ? sibling : null;
}

import type { AreaLevel } from '../domain/district.types.ts';

/** The levels the wall can focus on (micro-grids are shown inside a grid's panel, not focused). */
export type FocusLevel = 'district' | 'street' | 'community' | 'grid';
export const FOCUS_LEVELS: readonly FocusLevel[] = ['district', 'street', 'community', 'grid'];

export interface Focus {
  level: FocusLevel;
  id: string;
}

// Ids encode the hierarchy (S07, S07-C03, S07-C03-G12, S07-C03-G12-M04), so the level and the
// ancestors of any id are known without the data: deep links and breadcrumbs work before load.
const STREET = /^S\d+$/;
const COMMUNITY = /^S\d+-C\d+$/;
const GRID = /^S\d+-C\d+-G\d+$/;
const MICROGRID = /^S\d+-C\d+-G\d+-M\d+$/;
const DISTRICT = /^D\d+$/;

export function levelOfId(id: string): AreaLevel | null {
  if (STREET.test(id)) return 'street';
  if (COMMUNITY.test(id)) return 'community';
  if (GRID.test(id)) return 'grid';
  if (MICROGRID.test(id)) return 'microgrid';
  if (DISTRICT.test(id)) return 'district';
  return null;
}

/** The parent id, or null for a street (whose parent is the district, known only from data). */
export function parentIdOf(id: string): string | null {
  const level = levelOfId(id);
  if (level === null || level === 'district' || level === 'street') return null;
  return id.slice(0, id.lastIndexOf('-'));
}

/** Ancestors and self from the street down: S07-C03-G12 → [S07, S07-C03, S07-C03-G12]. */
export function lineageOf(id: string): string[] {
  const level = levelOfId(id);
  if (level === null || level === 'district') return [];
  const parts = id.split('-');
  return parts.map((_, i) => parts.slice(0, i + 1).join('-'));
}

/** The id of `id`'s ancestor (or self) at `level`, e.g. the street of a building's grid. */
export function ancestorAt(id: string, level: 'street' | 'community' | 'grid'): string | null {
  const depth = level === 'street' ? 1 : level === 'community' ? 2 : 3;
  const lineage = lineageOf(id);
  return lineage.length >= depth ? lineage[depth - 1] : null;
}

export function focusOfId(id: string, districtId: string): Focus | null {
  if (id === districtId) return { level: 'district', id };
  const level = levelOfId(id);
  if (level === 'street' || level === 'community' || level === 'grid') return { level, id };
  return null;
}

/** Ids are spliced into 3D Tiles style expressions, so only this alphabet is ever accepted there. */
export function isSafeId(id: string): boolean {
  return /^[A-Za-z0-9-]{1,40}$/.test(id);
}

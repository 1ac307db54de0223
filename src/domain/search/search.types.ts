// What the search box finds and how a result is ranked. Pure data: the engine (search.match.ts,
// search.index.ts) and the UI share these shapes; nothing here touches the DOM or the live socket.

export type SearchKind =
  'street' | 'community' | 'grid' | 'microgrid' | 'place' | 'building' | 'staff' | 'incident' | 'camera';

/** The order of the groups in the result list (areas first: they are what a caller names most). */
export const SEARCH_KINDS: readonly SearchKind[] = [
  'street',
  'community',
  'grid',
  'microgrid',
  'place',
  'building',
  'staff',
  'incident',
  'camera',
];

/** One searchable thing, as the index is given it. */
export interface SearchDoc {
  kind: SearchKind;
  id: string;
  /** The name people say (zh-CN), matched by characters, pinyin and initials. */
  name: string;
  /** Shown under the name (street, role, category...); matched literally only, ranked low. */
  extra?: string[];
  /** The street the thing belongs to (scope filter for people and incidents). */
  streetId: string | null;
  /** Where to fly; null for things whose position is live (the UI asks the live state). */
  position?: [number, number] | null;
  /** The grid the thing stands in (places, buildings, cameras, micro-grids): focused on arrival. */
  areaId?: string | null;
  /** A code the UI turns into words or a panel: a place's kind (`school`, `school:org`), a role... */
  tag?: string;
}

/**
 * Ranking tiers, best first: an exact id beats an exact name beats a prefix beats initials (or a
 * mixed abbreviation) beats a match inside the name beats a fuzzy (gapped) match.
 */
export const TIER = {
  exactId: 100,
  exactName: 90,
  prefix: 80,
  initials: 70,
  contains: 60,
  fuzzy: 50,
  extra: 40,
} as const;
export type Tier = (typeof TIER)[keyof typeof TIER];

export interface SearchHit {
  doc: SearchDoc;
  tier: Tier;
}

/** Who is searching: a street officer's people and incidents are limited to their street. */
export interface SearchScope {
  /** null: the whole district */
  streetId: string | null;
}

export interface SearchOptions {
  scope?: SearchScope;
  /** At most this many hits per kind (the list is grouped by kind). */
  perKind?: number;
}

/** Kinds whose items a scope hides outside its street (areas, places and cameras stay findable). */
export const SCOPED_KINDS: ReadonlySet<SearchKind> = new Set<SearchKind>(['staff', 'incident']);

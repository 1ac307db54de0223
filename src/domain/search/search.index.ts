// The searchable things of a district, indexed once (static: areas, places, buildings, cameras)
// or kept current from the live state (staff, open incidents), and a query that ranks them.
// Typing mostly appends a letter, and every match for "renh" is also a match for "ren", so a query
// that extends the previous one only re-checks the previous one's hits.
import type { Hierarchy, Camera, Place, MicroGrid, Building } from '../district.types.ts';
import { buildKey, matchKey, parseQuery, readingsOf, type SearchKey } from './search.match.ts';
import { SCOPED_KINDS, SEARCH_KINDS, type SearchDoc, type SearchHit, type SearchOptions } from './search.types.ts';

export type RankedHit = SearchHit & { at: number };

export interface SearchIndex {
  readonly docs: readonly SearchDoc[];
  readonly keys: readonly SearchKey[];
  /** Chinese character → the documents whose name holds it (a query typed in characters starts here) */
  readonly byChar: ReadonlyMap<string, Int32Array>;
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

export function buildIndex(docs: readonly SearchDoc[]): SearchIndex {
  const lists = new Map<string, number[]>();
  docs.forEach((d, i) => {
    for (const ch of new Set(d.name)) {
      if (!HAN.test(ch)) continue;
      let l = lists.get(ch);
      if (!l) lists.set(ch, (l = []));
      l.push(i);
    }
  });
  const byChar = new Map([...lists].map(([ch, l]) => [ch, Int32Array.from(l)]));
  return { docs, keys: docs.map((d) => buildKey(d)), byChar };
}

/** The static part of a district as search documents. Labels come from the caller (i18n). */
export interface DistrictSources {
  hierarchy: Hierarchy;
  microgrids?: readonly MicroGrid[];
  places?: readonly Place[];
  buildings?: readonly Building[];
  cameras?: readonly Camera[];
  /** secondary text shown under a place (its kind's name, in the UI language) */
  placeKindName?: (kind: Place['kind']) => string;
}

export function districtDocs(src: DistrictSources): SearchDoc[] {
  const h = src.hierarchy;
  const streetName = new Map(h.streets.map((s) => [s.id, s.name]));
  const streetOf = (id: string) => id.split('-')[0] ?? null;
  const docs: SearchDoc[] = [];
  for (const s of h.streets) docs.push({ kind: 'street', id: s.id, name: s.name, streetId: s.id, position: s.center });
  for (const c of h.communities) {
    docs.push({
      kind: 'community',
      id: c.id,
      name: c.name,
      streetId: streetOf(c.id),
      position: c.center,
      extra: [streetName.get(streetOf(c.id) ?? '') ?? ''],
    });
  }
  for (const g of h.grids) {
    docs.push({
      kind: 'grid',
      id: g.id,
      name: g.name,
      streetId: g.streetId,
      position: g.center,
      extra: [streetName.get(g.streetId) ?? ''],
    });
  }
  for (const m of src.microgrids ?? []) {
    docs.push({
      kind: 'microgrid',
      id: m.id,
      name: m.name,
      streetId: streetOf(m.id),
      position: m.center,
      extra: [m.headName],
      areaId: m.gridId,
    });
  }
  for (const p of src.places ?? []) {
    const extra = src.placeKindName ? [src.placeKindName(p.kind)] : [];
    const tag = p.organization ? `${p.kind}:org` : p.kind;
    docs.push({
      kind: 'place',
      id: p.id,
      name: p.name,
      streetId: p.streetId,
      position: p.position,
      extra,
      areaId: p.gridId,
      tag,
    });
  }
  for (const b of src.buildings ?? []) {
    const c = b.footprint[0];
    const position: [number, number] | null = c ? [c[0], c[1]] : null;
    docs.push({
      kind: 'building',
      id: b.id,
      name: b.name,
      streetId: b.streetId,
      position,
      extra: [b.address],
      areaId: b.gridId,
    });
  }
  for (const c of src.cameras ?? []) {
    docs.push({
      kind: 'camera',
      id: c.id,
      name: c.name,
      streetId: c.streetId,
      position: c.position,
      areaId: c.gridId,
      tag: c.kind,
    });
  }
  return docs;
}

/**
 * Live documents (staff, open incidents) change while the box is open: their keys are cached by
 * id and name, so a new incident costs one pinyin look-up and is findable at once.
 */
export class LiveKeys {
  private cache = new Map<string, { name: string; key: SearchKey }>();
  keyOf(doc: SearchDoc): SearchKey {
    const k = `${doc.kind}:${doc.id}`;
    const hit = this.cache.get(k);
    if (hit && hit.name === doc.name) return hit.key;
    const key = buildKey(doc, readingsOf(doc.name));
    this.cache.set(k, { name: doc.name, key });
    return key;
  }
  get size() {
    return this.cache.size;
  }
}

function inScope(doc: SearchDoc, o: SearchOptions): boolean {
  const street = o.scope?.streetId ?? null;
  return street === null || !SCOPED_KINDS.has(doc.kind) || doc.streetId === street;
}

const KIND_ORDER = new Map(SEARCH_KINDS.map((k, i) => [k, i]));

/** Best first: tier, then where in the name, then shorter names, then kind order, then id. */
export function compareHits(a: RankedHit, b: RankedHit): number {
  return (
    b.tier - a.tier ||
    a.at - b.at ||
    a.doc.name.length - b.doc.name.length ||
    (KIND_ORDER.get(a.doc.kind) ?? 0) - (KIND_ORDER.get(b.doc.kind) ?? 0) ||
    (a.doc.id < b.doc.id ? -1 : a.doc.id > b.doc.id ? 1 : 0)
  );
}

/** Keeps the best `perKind` hits of each kind, in rank order. */
export function limitPerKind<T extends SearchHit>(sorted: readonly T[], perKind: number): T[] {
  const seen = new Map<string, number>();
  const out: T[] = [];
  for (const h of sorted) {
    const n = seen.get(h.doc.kind) ?? 0;
    if (n >= perKind) continue;
    seen.set(h.doc.kind, n + 1);
    out.push(h);
  }
  return out;
}

/**
 * The best `perKind` of each kind without sorting every hit: a short query ("r") matches tens of
 * thousands of names, and only a handful per kind are shown.
 */
export class TopPerKind {
  private best = new Map<string, RankedHit[]>();
  constructor(private readonly perKind: number) {}
  offer(h: RankedHit) {
    let list = this.best.get(h.doc.kind);
    if (!list) this.best.set(h.doc.kind, (list = []));
    if (list.length === this.perKind && compareHits(h, list[list.length - 1]) >= 0) return;
    let i = list.length;
    while (i > 0 && compareHits(h, list[i - 1]) < 0) i--;
    list.splice(i, 0, h);
    if (list.length > this.perKind) list.pop();
  }
  result(): RankedHit[] {
    return [...this.best.values()].flat().sort(compareHits);
  }
}

/** What one query left behind: the documents it matched (the next, longer query re-checks only these). */
interface Narrowing {
  q: string;
  scope: string | null;
  candidates: Int32Array;
  hits: RankedHit[];
}

/**
 * A searcher over one static index, remembering the last query to narrow the next. The first key
 * of a word is the costly one (it scans every document), so the answers for each single letter and
 * digit can be computed once up front (`warm`), where the index is built off the main thread.
 */
export class StaticSearcher {
  private last: Narrowing | null = null;
  private firstKey = new Map<string, Narrowing>();
  constructor(readonly index: SearchIndex) {}

  /** Precomputes the unscoped answers for every single letter and digit. */
  warm(perKind = 6) {
    for (const ch of 'abcdefghijklmnopqrstuvwxyz0123456789') {
      this.last = null;
      this.search(ch, { perKind });
      if (this.last) this.firstKey.set(ch, this.last);
    }
    this.last = null;
  }

  search(text: string, o: SearchOptions = {}): RankedHit[] {
    const query = parseQuery(text);
    if (!query.q) return [];
    const scope = o.scope?.streetId ?? null;
    const perKind = o.perKind ?? 6;
    const warmed = scope === null && perKind === 6 ? this.firstKey.get(query.q) : undefined;
    if (warmed) {
      this.last = warmed;
      return warmed.hits;
    }
    const prev = this.last;
    const narrow = prev !== null && query.q.startsWith(prev.q) && scope === prev.scope;
    const { docs, keys } = this.index;
    const top = new TopPerKind(perKind);
    const matched: number[] = [];
    const visit = (i: number) => {
      const doc = docs[i];
      if (!inScope(doc, o)) return;
      const m = matchKey(keys[i], query);
      if (!m) return;
      matched.push(i);
      top.offer({ doc, tier: m.tier, at: m.at });
    };
    // A document found by a query that starts with a character must hold that character literally.
    const first = [...query.q][0];
    const byChar = HAN.test(first) ? (this.index.byChar.get(first) ?? new Int32Array(0)) : null;
    if (narrow) for (const i of prev.candidates) visit(i);
    else if (byChar) for (const i of byChar) visit(i);
    else for (let i = 0; i < docs.length; i++) visit(i);
    const hits = top.result();
    this.last = { q: query.q, scope, candidates: Int32Array.from(matched), hits };
    return hits;
  }
}

/** Searches live documents (few thousand at most) in full each time: they change between keys. */
export function searchLive(docs: readonly SearchDoc[], keys: LiveKeys, text: string, o: SearchOptions = {}) {
  const query = parseQuery(text);
  if (!query.q) return [];
  const top = new TopPerKind(o.perKind ?? 6);
  for (const doc of docs) {
    if (!inScope(doc, o)) continue;
    const m = matchKey(keys.keyOf(doc), query);
    if (m) top.offer({ doc, tier: m.tier, at: m.at });
  }
  return top.result();
}

/** One ranked list from the static and the live hits. */
export function mergeHits(perKind: number, ...lists: RankedHit[][]) {
  return limitPerKind(lists.flat().sort(compareHits), perKind);
}

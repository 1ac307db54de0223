// The searchable things of a district, indexed once (static: areas, places, buildings, cameras)
// or kept current from the live state (staff, open incidents), and a query that ranks them.
// Typing mostly appends a letter, and every match for "renh" is also a match for "ren", so a query
// that extends the previous one only re-checks the previous one's hits. A one- or two-letter query
// still touches tens of thousands of names, of which a handful per kind are shown. So documents are
// kept in rank order (name length, kind, id): once a kind's list is full, a later name must beat its
// worst hit outright (the "bar"), and a few bits per name (search.prefilter.ts) rule most out
// without walking their readings; gapped matches, the costliest to rule out, are only sought for
// kinds still short of hits. The hits are those of matching every name in full (the oracle test).
import type { Hierarchy, Camera, Place, MicroGrid, Building } from '../district.types.ts';
import { BELOW, buildKey, matchAbove, parseQuery, readingsOf, type SearchKey } from './search.match.ts';
import { Prefilter, Reach } from './search.prefilter.ts';
import {
  compareDocs,
  kindIndex,
  limitPerKind,
  TopPerKind,
  compareHits,
  type Bar,
  type RankedHit,
} from './search.rank.ts';
import { SCOPED_KINDS, TIER, type SearchDoc, type SearchOptions } from './search.types.ts';

export { compareHits, limitPerKind, TopPerKind, type RankedHit };

export interface SearchIndex {
  /** in rank order (compareDocs), not in the order given */
  readonly docs: readonly SearchDoc[];
  readonly keys: readonly SearchKey[];
  /** Chinese character → the documents whose name holds it (a query typed in characters starts here) */
  readonly byChar: ReadonlyMap<string, Int32Array>;
  readonly prefilter: Prefilter;
  /** per document: its kindIndex */
  readonly kinds: Uint8Array;
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
const OPEN_BAR: Readonly<Bar> = { floor: 0, at: Infinity };
const ABOVE_GAPPED: Readonly<Bar> = { floor: TIER.fuzzy + 1, at: Infinity };

export function buildIndex(given: readonly SearchDoc[]): SearchIndex {
  const docs = [...given].sort(compareDocs);
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
  const keys = docs.map((d) => buildKey(d));
  const kinds = Uint8Array.from(docs, (d) => kindIndex(d.kind));
  return { docs, keys, byChar, prefilter: new Prefilter(keys), kinds };
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
  // by kind, then id: no key string is built per document per keystroke
  private cache = new Map<string, Map<string, { name: string; key: SearchKey }>>();
  private count = 0;
  keyOf(doc: SearchDoc): SearchKey {
    let byId = this.cache.get(doc.kind);
    if (!byId) this.cache.set(doc.kind, (byId = new Map()));
    const hit = byId.get(doc.id);
    if (hit && hit.name === doc.name) return hit.key;
    const key = buildKey(doc, readingsOf(doc.name));
    if (!hit) this.count++;
    byId.set(doc.id, { name: doc.name, key });
    return key;
  }
  get size() {
    return this.count;
  }
}

function inScope(doc: SearchDoc, o: SearchOptions): boolean {
  const street = o.scope?.streetId ?? null;
  return street === null || !SCOPED_KINDS.has(doc.kind) || doc.streetId === street;
}

/**
 * What one query left behind: the documents it may match (the next, longer query re-checks only
 * these). Those it matched, and those it skipped as unable to be shown, whose match it never knew.
 */
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
  /** per document, during one search: what became of it (see run); and the documents seen, in order */
  private readonly status: Uint8Array;
  private readonly seen: Int32Array;
  constructor(readonly index: SearchIndex) {
    this.status = new Uint8Array(index.docs.length);
    this.seen = new Int32Array(index.docs.length);
  }

  /**
   * Precomputes the unscoped answers for every single letter and digit, checking every document in
   * full so that the second key narrows from the documents that match, not from all that might.
   */
  warm(perKind = 6) {
    for (const ch of 'abcdefghijklmnopqrstuvwxyz0123456789') {
      this.last = null;
      this.run(ch, { perKind }, true);
      if (this.last) this.firstKey.set(ch, this.last);
    }
    this.last = null;
  }

  search(text: string, o: SearchOptions = {}): RankedHit[] {
    return this.run(text, o, false);
  }

  /** `exhaustive`: match every candidate to its tier (no floor), as the warm-up does. */
  private run(text: string, o: SearchOptions, exhaustive: boolean): RankedHit[] {
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
    const { docs, keys, prefilter, kinds } = this.index;
    // Candidates are visited in index (rank) order: the narrowing and byChar lists ascend too.
    const top = new TopPerKind(perKind, true);
    // A document found by a query that starts with a character must hold that character literally.
    const first = [...query.q][0];
    const byChar = HAN.test(first) ? (this.index.byChar.get(first) ?? new Int32Array(0)) : null;
    const source = narrow ? prev.candidates : byChar;
    const status = this.status;
    /** Sets status 0: no match; 1: may match a longer query (kept for narrowing); 2: left for pass 2. */
    const visit = (i: number, gapped: boolean) => {
      const real = exhaustive ? OPEN_BAR : top.barAt(kinds[i]);
      const bar = gapped || real.floor > TIER.fuzzy ? real : ABOVE_GAPPED;
      const reach = prefilter.reach(i, query, bar);
      const m = reach === Reach.Maybe ? matchAbove(keys[i], query, bar.floor) : reach === Reach.None ? null : BELOW;
      status[i] = m === null ? 0 : m === BELOW && bar !== real ? 2 : 1;
      if (m !== null && m !== BELOW) top.offer({ doc: docs[i], tier: m.tier, at: m.at });
    };
    // Gapped matches are costly to rule out and rank last: a first pass finds everything better, and
    // only the kinds that still have room look for gapped (and extra) matches among the rest.
    const seen = this.seen;
    let count = 0;
    // Once a kind shows only exact hits or prefixes, a later name can only be shown as an exact one,
    // and its lengths must fit the query for that. The rest are kept for the next key unexamined
    // (only their letters checked): for a two-letter query that is most names.
    const n = source ? source.length : docs.length;
    for (let t = 0; t < n; t++) {
      const i = source ? source[t] : t;
      if (!prefilter.mayMatch(i, query) || (scope !== null && !inScope(docs[i], o))) continue;
      const closed = !exhaustive && top.barAt(kinds[i]).floor > TIER.prefix;
      if (closed && !prefilter.mayBeExact(i, query)) status[i] = 1;
      else visit(i, false);
      if (status[i] !== 0) seen[count++] = i;
    }
    for (let t = 0; t < count; t++) if (status[seen[t]] === 2) visit(seen[t], true);
    let kept = 0;
    for (let t = 0; t < count; t++) {
      const i = seen[t];
      if (status[i] !== 0) seen[kept++] = i;
      status[i] = 0;
    }
    const hits = top.result();
    this.last = { q: query.q, scope, candidates: seen.slice(0, kept), hits };
    return hits;
  }
}

/**
 * Searches live documents (few thousand at most) in full each time: they change between keys. They
 * come in any order, so a kind's floor is only its worst shown tier (an equal tier may still win).
 */
export function searchLive(docs: readonly SearchDoc[], keys: LiveKeys, text: string, o: SearchOptions = {}) {
  const query = parseQuery(text);
  if (!query.q) return [];
  const top = new TopPerKind(o.perKind ?? 6);
  for (const doc of docs) {
    if (!inScope(doc, o)) continue;
    const m = matchAbove(keys.keyOf(doc), query, top.bar(doc.kind).floor);
    if (m !== null && m !== BELOW) top.offer({ doc, tier: m.tier, at: m.at });
  }
  return top.result();
}

/** One ranked list from the static and the live hits. */
export function mergeHits(perKind: number, ...lists: RankedHit[][]) {
  return limitPerKind(lists.flat().sort(compareHits), perKind);
}

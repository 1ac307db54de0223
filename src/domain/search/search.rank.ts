// How hits are ordered and cut to a few per kind. Kept apart from the index so the exhaustive
// oracle in the tests and the fast searcher share only the definition of "better", not the search.
import { SEARCH_KINDS, type SearchHit, type SearchKind } from './search.types.ts';

export type RankedHit = SearchHit & { at: number };

const KIND_ORDER = new Map(SEARCH_KINDS.map((k, i) => [k, i]));

/** A kind's place in the group order (SEARCH_KINDS), a small integer to index arrays by. */
export function kindIndex(kind: string): number {
  return KIND_ORDER.get(kind as SearchKind) ?? SEARCH_KINDS.length;
}

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

/** What a new hit of a kind must reach to be shown: at least tier `floor`, and at that tier, `at` below this. */
export interface Bar {
  floor: number;
  at: number;
}
const OPEN: Readonly<Bar> = { floor: 0, at: Infinity };

/**
 * The best `perKind` of each kind without sorting every hit: a short query ("r") matches tens of
 * thousands of names, and only a handful per kind are shown.
 *
 * `inRankOrder`: the caller offers documents in the tie-break order of compareHits (name length,
 * kind, id), so a later document never beats an equal tier and position found earlier. The bar
 * then asks for a strictly better tier or position than the worst shown hit; otherwise for its tier.
 */
export class TopPerKind {
  private best = new Map<string, RankedHit[]>();
  private bars: Bar[] = SEARCH_KINDS.map(() => ({ ...OPEN })).concat({ ...OPEN });
  constructor(
    private readonly perKind: number,
    private readonly inRankOrder = false,
  ) {}
  offer(h: RankedHit) {
    let list = this.best.get(h.doc.kind);
    if (!list) this.best.set(h.doc.kind, (list = []));
    if (list.length === this.perKind && compareHits(h, list[list.length - 1]) >= 0) return;
    let i = list.length;
    while (i > 0 && compareHits(h, list[i - 1]) < 0) i--;
    list.splice(i, 0, h);
    if (list.length > this.perKind) list.pop();
    if (list.length === this.perKind && list.length > 0) {
      const worst = list[list.length - 1];
      const bar = this.bars[kindIndex(h.doc.kind)];
      // in rank order a later hit loses every tie, so it must do strictly better than the worst
      const strict = this.inRankOrder && worst.at === 0;
      bar.floor = strict ? worst.tier + 1 : worst.tier;
      bar.at = this.inRankOrder && !strict ? worst.at : Infinity;
    }
  }
  /** The bar for a kind (floor 0 while it has room). Read it before each document: it rises. */
  bar(kind: string): Readonly<Bar> {
    return this.bars[kindIndex(kind)];
  }
  /** The same by kindIndex, for a loop over tens of thousands of documents. */
  barAt(kind: number): Readonly<Bar> {
    return this.bars[kind];
  }
  result(): RankedHit[] {
    return [...this.best.values()].flat().sort(compareHits);
  }
}

/** Rank order of documents, the tie-break part of compareHits: name length, kind, id. */
export function compareDocs(a: SearchHit['doc'], b: SearchHit['doc']): number {
  return (
    a.name.length - b.name.length ||
    (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

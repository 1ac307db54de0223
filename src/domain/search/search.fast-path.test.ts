// The fast searcher (rank-ordered index, per-document bloom prefilter, bars that skip whatever can no
// longer be shown, a second pass for gapped matches, narrowing from the previous key) against an
// exhaustive oracle written here: every document matched to its tier with matchKey (the definition
// of a tier, pinned by hand in search.test.ts), sorted by this file's own comparator and cut per
// kind. The documents are generated (seeded) so that short queries match hundreds of names, which
// is where the fast path skips work; each query is typed one key at a time, as officers do.
import { describe, expect, it } from 'vitest';
import { buildIndex, LiveKeys, searchLive, StaticSearcher } from './search.index.ts';
import { buildKey, matchKey, parseQuery, type SearchKey } from './search.match.ts';
import { mulberry32 } from '../seeded-random.ts';
import { SCOPED_KINDS, SEARCH_KINDS, TIER, type SearchDoc, type SearchKind } from './search.types.ts';

// the project's one seeded generator (src/domain/seeded-random.ts)
const rng = mulberry32;

// Polyphones (和 重 长 行 乐 会 石 阿 解 朝 厂), shared initials, digits and signs inside names.
const CHARS = [...'人和重庆长乐行会石阿解放城东南西北中学小区街道社网格路口花园栋蓬江镇新华山水大桥村朝阳银坪厂仁黔'];
const TAILS = ['网格', '社区', '小学', '路口', '栋', '街道', '微网格', '厂', ''];

function generate(count: number, seed: number): SearchDoc[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const docs: SearchDoc[] = [];
  for (let i = 0; i < count; i++) {
    const kind = pick(SEARCH_KINDS);
    const street = `S0${1 + Math.floor(r() * 3)}`;
    let name = Array.from({ length: 1 + Math.floor(r() * 5) }, () => pick(CHARS)).join('');
    if (r() < 0.4) name += `第${1 + Math.floor(r() * 24)}`;
    if (r() < 0.1) name += pick(['·', '(', ' ', 'A', 'b']);
    name += pick(TAILS);
    // spaced out: longer as written than as typed (an exact name by its characters alone)
    if (r() < 0.05) name = [...name].join(' ');
    const n = String(i).padStart(4, '0');
    const id =
      kind === 'street' || kind === 'community' || kind === 'grid' || kind === 'microgrid'
        ? `${street}-C${n.slice(0, 2)}-G${n.slice(2)}`
        : `${kind[0].toUpperCase()}${n}${kind === 'incident' ? '-X' : ''}`;
    const extra = r() < 0.3 ? [pick(['城东街道人和路8号', 'west gate', '网格员', 'b2 floor'])] : undefined;
    docs.push({ kind, id, name, streetId: street, ...(extra ? { extra } : {}) });
  }
  return docs;
}

const KIND_AT = new Map<SearchKind, number>(SEARCH_KINDS.map((k, i) => [k, i]));
type Row = { id: string; kind: SearchKind; tier: number; at: number };

const sortedCache = new WeakMap<SearchDoc[], Map<string, Row[]>>();

/** Every document matched, all sorted, the first `perKind` of each kind kept. */
function oracle(docs: SearchDoc[], keys: SearchKey[], text: string, street: string | null, perKind: number): Row[] {
  let cache = sortedCache.get(docs);
  if (!cache) sortedCache.set(docs, (cache = new Map()));
  const key = `${street}\u0000${text}`;
  const all = cache.get(key) ?? sortedMatches(docs, keys, text, street);
  cache.set(key, all);
  const count = new Map<SearchKind, number>();
  return all.filter((h) => {
    const c = count.get(h.kind) ?? 0;
    count.set(h.kind, c + 1);
    return c < perKind;
  });
}

function sortedMatches(docs: SearchDoc[], keys: SearchKey[], text: string, street: string | null): Row[] {
  const query = parseQuery(text);
  const all: (Row & { len: number })[] = [];
  docs.forEach((d, i) => {
    if (street !== null && SCOPED_KINDS.has(d.kind) && d.streetId !== street) return;
    const m = query.q ? matchKey(keys[i], query) : null;
    if (m) all.push({ id: d.id, kind: d.kind, tier: m.tier, at: m.at, len: d.name.length });
  });
  all.sort(
    (a, b) =>
      b.tier - a.tier ||
      a.at - b.at ||
      a.len - b.len ||
      KIND_AT.get(a.kind)! - KIND_AT.get(b.kind)! ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return all.map(({ id, kind, tier, at }) => ({ id, kind, tier, at }));
}

const rows = (hits: { doc: SearchDoc; tier: number; at: number }[]): Row[] =>
  hits.map((h) => ({ id: h.doc.id, kind: h.doc.kind, tier: h.tier, at: h.at }));

/** What officers type, one key at a time: pinyin, initials, mixtures, characters, ids, numbers. */
function typedWords(docs: SearchDoc[], keys: SearchKey[], seed: number): string[] {
  const r = rng(seed);
  const words: string[] = ['renhe', 'rhd2wg', 'chongqing', 'zhongqing', 'jiefang', 'jfd1', 'cheng', 'xiaoxue'];
  words.push('s02-c', 's02c00g', 'c0012', '0012', '12', 'wg', 'sq', 'lk', 'west', 'b2', 'x');
  for (let n = 0; n < 24; n++) {
    const i = Math.floor(r() * docs.length);
    const rs = keys[i].readings;
    const alt = (c: string[]) => c[Math.min(c.length - 1, 1 + Math.floor(r() * (c.length - 1)))];
    const full = rs.map(alt).join('');
    const initials = rs.map((c) => alt(c)[0]).join('');
    const mixed = rs.map((c, j) => (j === 0 ? alt(c) : alt(c)[0])).join('');
    const inner = rs
      .slice(1 + Math.floor(r() * 2))
      .map(alt)
      .join('');
    const chars = rs.map((c) => c[0]).join('');
    // an area id typed without dashes from its middle: found across a dash, ranked as at 0
    const across = keys[i].idCompact.slice(2, 8);
    words.push(full, initials, mixed, inner, chars, docs[i].name.slice(0, 3), docs[i].id.toLowerCase(), across);
  }
  for (let n = 0; n < 24; n++) {
    const letters = 'abcdefghijklmnopqrstuvwxyz0123456789';
    words.push(Array.from({ length: 2 + Math.floor(r() * 2) }, () => letters[Math.floor(r() * 36)]).join(''));
  }
  return words.filter((w) => w.length > 0);
}

describe('fast search against an exhaustive oracle (generated district)', () => {
  const docs = generate(1800, 7);
  const keys = docs.map((d) => buildKey(d));
  const words = typedWords(docs, keys, 11);
  const index = buildIndex(docs);

  it('the generated set is one where short queries match far more than is shown', () => {
    expect(oracle(docs, keys, 'r', null, 1e9).length).toBeGreaterThan(300);
    expect(oracle(docs, keys, 'wg', null, 1e9).length).toBeGreaterThan(300);
  });

  for (const [label, street, perKind, warm] of [
    ['whole district, warmed single letters', null, 6, true],
    ['street scope, 3 per kind', 'S02', 3, false],
    ['whole district, 1 per kind', null, 1, false],
  ] as const) {
    it(`returns the oracle's hits in the oracle's order, key by key (${label})`, () => {
      const searcher = new StaticSearcher(index);
      if (warm) searcher.warm();
      let compared = 0;
      for (const word of words) {
        const chars = [...word];
        for (let n = 1; n <= chars.length; n++) {
          const q = chars.slice(0, n).join('');
          const got = rows(searcher.search(q, { scope: { streetId: street }, perKind }));
          expect(got, `${q} (${label})`).toEqual(oracle(docs, keys, q, street, perKind));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(500);
    });
  }

  it('an exact name found after its kind is full of prefixes still comes first', () => {
    // 人和1 … 人和6 fill the grids with prefixes before "人 和" (same length, later id) is reached
    const grids = [1, 2, 3, 4, 5, 6].map((n) => ({
      kind: 'grid' as const,
      id: `G000${n}`,
      name: `人和${n}`,
      streetId: null,
    }));
    const spaced = { kind: 'grid' as const, id: 'G0007', name: '人 和', streetId: null };
    const hits = new StaticSearcher(buildIndex([...grids, spaced])).search('人和');
    expect(hits.map((h) => [h.doc.id, h.tier])).toEqual([
      ['G0007', TIER.exactName],
      ['G0001', TIER.prefix],
      ['G0002', TIER.prefix],
      ['G0003', TIER.prefix],
      ['G0004', TIER.prefix],
      ['G0005', TIER.prefix],
    ]);
  });

  it('an exact id found after its kind is full of prefixes still comes first', () => {
    // C0001 … C0006 (short names) fill the cameras with id prefixes of "c000" before C000 is reached
    const cams = [1, 2, 3, 4, 5, 6].map((n) => ({
      kind: 'camera' as const,
      id: `C000${n}`,
      name: `路口${n}`,
      streetId: null,
    }));
    const named = { kind: 'camera' as const, id: 'C000', name: '官渡路与解放路交叉口', streetId: null };
    const hits = new StaticSearcher(buildIndex([...cams, named])).search('c000');
    expect(hits.map((h) => [h.doc.id, h.tier])).toEqual([
      ['C000', TIER.exactId],
      ['C0001', TIER.prefix],
      ['C0002', TIER.prefix],
      ['C0003', TIER.prefix],
      ['C0004', TIER.prefix],
      ['C0005', TIER.prefix],
    ]);
  });

  it('live search (any order, bars by tier only) agrees with the oracle too', () => {
    const live = docs.slice(0, 800);
    const liveKeys = new LiveKeys();
    for (const q of words.slice(0, 60).flatMap((w) => [w.slice(0, 1), w.slice(0, 2), w.slice(0, 4), w])) {
      const got = rows(searchLive(live, liveKeys, q, { scope: { streetId: null }, perKind: 4 }));
      expect(got, q).toEqual(oracle(live, keys.slice(0, 800), q, null, 4));
    }
  });
});

// Chinese as people type it: characters, full pinyin (renhe), initials (rhd2wg), mixtures
// (renhd2), both readings of a polyphone (和: he/huo/hu; 重: zhong/chong), ids and numbers inside
// names. A name is turned once into per-character readings; a query is matched against them.
import { polyphonic } from 'pinyin-pro';
import { TIER, type SearchDoc, type Tier } from './search.types.ts';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const SKIP = /[\s\-_·.,，。、()（）【】[\]/]/;

/** What the matcher keeps per document: built once (the costly part is the pinyin look-up). */
export interface SearchKey {
  idLower: string;
  /** the id without dashes, so `s01c03g02` finds `S01-C03-G02` */
  idCompact: string;
  nameLower: string;
  /** per character of the name (punctuation and spaces dropped): the strings it may be typed as */
  readings: string[][];
  extraLower: string[];
  /** bits of every letter/digit that appears anywhere in the readings, id or extras */
  mask: number;
  /** bits of the first letter/digit of every reading: a match inside the name starts on one */
  starts: number;
}

function bit(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 97 && c <= 122) return 1 << (c - 97);
  if (c >= 48 && c <= 57) return 1 << (26 + ((c - 48) % 6));
  return 0;
}

export function maskOf(s: string): number {
  let m = 0;
  for (const ch of s) m |= bit(ch);
  return m;
}

/** Pinyin without tones; ü is typed as v (and often as u), so both are accepted. */
function syllables(raw: string[]): string[] {
  const out = new Set<string>();
  for (const r of raw) {
    const s = r.toLowerCase();
    if (!s) continue;
    if (s.includes('ü')) {
      out.add(s.replace(/ü/g, 'v'));
      out.add(s.replace(/ü/g, 'u'));
    } else out.add(s);
  }
  return [...out];
}

/** Splits a name into the characters a person types and what each may be typed as. */
export function readingsOf(name: string): string[][] {
  const chars = [...name].filter((ch) => !SKIP.test(ch));
  if (!chars.some((ch) => CJK.test(ch))) return chars.map((ch) => [ch.toLowerCase()]);
  const poly = polyphonic(chars.join(''), { toneType: 'none', type: 'array' }) as string[][];
  return chars.map((ch, i) => {
    if (!CJK.test(ch)) return [ch.toLowerCase()];
    return [ch, ...syllables(poly[i] ?? [])];
  });
}

export function buildKey(doc: SearchDoc, readings = readingsOf(doc.name)): SearchKey {
  const idLower = doc.id.toLowerCase();
  const extraLower = (doc.extra ?? []).map((e) => e.toLowerCase());
  let mask = maskOf(idLower);
  for (const e of extraLower) mask |= maskOf(e);
  let starts = 0;
  for (const rs of readings) {
    for (const r of rs) {
      mask |= maskOf(r);
      starts |= bit(r);
    }
  }
  return {
    idLower,
    idCompact: idLower.replace(/-/g, ''),
    nameLower: doc.name.toLowerCase(),
    readings,
    extraLower,
    mask,
    starts,
  };
}

/** The query as the matcher wants it: lower case, no spaces, and its letter bits. */
export interface Query {
  q: string;
  compact: string;
  mask: number;
  /** the bit of the query's first letter/digit (0 for a character or sign: no filter then) */
  first: number;
}
export function parseQuery(text: string): Query {
  const q = text.trim().toLowerCase().replace(/\s+/g, '');
  return { q, compact: q.replace(/-/g, ''), mask: maskOf(q), first: q ? bit(q[0]) : 0 };
}

// Each name character consumes a slice of the query. `full`: the whole reading (the last character
// may stop part-way, as a person still typing does). `abbrev`: any non-empty start of a reading.
// Returns how the match went: 0 none, 1 matched, 2 matched and used up every character of the name.
function run(rs: string[][], q: string, i: number, j: number, full: boolean): 0 | 1 | 2 {
  if (j === q.length) return i === rs.length ? 2 : 1;
  if (i === rs.length) return 0;
  let best: 0 | 1 | 2 = 0;
  for (const r of rs[i]) {
    const max = Math.min(r.length, q.length - j);
    let k = 0;
    while (k < max && r.charCodeAt(k) === q.charCodeAt(j + k)) k++;
    if (k === 0) continue;
    if (j + k === q.length) {
      // query used up inside or at the end of this reading
      const whole = k === r.length;
      const res: 0 | 1 | 2 = whole && i + 1 === rs.length ? 2 : 1;
      if (res > best) best = res;
      if (best === 2) return 2;
      continue;
    }
    if (full && k < r.length) continue;
    for (let kk = full ? k : 1; kk <= k; kk++) {
      const res = run(rs, q, i + 1, j + kk, full);
      if (res > best) best = res;
      if (best === 2) return 2;
    }
  }
  return best;
}

/**
 * A gapped match: the query's pieces in order, name characters may be skipped between them.
 * Failed (character, query position) states are remembered, so a name is never walked twice; the
 * memo is one buffer reused by every call (a short query tries this on thousands of names).
 */
let failed = new Uint8Array(256);
function fuzzy(rs: string[][], q: string): boolean {
  const n = (rs.length + 1) * (q.length + 1);
  if (failed.length < n) failed = new Uint8Array(n * 2);
  else failed.fill(0, 0, n);
  return gapped(rs, q, 0, 0);
}
function gapped(rs: string[][], q: string, i: number, j: number): boolean {
  if (j === q.length) return true;
  const at = i * (q.length + 1) + j;
  if (failed[at]) return false;
  for (let a = i; a < rs.length; a++) {
    for (const r of rs[a]) {
      let k = 0;
      const max = Math.min(r.length, q.length - j);
      while (k < max && r.charCodeAt(k) === q.charCodeAt(j + k)) k++;
      for (let kk = k; kk >= 1; kk--) if (gapped(rs, q, a + 1, j + kk)) return true;
    }
  }
  failed[at] = 1;
  return false;
}

function startsWith(readings: string[], code: number): boolean {
  for (const r of readings) if (r.charCodeAt(0) === code) return true;
  return false;
}

export interface MatchResult {
  tier: Tier;
  /** within a tier: earlier is better (0 = matched at the start of the name) */
  at: number;
}

/** Returned instead of a tier when the document may match, but not at or above the floor asked for. */
export const BELOW = 'below';

/** The best tier at which the query finds the document, or null. */
export function matchKey(key: SearchKey, query: Query): MatchResult | null {
  const m = matchAbove(key, query, 0);
  return m === BELOW ? null : m;
}

/**
 * Like matchKey, but gives up with BELOW as soon as the best tier left to try is under `floor`:
 * once a kind's shown hits are all prefixes, nobody needs to know which other names match fuzzily.
 * null still means "no match at all", so a caller can drop the document for longer queries too.
 */
export function matchAbove(key: SearchKey, query: Query, floor: number): MatchResult | null | typeof BELOW {
  const { q, compact } = query;
  if (!q || (query.mask & key.mask) !== query.mask) return null;
  if (key.idLower === q || key.idCompact === compact) return { tier: TIER.exactId, at: 0 };
  if (floor > TIER.exactName) return BELOW;
  if (key.nameLower === q) return { tier: TIER.exactName, at: 0 };
  const rs = key.readings;
  const fromStart = run(rs, q, 0, 0, true);
  if (fromStart === 2) return { tier: TIER.exactName, at: 0 };
  if (floor > TIER.prefix) return BELOW;
  if (
    fromStart === 1 ||
    key.nameLower.startsWith(q) ||
    key.idLower.startsWith(q) ||
    key.idCompact.startsWith(compact)
  ) {
    return { tier: TIER.prefix, at: 0 };
  }
  if (floor > TIER.initials) return BELOW;
  // A match through the readings (initials, contains, fuzzy) begins where a reading begins.
  const viaReadings = query.first === 0 || (key.starts & query.first) !== 0;
  let containsAt = -1;
  const q0 = q.charCodeAt(0);
  for (let i = 0; viaReadings && i < rs.length; i++) {
    if (!startsWith(rs[i], q0) || run(rs, q, i, 0, false) === 0) continue;
    if (run(rs, q, i, 0, true) === 0) return { tier: TIER.initials, at: i };
    if (containsAt < 0) containsAt = i;
  }
  if (containsAt >= 0) return { tier: TIER.contains, at: containsAt };
  if (floor > TIER.contains) return BELOW;
  const lit = key.nameLower.indexOf(q);
  if (lit >= 0) return { tier: TIER.contains, at: lit };
  const idAt = key.idLower.indexOf(q);
  if (idAt >= 0 || key.idCompact.includes(compact)) return { tier: TIER.contains, at: Math.max(idAt, 0) };
  if (floor > TIER.fuzzy) return BELOW;
  if (viaReadings && q.length > 1 && rs.length <= 40 && fuzzy(rs, q)) return { tier: TIER.fuzzy, at: 0 };
  if (floor > TIER.extra) return BELOW;
  for (const e of key.extraLower) if (e.includes(q)) return { tier: TIER.extra, at: 0 };
  return null;
}

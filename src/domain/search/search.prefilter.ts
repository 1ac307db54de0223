// A few bits per document that say cheaply when it cannot match a query at a given tier, so a short
// query ("ch", "s0") can pass over tens of thousands of names without walking their readings.
// Every test here is a necessary condition of matchAbove's rules (search.match.ts): a document it
// rejects would have been rejected or ranked below the floor there too. Nothing is ever accepted
// on these bits alone; a document that passes is still matched in full.
import { maskOf, type Query, type SearchKey } from './search.match.ts';
import type { Bar } from './search.rank.ts';
import { TIER } from './search.types.ts';

// Pairs are code units side by side in the query. A match at prefix tier or better (exact id,
// exact name, prefix) has the query's first pair at the start of the id, the name or the first
// reading ("start"); an initials match, or one inside the name through its readings, at the start
// of a reading ("head"). Every later pair of a match through the readings is one a run over them
// can make: two letters of one reading, or a letter of one and the first of the next ("runs"). A
// literal match inside the name or id has all its pairs there ("text"; "near" for those early on,
// where the position decides the rank). A gapped (fuzzy) match takes its second letter from the
// same reading or a later one: where each letter first and last starts a reading says that
// exactly. An extra needs the query's letters in the extras. Ids with dashes (areas) are checked
// on their strings, since a query without dashes matches them across one.
const START_WORDS = 4; // 128 bits: a name has about a dozen starting pairs
const HEAD_WORDS = 8; // 256 bits: readings of a dozen characters, two or three each
const RUNS_WORDS = 16; // 512 bits: every pair inside and between neighbouring readings
const TEXT_WORDS = 8; // 256 bits: the name and id as written
const NEAR_WORDS = 4; // 128 bits: the name and id as written, pairs at position 1 (next), 1 to 3 (near)
const NEAR = 4;
const LATER_PAIRS = 12; // query pairs checked after the first (a longer query is rarely typed)
const SYMBOLS = 36; // a-z, 0-9
const NONE = 255;

/** What a document's bits say about a query at a bar. */
export const enum Reach {
  /** it does not match at all */
  None,
  /** it may match, but not at or above the bar */
  Below,
  /** it may match at or above the bar: match it in full */
  Maybe,
}

// Two bits per pair (from one well-mixed hash): a name's few dozen pairs then leave a false
// "may match" for a few per cent of the names, not one in five. A probe is where a pair's two bits
// sit in a bloom of a given size: [word, bit, word, bit], worked out once per query, not per name.
type Probe = Int32Array;

/** The two bit numbers of pair a, b in a bloom of `words` words, packed as first << 16 | second. */
function bitsOf(a: number, b: number, words: number): number {
  let h = Math.imul((a << 16) ^ b, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  const shift = 27 - Math.log2(words);
  return ((h >>> shift) << 16) | ((h << 8) >>> shift);
}

function probe(a: number, b: number, words: number): Probe {
  const bits = bitsOf(a, b, words);
  const h1 = bits >>> 16;
  const h2 = bits & 0xffff;
  return Int32Array.of(h1 >>> 5, 1 << (h1 & 31), h2 >>> 5, 1 << (h2 & 31));
}

function add(sig: Int32Array, base: number, words: number, a: number, b: number) {
  const bits = bitsOf(a, b, words);
  const h1 = bits >>> 16;
  const h2 = bits & 0xffff;
  sig[base + (h1 >>> 5)] |= 1 << (h1 & 31);
  sig[base + (h2 >>> 5)] |= 1 << (h2 & 31);
}

function has(sig: Int32Array, base: number, p: Probe): boolean {
  return (sig[base + p[0]] & p[1]) !== 0 && (sig[base + p[2]] & p[3]) !== 0;
}

/** The probes of one query: its first pair in each bloom, its later pairs in the runs and text. */
interface Probes {
  q: string;
  start: Probe;
  head: Probe;
  text: Probe;
  near: Probe;
  runsLater: Probe[];
  textLater: Probe[];
  /** every pair of the query in the runs bloom, and the symbol of each code unit (-1: none) */
  runsAll: Probe[];
  symbols: Int8Array;
}

function probesOf(q: string): Probes {
  const a = q.charCodeAt(0);
  const b = q.charCodeAt(1);
  const later = (words: number) => {
    const out: Probe[] = [];
    for (let j = 1; j < Math.min(q.length - 1, 1 + LATER_PAIRS); j++)
      out.push(probe(q.charCodeAt(j), q.charCodeAt(j + 1), words));
    return out;
  };
  return {
    q,
    start: probe(a, b, START_WORDS),
    head: probe(a, b, HEAD_WORDS),
    text: probe(a, b, TEXT_WORDS),
    near: probe(a, b, NEAR_WORDS),
    runsLater: later(RUNS_WORDS),
    textLater: later(TEXT_WORDS),
    runsAll: Array.from({ length: Math.max(0, q.length - 1) }, (_, j) =>
      probe(q.charCodeAt(j), q.charCodeAt(j + 1), RUNS_WORDS),
    ),
    symbols: Int8Array.from({ length: q.length }, (_, j) => symbol(q.charCodeAt(j))),
  };
}

function symbol(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return 26 + code - 48;
  return -1;
}

type Pair = (a: number, b: number) => void;

/** Calls `pair` for every adjacent pair of code units in `s` that starts at `from` to `to` - 1. */
function pairsOfText(s: string, pair: Pair, from = 0, to = s.length) {
  for (let i = from; i < to && i + 1 < s.length; i++) pair(s.charCodeAt(i), s.charCodeAt(i + 1));
}

/** Every pair a run through the readings may hold at character `i`: in one reading or into the next. */
function pairsOfRuns(rs: string[][], i: number, pair: Pair) {
  for (const r of rs[i]) {
    for (let t = 0; t < r.length; t++) {
      if (t + 1 < r.length) pair(r.charCodeAt(t), r.charCodeAt(t + 1));
      if (i + 1 < rs.length) for (const s of rs[i + 1]) if (s.length > 0) pair(r.charCodeAt(t), s.charCodeAt(0));
    }
  }
}

/** The pairs a run through the readings from character `i` may begin with. */
function pairsOfReadings(rs: string[][], i: number, pair: Pair) {
  for (const r of rs[i]) {
    if (r.length >= 2) pair(r.charCodeAt(0), r.charCodeAt(1));
    if (i + 1 < rs.length) for (const s of rs[i + 1]) if (s.length > 0) pair(r.charCodeAt(0), s.charCodeAt(0));
  }
}

/** Per-document bits over a whole index, in the index's order. */
export class Prefilter {
  private readonly masks: Int32Array;
  private readonly extraMasks: Int32Array;
  private readonly start: Int32Array;
  private readonly head: Int32Array;
  private readonly runs: Int32Array;
  private readonly text: Int32Array;
  private readonly near: Int32Array;
  private readonly next: Int32Array;
  /** per symbol: the first and the last name character with a reading that starts with it */
  private readonly firstAt: Uint8Array;
  private readonly lastAt: Uint8Array;
  /** lengths an exact match needs: id, id without dashes, name, readings (name characters typed) */
  private readonly lengths: Uint16Array;
  private readonly dashed: Uint8Array;

  constructor(private readonly keys: readonly SearchKey[]) {
    const n = keys.length;
    this.masks = new Int32Array(n);
    this.extraMasks = new Int32Array(n);
    this.start = new Int32Array(n * START_WORDS);
    this.head = new Int32Array(n * HEAD_WORDS);
    this.runs = new Int32Array(n * RUNS_WORDS);
    this.text = new Int32Array(n * TEXT_WORDS);
    this.near = new Int32Array(n * NEAR_WORDS);
    this.next = new Int32Array(n * NEAR_WORDS);
    this.firstAt = new Uint8Array(n * SYMBOLS).fill(NONE);
    this.lastAt = new Uint8Array(n * SYMBOLS).fill(NONE);
    this.lengths = new Uint16Array(n * 4);
    this.dashed = new Uint8Array(n);
    const clamp = (len: number) => Math.min(len, 0xffff);
    keys.forEach((k, i) => {
      this.masks[i] = k.mask;
      for (const e of k.extraLower) this.extraMasks[i] |= maskOf(e);
      this.lengths.set([k.idLower.length, k.idCompact.length, k.nameLower.length, k.readings.length].map(clamp), i * 4);
      this.dashed[i] = k.idCompact !== k.idLower ? 1 : 0;
      const toStart: Pair = (a, b) => add(this.start, i * START_WORDS, START_WORDS, a, b);
      const toHead: Pair = (a, b) => add(this.head, i * HEAD_WORDS, HEAD_WORDS, a, b);
      const toRuns: Pair = (a, b) => add(this.runs, i * RUNS_WORDS, RUNS_WORDS, a, b);
      const toText: Pair = (a, b) => add(this.text, i * TEXT_WORDS, TEXT_WORDS, a, b);
      const toNear: Pair = (a, b) => add(this.near, i * NEAR_WORDS, NEAR_WORDS, a, b);
      const toNext: Pair = (a, b) => add(this.next, i * NEAR_WORDS, NEAR_WORDS, a, b);
      for (const s of [k.idLower, k.nameLower]) {
        pairsOfText(s, toStart, 0, 1);
        pairsOfText(s, toText);
        pairsOfText(s, toNear, 1, NEAR);
        pairsOfText(s, toNext, 1, 2);
      }
      const rs = k.readings;
      if (rs.length > 0) pairsOfReadings(rs, 0, toStart);
      for (let c = 0; c < rs.length; c++) {
        pairsOfReadings(rs, c, toHead);
        pairsOfRuns(rs, c, toRuns);
        if (rs.length > 40) continue; // never tried gapped (matchAbove)
        for (const r of rs[c]) {
          const sym = r.length > 0 ? symbol(r.charCodeAt(0)) : -1;
          if (sym < 0) continue;
          const at = i * SYMBOLS + sym;
          if (this.firstAt[at] === NONE) this.firstAt[at] = c;
          this.lastAt[at] = c;
        }
      }
    });
  }

  private probes: Probes = probesOf('');

  /** What the bits take in memory (the bench reports it). */
  get bytes(): number {
    const arrays = [this.masks, this.extraMasks, this.start, this.head, this.runs, this.text, this.near, this.next];
    const more = [this.firstAt, this.lastAt, this.lengths, this.dashed];
    return [...arrays, ...more].reduce((sum, a) => sum + a.byteLength, 0);
  }

  /** Whether the query's pairs after the first (a few) are all in document `i`'s bloom `sig`. */
  private later(sig: Int32Array, words: number, i: number, probes: Probe[]): boolean {
    for (const p of probes) if (!has(sig, i * words, p)) return false;
    return true;
  }

  /** false: document `i` lacks some letter of the query, so it matches no query that starts so. */
  mayMatch(i: number, q: Query): boolean {
    return (this.masks[i] & q.mask) === q.mask;
  }

  /**
   * Whether a gapped match may exist. Its pieces are starts of readings at rising characters: where
   * two query letters are no pair a reading holds, the second begins a piece, so it must start a
   * reading after the last piece began (at the earliest, where that letter first starts one).
   */
  private mayGap(i: number, p: Probes): boolean {
    const sym = p.symbols;
    if (sym[0] < 0) return true;
    let pos = this.firstAt[i * SYMBOLS + sym[0]];
    if (pos === NONE) return false;
    for (let j = 1; j < sym.length; j++) {
      // the first two letters may share the first piece's reading: a pair at its start (head)
      if (j === 1 ? has(this.head, i * HEAD_WORDS, p.head) : has(this.runs, i * RUNS_WORDS, p.runsAll[j - 1])) continue;
      if (sym[j] < 0) return true;
      const last = this.lastAt[i * SYMBOLS + sym[j]];
      if (last === NONE) return false;
      pos = Math.max(pos + 1, this.firstAt[i * SYMBOLS + sym[j]]);
      if (pos > last) return false;
    }
    return true;
  }

  /** Whether document `i` may match query `q` and reach `bar` (matchAbove's rules, in short). */
  reach(i: number, q: Query, bar: Readonly<Bar>): Reach {
    if ((this.masks[i] & q.mask) !== q.mask) return Reach.None;
    const a = q.q.charCodeAt(0);
    const b = q.q.charCodeAt(1);
    // one letter says no more than the mask; a dash is dropped when ids are compared without one
    if (q.q.length < 2 || a === 45 || b === 45) return Reach.Maybe;
    const floor = bar.floor;
    if (this.probes.q !== q.q) this.probes = probesOf(q.q);
    const p = this.probes;
    // through the readings (their runs), or as written (a query with a dash may match a dashless id)
    const runs = this.later(this.runs, RUNS_WORDS, i, p.runsLater);
    const lit = q.compact.length !== q.q.length || this.later(this.text, TEXT_WORDS, i, p.textLater);
    // an area id with dashes, matched without them: its strings say exactly where
    let compactAt = -1;
    let compactStart = false;
    if (this.dashed[i]) {
      const key = this.keys[i];
      compactStart = key.idCompact.startsWith(q.compact);
      const idAt = key.idLower.indexOf(q.q);
      compactAt = idAt >= 0 ? idAt : key.idCompact.includes(q.compact) ? 0 : -1;
    }
    const start = compactStart || (has(this.start, i * START_WORDS, p.start) && (runs || lit));
    // Best tier first; once the bar is above every tier left, only "any match at all?" remains.
    if (start && (floor <= TIER.prefix || this.exactFits(i, q, floor))) return Reach.Maybe;
    if (floor > TIER.prefix) return start || this.anyMatch(i, q, p, runs, lit, compactAt) ? Reach.Below : Reach.None;
    const head = runs && has(this.head, i * HEAD_WORDS, p.head);
    // initials anywhere, or inside the name through its readings
    if (head && floor <= TIER.initials) return Reach.Maybe;
    if (floor > TIER.initials) return head || this.anyMatch(i, q, p, runs, lit, compactAt) ? Reach.Below : Reach.None;
    // inside the name or id as written, where the hit's position counts: early enough?
    if (floor <= TIER.contains) {
      if (compactAt >= 0 && compactAt < bar.at) return Reach.Maybe;
      if (bar.at > 1 && lit && has(this.text, i * TEXT_WORDS, p.text)) {
        if (bar.at > NEAR || has(bar.at > 2 ? this.near : this.next, i * NEAR_WORDS, p.near)) return Reach.Maybe;
      }
    }
    if (floor > TIER.fuzzy) return this.anyMatch(i, q, p, runs, lit, compactAt) ? Reach.Below : Reach.None;
    if (this.mayGap(i, p)) return Reach.Maybe;
    if (floor <= TIER.extra && (this.extraMasks[i] & q.mask) === q.mask) return Reach.Maybe;
    return this.anyMatch(i, q, p, runs, lit, compactAt) ? Reach.Below : Reach.None;
  }

  /** Whether document `i`'s id or name is as long as the query, or typed in no more characters. */
  mayBeExact(i: number, q: Query): boolean {
    return this.exactFits(i, q, TIER.exactName);
  }

  /** Above a prefix only an exact id or name is shown: the lengths must fit the query. */
  private exactFits(i: number, q: Query, floor: number): boolean {
    const len = this.lengths;
    return (
      len[i * 4] === q.q.length ||
      len[i * 4 + 1] === q.compact.length ||
      (floor <= TIER.exactName && (len[i * 4 + 2] === q.q.length || len[i * 4 + 3] <= q.q.length))
    );
  }

  /** Whether document `i` may match the query at any tier (so a longer query must look at it again). */
  private anyMatch(i: number, q: Query, p: Probes, runs: boolean, lit: boolean, compactAt: number): boolean {
    return (
      ((runs || lit) && has(this.start, i * START_WORDS, p.start)) ||
      (runs && has(this.head, i * HEAD_WORDS, p.head)) ||
      (lit && has(this.text, i * TEXT_WORDS, p.text)) ||
      compactAt >= 0 ||
      this.mayGap(i, p) ||
      (this.extraMasks[i] & q.mask) === q.mask
    );
  }
}

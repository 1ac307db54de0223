// The one seeded PRNG (mulberry32) for the demo-district generator, the simulated street centers,
// test fixtures and benches. One seed, one sequence on every machine: Math.random would make each
// run draw a different city, and the generated files must be byte-identical for the same seed.

/** Uniform numbers in [0, 1), the same sequence for the same seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, to derive stream seeds from labels (a stage name, a street id, a person id). */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  range(min: number, max: number): number;
  int(min: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  /** an item chosen with probability proportional to its (non-negative) weight */
  weighted<T>(items: readonly T[], weight: (t: T) => number): T;
  chance(p: number): boolean;
  /** approximately normal (sum of uniforms), mean 0, sd 1 */
  gauss(): number;
  /** exponential waiting time with the given mean */
  exp(mean: number): number;
  shuffle<T>(items: T[]): T[];
  /** an independent stream, so adding draws to one stage (or one street) does not shift the others */
  fork(label: string): Rng;
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const rng: Rng = {
    next,
    range: (min, max) => min + (max - min) * next(),
    int: (min, maxInclusive) => min + Math.floor(next() * (maxInclusive - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from empty list');
      return items[Math.floor(next() * items.length)];
    },
    weighted: (items, weight) => {
      if (items.length === 0) throw new Error('pick from empty list');
      let total = 0;
      for (const it of items) total += Math.max(0, weight(it));
      let r = next() * total;
      for (const it of items) {
        r -= Math.max(0, weight(it));
        if (r < 0) return it;
      }
      return items[items.length - 1];
    },
    chance: (p) => next() < p,
    gauss: () => {
      let s = 0;
      for (let i = 0; i < 6; i++) s += next();
      return (s - 3) / Math.SQRT1_2; // the sum of 6 U(0,1) has sd sqrt(0.5)
    },
    exp: (mean) => -Math.log(1 - next()) * mean,
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const t = items[i];
        items[i] = items[j];
        items[j] = t;
      }
      return items;
    },
    fork: (label) => createRng(hashString(label, seed)),
  };
  return rng;
}

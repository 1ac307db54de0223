// Seeded PRNG for the generator: every random choice flows from one seed so the same seed gives
// byte-identical files (Math.random would make the demo district differ on every machine).

import { mulberry32 } from '../../src/domain/seeded-random.ts';

export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  range(min: number, max: number): number;
  int(min: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** approximately normal (sum of uniforms), mean 0, sd 1 */
  gauss(): number;
  shuffle<T>(items: T[]): T[];
  /** an independent stream, so adding draws to one stage does not shift every later stage */
  fork(label: string): Rng;
}

/** FNV-1a, to derive stream seeds from labels */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
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
    chance: (p) => next() < p,
    gauss: () => {
      let s = 0;
      for (let i = 0; i < 6; i++) s += next();
      return (s - 3) / Math.SQRT1_2; // the sum of 6 U(0,1) has sd sqrt(0.5)
    },
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

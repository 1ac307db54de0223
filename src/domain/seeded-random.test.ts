import { describe, expect, it } from 'vitest';
import { createRng, hashString } from './seeded-random.ts';

// One PRNG for generator, simulator, fixtures and benches (it replaced server/gen/prng.ts and
// server/sim/rng.ts; the generated district stayed byte-identical).
describe('seeded PRNG', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 50 }, () => a.next());
    const sb = Array.from({ length: 50 }, () => b.next());
    const sc = Array.from({ length: 50 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    for (const v of sa) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
  });

  it('forks independent but reproducible streams', () => {
    const f1 = createRng(7).fork('roads');
    const f2 = createRng(7).fork('roads');
    const f3 = createRng(7).fork('water');
    expect(f1.next()).toBe(f2.next());
    expect(createRng(7).fork('roads').next()).not.toBe(f3.next());
  });

  it('int stays within bounds and reaches both ends', () => {
    const r = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(r.int(3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('gauss has roughly zero mean and unit spread', () => {
    const r = createRng(9);
    const xs = Array.from({ length: 4000 }, () => r.gauss());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(sd).toBeGreaterThan(0.85);
    expect(sd).toBeLessThan(1.15);
  });

  it('hashes labels with FNV-1a 32-bit (published test vectors)', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('foobar')).toBe(0xbf9cf968);
  });

  it('weighted draws in proportion to the weights and never picks a zero weight', () => {
    const r = createRng(11);
    const counts = { a: 0, b: 0, c: 0 };
    const weights = { a: 1, b: 3, c: 0 };
    for (let i = 0; i < 8000; i++) counts[r.weighted(['a', 'b', 'c'] as const, (k) => weights[k])]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.6);
    expect(counts.b / counts.a).toBeLessThan(3.4);
    expect(() => r.weighted([], () => 1)).toThrow();
  });

  it('exp waits are positive with the asked mean', () => {
    const r = createRng(5);
    const xs = Array.from({ length: 6000 }, () => r.exp(40));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(37);
    expect(mean).toBeLessThan(43);
  });
});

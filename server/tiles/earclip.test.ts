import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { earclip, signedArea } from './earclip.geom.ts';

function triArea(xy: number[], a: number, b: number, c: number): number {
  return (
    ((xy[b * 2] - xy[a * 2]) * (xy[c * 2 + 1] - xy[a * 2 + 1]) -
      (xy[c * 2] - xy[a * 2]) * (xy[b * 2 + 1] - xy[a * 2 + 1])) /
    2
  );
}

function inside(xy: number[], x: number, y: number): boolean {
  let c = false;
  const n = xy.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const yi = xy[i * 2 + 1],
      yj = xy[j * 2 + 1];
    if (yi > y !== yj > y && x < ((xy[j * 2] - xy[i * 2]) * (y - yi)) / (yj - yi) + xy[i * 2]) c = !c;
  }
  return c;
}

/** Triangles are CCW, cover exactly the polygon's area, and lie inside it. */
function expectValid(xy: number[]) {
  const tris = earclip(xy);
  let sum = 0;
  for (let t = 0; t < tris.length; t += 3) {
    const a = triArea(xy, tris[t], tris[t + 1], tris[t + 2]);
    expect(a).toBeGreaterThan(0);
    sum += a;
    const cx = (xy[tris[t] * 2] + xy[tris[t + 1] * 2] + xy[tris[t + 2] * 2]) / 3;
    const cy = (xy[tris[t] * 2 + 1] + xy[tris[t + 1] * 2 + 1] + xy[tris[t + 2] * 2 + 1]) / 3;
    expect(inside(xy, cx, cy)).toBe(true);
  }
  expect(sum).toBeCloseTo(signedArea(xy), 6);
  return tris;
}

describe('earclip', () => {
  it('triangulates an L footprint without covering the notch', () => {
    const l = [0, 0, 30, 0, 30, 10, 10, 10, 10, 25, 0, 25];
    const tris = expectValid(l);
    expect(tris.length / 3).toBe(4);
    expect(signedArea(l)).toBe(30 * 10 + 10 * 15);
  });

  it('triangulates a U footprint (two reflex corners)', () => {
    const u = [0, 0, 30, 0, 30, 20, 21, 20, 21, 7, 9, 7, 9, 20, 0, 20];
    expectValid(u);
  });

  it('drops collinear and duplicated vertices instead of emitting slivers', () => {
    const sq = [0, 0, 5, 0, 10, 0, 10, 0, 10, 10, 0, 10];
    const tris = expectValid(sq);
    expect(tris.length / 3).toBeLessThanOrEqual(3);
  });

  it('handles any star-shaped polygon (random radii, concave)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.2, max: 1, noNaN: true }), { minLength: 3, maxLength: 24 }), (radii) => {
        const n = radii.length;
        const xy = radii.flatMap((r, i) => [
          r * 40 * Math.cos((2 * Math.PI * i) / n),
          r * 40 * Math.sin((2 * Math.PI * i) / n),
        ]);
        expectValid(xy);
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { tileFrustum, virtualCanvas } from './tile-frustum.ts';

const VP = { width: 960, height: 540 };
const FOV = Math.PI / 3; // 60°

describe('tileFrustum', () => {
  it('a 1×1 "wall" is the ordinary symmetric frustum', () => {
    const f = tileFrustum({ col: 0, row: 0, cols: 1, rows: 1, bezel: 0 }, VP, FOV);
    const r = Math.tan(FOV / 2);
    expect(f.left).toBeCloseTo(-r, 12);
    expect(f.right).toBeCloseTo(r, 12);
    expect(f.top).toBeCloseTo(r / (960 / 540), 12);
    expect(f.bottom).toBeCloseTo(-r / (960 / 540), 12);
  });

  it('2×1 without bezels: the two halves meet at the centre and share top and bottom', () => {
    const a = tileFrustum({ col: 0, row: 0, cols: 2, rows: 1, bezel: 0 }, VP, FOV);
    const b = tileFrustum({ col: 1, row: 0, cols: 2, rows: 1, bezel: 0 }, VP, FOV);
    const r = Math.tan(FOV / 2);
    expect([a.left, a.right, b.left, b.right].map((x) => +x.toFixed(12))).toEqual([
      +(-r).toFixed(12),
      0,
      0,
      +r.toFixed(12),
    ]);
    expect(a.top).toBeCloseTo(b.top, 12);
    expect(a.top).toBeCloseTo(r / (1920 / 540), 12);
  });

  it('bezels: the picture skips the hidden strip, so lines stay straight across the gap', () => {
    const bezel = 20;
    const v = virtualCanvas({ col: 1, row: 0, cols: 2, rows: 1, bezel }, VP);
    expect(v).toEqual({ width: 1940, height: 540, x0: 980, y0: 0 });
    const a = tileFrustum({ col: 0, row: 0, cols: 2, rows: 1, bezel }, VP, FOV);
    const b = tileFrustum({ col: 1, row: 0, cols: 2, rows: 1, bezel }, VP, FOV);
    const r = Math.tan(FOV / 2);
    // the gap between the two windows is exactly the bezel's share of the width
    expect(b.left - a.right).toBeCloseTo((2 * r * bezel) / 1940, 12);
    // each screen keeps the same scale (near-plane units per pixel)
    expect((a.right - a.left) / 960).toBeCloseTo((b.right - b.left) / 960, 12);
  });

  it('2×2: the lower row continues below the upper one', () => {
    const up = tileFrustum({ col: 0, row: 0, cols: 2, rows: 2, bezel: 0 }, VP, FOV);
    const down = tileFrustum({ col: 0, row: 1, cols: 2, rows: 2, bezel: 0 }, VP, FOV);
    expect(up.bottom).toBeCloseTo(0, 12);
    expect(down.top).toBeCloseTo(0, 12);
    expect(down.bottom).toBeCloseTo(-up.top, 12);
  });
});

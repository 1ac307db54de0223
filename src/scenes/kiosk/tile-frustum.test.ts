import { describe, expect, it } from 'vitest';
import { tileFrustum, tileFrustumParams, virtualCanvas } from './tile-frustum.ts';

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

describe('tileFrustumParams (what Cesium is given)', () => {
  // Cesium's PerspectiveFrustum: half-width = tan(fov/2) when aspect > 1, half-height otherwise;
  // the window is then shifted by the offset. Rebuilt here by hand from those two rules.
  const windowOf = (p: { fov: number; aspectRatio: number; cx: number; cy: number }) => {
    const t = Math.tan(p.fov / 2);
    const [hw, hh] = p.aspectRatio > 1 ? [t, t / p.aspectRatio] : [t * p.aspectRatio, t];
    return { left: p.cx - hw, right: p.cx + hw, top: p.cy + hh, bottom: p.cy - hh };
  };

  it("a 1×1 wall is Cesium's own default frustum: same fov, no offset", () => {
    const p = tileFrustumParams({ col: 0, row: 0, cols: 1, rows: 1, bezel: 0 }, VP, FOV);
    expect(p.fov).toBeCloseTo(FOV, 12);
    expect(p.aspectRatio).toBeCloseTo(960 / 540, 12);
    expect(p.cx).toBeCloseTo(0, 12);
    expect(p.cy).toBeCloseTo(0, 12);
  });

  it('2×1 at 60°: each tile sees 2·atan(tan 30° / 2) across, shifted by half the wall', () => {
    const a = tileFrustumParams({ col: 0, row: 0, cols: 2, rows: 1, bezel: 0 }, VP, FOV);
    const b = tileFrustumParams({ col: 1, row: 0, cols: 2, rows: 1, bezel: 0 }, VP, FOV);
    const r = Math.tan(Math.PI / 6);
    expect(a.fov).toBeCloseTo(2 * Math.atan(r / 2), 12);
    expect(a.cx).toBeCloseTo(-r / 2, 12);
    expect(b.cx).toBeCloseTo(r / 2, 12);
    expect(a.cy).toBeCloseTo(0, 12);
  });

  it("gives back, through Cesium's rules, exactly the window tileFrustum computed (tall tiles and bezels too)", () => {
    for (const [tile, vp] of [
      [{ col: 1, row: 0, cols: 3, rows: 2, bezel: 12 }, VP],
      [
        { col: 0, row: 1, cols: 2, rows: 3, bezel: 4 },
        { width: 540, height: 960 },
      ],
      [
        { col: 2, row: 2, cols: 4, rows: 3, bezel: 0 },
        { width: 500, height: 500 },
      ],
    ] as const) {
      const want = tileFrustum(tile, vp, FOV);
      const got = windowOf(tileFrustumParams(tile, vp, FOV));
      for (const k of ['left', 'right', 'top', 'bottom'] as const) expect(got[k]).toBeCloseTo(want[k], 12);
    }
  });
});

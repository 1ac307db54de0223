import { describe, expect, it } from 'vitest';
import { ancestorAt, deepTileHeights, flipY, resampleTile } from './heightmap.resample.ts';
import { sampleTile, TILE_SIZE, tileAt, tileRect, type DecodedTile } from './heightmap.tile.ts';

// a level-12 tile of hills: ridges in both directions, so every cell is a different slope
const LEVEL = 12;
const { x: X, y: Y } = tileAt(LEVEL, 108.74, 29.52);
const rect = tileRect(LEVEL, X, Y);
const hills: DecodedTile = {
  childMask: 0,
  heights: Float64Array.from({ length: TILE_SIZE * TILE_SIZE }, (_, i) => {
    const r = Math.floor(i / TILE_SIZE);
    const c = i % TILE_SIZE;
    return 550 + 80 * Math.sin(c / 3) * Math.cos(r / 5) + ((r * 7 + c * 13) % 11);
  }),
};
const asTile = (heights: Float32Array): DecodedTile => ({ heights: Float64Array.from(heights), childMask: 0 });

describe('terrain tiles below the deepest level', () => {
  it('finds the ancestor of a tile at a shallower level, and nothing deeper', () => {
    expect(ancestorAt({ level: 15, x: X * 8 + 5, y: Y * 8 + 3 }, LEVEL)).toEqual({ level: LEVEL, x: X, y: Y });
    expect(ancestorAt({ level: LEVEL, x: X, y: Y }, LEVEL)).toEqual({ level: LEVEL, x: X, y: Y });
    expect(ancestorAt({ level: 11, x: 1, y: 1 }, LEVEL)).toBeNull();
  });

  it('flips rows between Cesium (north first) and TMS (south first)', () => {
    expect(flipY(0, 0)).toBe(0);
    expect(flipY(LEVEL, 0)).toBe(2 ** LEVEL - 1);
    expect(flipY(LEVEL, flipY(LEVEL, 1234))).toBe(1234);
  });

  it('gives the tile itself back unchanged', () => {
    const same = resampleTile(hills, rect, rect);
    for (let i = 0; i < same.length; i++) expect(same[i]).toBeCloseTo(hills.heights[i]!, 3);
  });

  it('draws exactly the real tile surface at any depth (the deep triangles lie inside the real ones)', () => {
    for (const depth of [1, 3, 6]) {
      const n = 2 ** depth;
      // a few tiles across the real one, including its corners
      for (const [dx, dy] of [
        [0, 0],
        [n - 1, n - 1],
        [Math.floor(n / 3), Math.floor((2 * n) / 3)],
      ]) {
        const key = { level: LEVEL + depth, x: X * n + dx!, y: Y * n + dy! };
        const deep = deepTileHeights(key, LEVEL, (x, y) => (x === X && y === Y ? hills : undefined))!;
        const deepRect = tileRect(key.level, key.x, key.y);
        for (let k = 0; k < 200; k++) {
          const lng = deepRect.west + ((k * 0.6180339887) % 1) * (deepRect.east - deepRect.west);
          const lat = deepRect.south + ((k * 0.7548776662) % 1) * (deepRect.north - deepRect.south);
          expect(sampleTile(asTile(deep), deepRect, lng, lat)).toBeCloseTo(sampleTile(hills, rect, lng, lat), 2);
        }
      }
    }
  });

  it('shares its edges with its neighbours (no cracks between deep tiles)', () => {
    const src = (x: number, y: number) => (x === X && y === Y ? hills : undefined);
    const west = deepTileHeights({ level: LEVEL + 2, x: X * 4 + 1, y: Y * 4 + 1 }, LEVEL, src)!;
    const east = deepTileHeights({ level: LEVEL + 2, x: X * 4 + 2, y: Y * 4 + 1 }, LEVEL, src)!;
    for (let r = 0; r < TILE_SIZE; r++)
      expect(west[r * TILE_SIZE + TILE_SIZE - 1]).toBeCloseTo(east[r * TILE_SIZE]!, 3);
  });

  it('has nothing to offer where the real tile is not loaded', () => {
    expect(deepTileHeights({ level: LEVEL + 2, x: X * 4, y: Y * 4 }, LEVEL, () => undefined)).toBeNull();
    expect(deepTileHeights({ level: LEVEL - 1, x: 0, y: 0 }, LEVEL, () => hills)).toBeNull();
  });
});

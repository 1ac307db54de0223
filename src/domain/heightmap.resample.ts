// Terrain tiles below the deepest level the server has (issue 9: a flight's settle). Cesium makes
// such a tile by upsampling its parent's mesh, one level at a time: each level waits for its parent's
// mesh, so a view 4 levels below the data waits for 4 rounds of "upsample, build the mesh in a worker,
// next frame". Read off the deepest real tile instead, a tile of any depth is ready at once, and its
// heights are the surface Cesium draws for that real tile (sampleTile), not an approximation of it.

import { sampleTile, TILE_SIZE, tileRect, type DecodedTile, type TileRect } from './heightmap.tile.ts';

/** A tile's TMS position (y = 0 south). */
export interface TileKey {
  level: number;
  x: number;
  y: number;
}

/** The tile at `level` that holds `tile` (TMS x/y shift alike); null when `level` is deeper. */
export function ancestorAt(tile: TileKey, level: number): TileKey | null {
  const d = tile.level - level;
  if (d < 0) return null;
  return { level, x: Math.floor(tile.x / 2 ** d), y: Math.floor(tile.y / 2 ** d) };
}

/** Cesium's tiling-scheme y (0 north) to TMS y (0 south) and back, geographic scheme (2 × 1 at level 0). */
export function flipY(level: number, y: number): number {
  return 2 ** level - 1 - y;
}

/**
 * The TILE_SIZE² heights (rows north to south) of `target`, sampled on `source`'s surface as Cesium
 * tessellates it; `source` must hold `target` (one of its ancestors, or the tile itself).
 */
export function resampleTile(source: DecodedTile, sourceRect: TileRect, target: TileRect): Float32Array {
  const n = TILE_SIZE - 1;
  const out = new Float32Array(TILE_SIZE * TILE_SIZE);
  const dLng = (target.east - target.west) / n;
  const dLat = (target.north - target.south) / n;
  for (let r = 0; r < TILE_SIZE; r++) {
    const lat = target.north - r * dLat;
    for (let c = 0; c < TILE_SIZE; c++)
      out[r * TILE_SIZE + c] = sampleTile(source, sourceRect, target.west + c * dLng, lat);
  }
  return out;
}

/** Heights of the TMS tile `key` read off its ancestor at `source.level`, or null when that is not loaded. */
export function deepTileHeights(
  key: TileKey,
  sourceLevel: number,
  sourceTile: (x: number, y: number) => DecodedTile | undefined,
): Float32Array | null {
  const a = ancestorAt(key, sourceLevel);
  if (!a) return null;
  const tile = sourceTile(a.x, a.y);
  if (!tile) return null;
  return resampleTile(tile, tileRect(a.level, a.x, a.y), tileRect(key.level, key.x, key.y));
}

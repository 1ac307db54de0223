// Cesium's heightmap-1.0 terrain tile format (ADR 0008): a 65 × 65 grid of little-endian uint16
// heights, (h + 1000) × 5, rows north to south and columns west to east, edges shared with the
// neighbours; then one byte of child-tile mask (1 SW, 2 SE, 4 NW, 8 NE) and one water-mask byte.
// Tiles follow the geographic tiling scheme (2 × 1 tiles at level 0) with TMS rows (y = 0 south).
// Shared by the server (writes the tiles) and the wall (reads them back to stand objects on them).

export const TILE_SIZE = 65;
export const HEIGHT_SCALE = 5;
export const HEIGHT_OFFSET = 1000;
/** encoded range: -1000 m .. 12107 m in 0.2 m steps */
export const TILE_BYTES = TILE_SIZE * TILE_SIZE * 2 + 2;

export interface TileRect {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** Degrees covered by one tile at `level` (tiles are square in degrees). */
export function tileSpanDeg(level: number): number {
  return 180 / 2 ** level;
}

export function tileRect(level: number, x: number, y: number): TileRect {
  const span = tileSpanDeg(level);
  const west = -180 + x * span;
  const south = -90 + y * span;
  return { west, south, east: west + span, north: south + span };
}

/** The tile (TMS) holding a position at a level. */
export function tileAt(level: number, lng: number, lat: number): { x: number; y: number } {
  const span = tileSpanDeg(level);
  const maxX = 2 ** (level + 1) - 1;
  const maxY = 2 ** level - 1;
  return { x: Math.min(maxX, Math.floor((lng + 180) / span)), y: Math.min(maxY, Math.floor((lat + 90) / span)) };
}

/** Encodes heights (row-major, north row first, TILE_SIZE²) into one tile file. */
export function encodeTile(heights: Float64Array | Float32Array, childMask: number): Uint8Array {
  const buf = new Uint8Array(TILE_BYTES);
  const view = new DataView(buf.buffer);
  for (let i = 0; i < TILE_SIZE * TILE_SIZE; i++) {
    const v = Math.round((heights[i] + HEIGHT_OFFSET) * HEIGHT_SCALE);
    view.setUint16(i * 2, Math.max(0, Math.min(65535, v)), true);
  }
  buf[TILE_SIZE * TILE_SIZE * 2] = childMask & 0x0f;
  buf[TILE_SIZE * TILE_SIZE * 2 + 1] = 0; // all land: no water mask
  return buf;
}

export interface DecodedTile {
  heights: Float64Array;
  childMask: number;
}

export function decodeTile(buf: Uint8Array): DecodedTile {
  if (buf.byteLength < TILE_SIZE * TILE_SIZE * 2 + 1)
    throw new Error(`terrain tile too short: ${buf.byteLength} bytes`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const heights = new Float64Array(TILE_SIZE * TILE_SIZE);
  for (let i = 0; i < heights.length; i++) heights[i] = view.getUint16(i * 2, true) / HEIGHT_SCALE - HEIGHT_OFFSET;
  return { heights, childMask: buf[TILE_SIZE * TILE_SIZE * 2] };
}

/**
 * Height inside a decoded tile the way Cesium's heightmap tessellation draws it: each grid cell is
 * two triangles split along the SW–NE diagonal, heights linear on each triangle.
 */
export function sampleTile(tile: DecodedTile, rect: TileRect, lng: number, lat: number): number {
  const n = TILE_SIZE - 1;
  const fx = Math.max(0, Math.min(n, ((lng - rect.west) / (rect.east - rect.west)) * n));
  const fy = Math.max(0, Math.min(n, ((rect.north - lat) / (rect.north - rect.south)) * n));
  const c = Math.min(n - 1, Math.floor(fx));
  const r = Math.min(n - 1, Math.floor(fy));
  const u = fx - c;
  const v = fy - r;
  const h = (rr: number, cc: number) => tile.heights[rr * TILE_SIZE + cc];
  const nw = h(r, c);
  const ne = h(r, c + 1);
  const sw = h(r + 1, c);
  const se = h(r + 1, c + 1);
  // Cesium's HeightmapTessellator indexes (nw, sw, ne) and (ne, sw, se): the split runs SW–NE.
  if (u + v <= 1) return nw + (ne - nw) * u + (sw - nw) * v;
  return se + (sw - se) * (1 - u) + (ne - se) * (1 - v);
}

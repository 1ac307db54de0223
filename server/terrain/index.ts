// DEM GeoTIFF -> Cesium terrain (heightmap-1.0, ADR 0008) under <tiles>/terrain: layer.json with
// the tile availability, and {z}/{x}/{y}.terrain for every tile over the DEM from level 0 to the
// level whose grid spacing matches the DEM's pixels. Served as static files from our origin.

import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readDem, type Dem } from './dem.reader.ts';
import { encodeTile, tileAt, tileRect, TILE_SIZE, type TileRect } from '../../src/domain/heightmap.tile.ts';

export interface TerrainReport {
  layerPath: string;
  tiles: number;
  bytes: number;
  maxLevel: number;
  bbox: [number, number, number, number];
  minHeight: number;
  maxHeight: number;
  seconds: number;
}

export interface TerrainOptions {
  demPath: string;
  outDir: string;
  crs?: string;
  /** defaults to the DEM's own resolution, at most 15 */
  maxLevel?: number;
  onProgress?: (fraction: number) => void;
}

/** Beyond the DEM the ground eases down to sea level over this many degrees (~10 km), not a cliff. */
const FADE_DEG = 0.1;

/** Height used for a tile sample: the DEM inside it, its edge value fading to 0 outside. */
export function groundHeight(dem: Dem, lng: number, lat: number): number {
  const [w, s, e, n] = dem.bbox;
  const inset = dem.pixelDeg / 2;
  const cl = Math.min(e - inset, Math.max(w + inset, lng));
  const ct = Math.min(n - inset, Math.max(s + inset, lat));
  let h = dem.sample(cl, ct);
  if (!Number.isFinite(h)) h = 0;
  const d = Math.hypot(lng - cl, lat - ct);
  return d === 0 ? h : h * Math.max(0, 1 - d / FADE_DEG);
}

/** The level whose 64 grid steps per tile come closest to the DEM's pixel size. */
export function levelForPixel(pixelDeg: number): number {
  return Math.max(0, Math.min(15, Math.round(Math.log2(180 / (64 * pixelDeg)))));
}

interface Range {
  startX: number;
  startY: number;
  endX: number;
  endY: number;
}

function rangeFor(level: number, bbox: [number, number, number, number]): Range {
  if (level === 0) return { startX: 0, startY: 0, endX: 1, endY: 0 };
  const a = tileAt(level, bbox[0], bbox[1]);
  const b = tileAt(level, bbox[2], bbox[3]);
  return { startX: a.x, startY: a.y, endX: b.x, endY: b.y };
}

function tileHeights(dem: Dem, rect: TileRect): Float64Array {
  const out = new Float64Array(TILE_SIZE * TILE_SIZE);
  const n = TILE_SIZE - 1;
  for (let r = 0; r < TILE_SIZE; r++) {
    const lat = rect.north - ((rect.north - rect.south) * r) / n;
    for (let c = 0; c < TILE_SIZE; c++)
      out[r * TILE_SIZE + c] = groundHeight(dem, rect.west + ((rect.east - rect.west) * c) / n, lat);
  }
  return out;
}

export async function buildTerrain(opts: TerrainOptions): Promise<TerrainReport> {
  const t0 = performance.now();
  const dem = await readDem(opts.demPath, opts.crs);
  return writeTerrain(dem, opts, t0);
}

export function writeTerrain(
  dem: Dem,
  opts: Omit<TerrainOptions, 'demPath' | 'crs'>,
  t0 = performance.now(),
): TerrainReport {
  const maxLevel = opts.maxLevel ?? levelForPixel(dem.pixelDeg);
  // Tiles cover the DEM plus its fade margin, so the eased edge has tiles of full detail too.
  const margin = FADE_DEG / 2;
  const cover: [number, number, number, number] = [
    dem.bbox[0] - margin,
    dem.bbox[1] - margin,
    dem.bbox[2] + margin,
    dem.bbox[3] + margin,
  ];
  const ranges = Array.from({ length: maxLevel + 1 }, (_, z) => rangeFor(z, cover));
  const total = ranges.reduce((s, r) => s + (r.endX - r.startX + 1) * (r.endY - r.startY + 1), 0);
  const scratch = `${opts.outDir}.tmp-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  let tiles = 0;
  let bytes = 0;
  const inRange = (z: number, x: number, y: number) => {
    const r = ranges[z];
    return r !== undefined && x >= r.startX && x <= r.endX && y >= r.startY && y <= r.endY;
  };
  try {
    for (let z = 0; z <= maxLevel; z++) {
      const r = ranges[z];
      for (let x = r.startX; x <= r.endX; x++) {
        mkdirSync(join(scratch, String(z), String(x)), { recursive: true });
        for (let y = r.startY; y <= r.endY; y++) {
          // children of (x, y): SW (2x, 2y), SE (2x+1, 2y), NW (2x, 2y+1), NE (2x+1, 2y+1) in TMS
          const mask =
            (inRange(z + 1, 2 * x, 2 * y) ? 1 : 0) |
            (inRange(z + 1, 2 * x + 1, 2 * y) ? 2 : 0) |
            (inRange(z + 1, 2 * x, 2 * y + 1) ? 4 : 0) |
            (inRange(z + 1, 2 * x + 1, 2 * y + 1) ? 8 : 0);
          const buf = encodeTile(tileHeights(dem, tileRect(z, x, y)), mask);
          writeFileSync(join(scratch, String(z), String(x), `${y}.terrain`), buf);
          tiles++;
          bytes += buf.byteLength;
          if (tiles % 200 === 0) opts.onProgress?.(tiles / total);
        }
      }
    }
    const layer = {
      tilejson: '2.1.0',
      name: 'gridwall terrain',
      format: 'heightmap-1.0',
      version: '1.0.0',
      scheme: 'tms',
      tiles: ['{z}/{x}/{y}.terrain'],
      projection: 'EPSG:4326',
      bounds: [-180, -90, 180, 90],
      minzoom: 0,
      maxzoom: maxLevel,
      available: ranges.map((r) => [r]),
      // not part of Cesium's schema: what the wall and the tests read about the DEM
      gridwall: { demBbox: dem.bbox, minHeight: dem.minHeight, maxHeight: dem.maxHeight },
    };
    const text = JSON.stringify(layer);
    writeFileSync(join(scratch, 'layer.json'), text);
    bytes += text.length;
    mkdirSync(dirname(opts.outDir), { recursive: true });
    rmSync(opts.outDir, { recursive: true, force: true });
    renameSync(scratch, opts.outDir);
  } finally {
    if (existsSync(scratch)) rmSync(scratch, { recursive: true, force: true });
  }
  opts.onProgress?.(1);
  return {
    layerPath: join(opts.outDir, 'layer.json'),
    tiles,
    bytes,
    maxLevel,
    bbox: dem.bbox,
    minHeight: dem.minHeight,
    maxHeight: dem.maxHeight,
    seconds: (performance.now() - t0) / 1000,
  };
}

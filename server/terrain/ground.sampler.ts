// Heights of the ground as the wall draws it: read back from the written terrain tiles at their
// most detailed level and interpolated the way Cesium triangulates them. The tile builder stands
// buildings on this (not on the raw DEM), so a base meets the surface the viewer sees.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeTile, sampleTile, tileAt, tileRect, type DecodedTile } from '../../src/domain/heightmap.tile.ts';

export type GroundSampler = (lng: number, lat: number) => number;

interface LayerJson {
  maxzoom: number;
  available: { startX: number; startY: number; endX: number; endY: number }[][];
}

export function readLayer(terrainDir: string): LayerJson {
  return JSON.parse(readFileSync(join(terrainDir, 'layer.json'), 'utf8')) as LayerJson;
}

/** A sampler over the tiles in `terrainDir`; 0 where no tile exists (as the globe without terrain). */
export function tileGroundSampler(terrainDir: string, level?: number): GroundSampler {
  const layer = readLayer(terrainDir);
  const z = level ?? layer.maxzoom;
  const cache = new Map<string, DecodedTile | null>();
  return (lng, lat) => {
    const { x, y } = tileAt(z, lng, lat);
    const key = `${x}/${y}`;
    let tile = cache.get(key);
    if (tile === undefined) {
      const file = join(terrainDir, String(z), String(x), `${y}.terrain`);
      tile = existsSync(file) ? decodeTile(readFileSync(file)) : null;
      cache.set(key, tile);
    }
    return tile ? sampleTile(tile, tileRect(z, x, y), lng, lat) : 0;
  };
}

/** Where a footprint stands: walls start at its lowest ground point, so no corner floats. */
export function footprintBase(ground: GroundSampler, ring: [number, number][]): { base: number; mean: number } {
  let lo = Infinity;
  let sum = 0;
  for (const [lng, lat] of ring) {
    const h = ground(lng, lat);
    lo = Math.min(lo, h);
    sum += h;
  }
  return { base: ring.length ? lo : 0, mean: ring.length ? sum / ring.length : 0 };
}

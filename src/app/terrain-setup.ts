import { CesiumTerrainProvider, type Viewer } from 'cesium';
import { decodeTile, sampleTile, tileAt, tileRect, type DecodedTile } from '../domain/heightmap.tile.ts';
import type { GroundHeights } from '../layers/layer.types.ts';
import { DeepTerrainProvider } from './deep-terrain.cesium.ts';

// Terrain from our own origin (ADR 0008). A district whose tiles include /tiles/terrain (an
// imported district with a DEM, or the demo, unless built with GRIDWALL_DEMO_TERRAIN=0) gets Cesium terrain
// and a ground-height function the layers stand their objects on; without it the wall keeps the
// flat globe and every height stays what it was.

export const TERRAIN_URL = '/tiles/terrain';
/** The wall preloads one level of tiles for the layers' heights; more tiles than this: a coarser level. */
const MAX_PRELOAD_TILES = 600;
const FINEST_PRELOAD_LEVEL = 13;

interface LayerJson {
  format: string;
  maxzoom: number;
  available: { startX: number; startY: number; endX: number; endY: number }[][];
  gridwall?: { demBbox: [number, number, number, number] };
}

/** Heights the layers read: replaced in place once the terrain has loaded (the layers keep the reference). */
export class GroundHolder implements GroundHeights {
  terrain = false;
  level = -1;
  tiles = 0;
  private readonly byKey = new Map<string, DecodedTile>();

  at(lng: number, lat: number): number {
    if (!this.terrain) return 0;
    const { x, y } = tileAt(this.level, lng, lat);
    const tile = this.byKey.get(`${x}/${y}`);
    return tile ? sampleTile(tile, tileRect(this.level, x, y), lng, lat) : 0;
  }

  /** The preloaded tile at TMS x/y of `level` (DeepTerrainProvider reads the deeper levels off it). */
  decoded(x: number, y: number): DecodedTile | undefined {
    return this.byKey.get(`${x}/${y}`);
  }

  fill(level: number, tiles: Map<string, DecodedTile>): void {
    this.level = level;
    for (const [k, t] of tiles) this.byKey.set(k, t);
    this.tiles = tiles.size;
    this.terrain = true;
  }
}

function preloadLevel(layer: LayerJson): number {
  for (let z = Math.min(layer.maxzoom, FINEST_PRELOAD_LEVEL); z > 0; z--) {
    const r = layer.available[z]?.[0];
    if (r && (r.endX - r.startX + 1) * (r.endY - r.startY + 1) <= MAX_PRELOAD_TILES) return z;
  }
  return 0;
}

/**
 * Switches the globe to our terrain when the server has it and fills `ground` with the preloaded
 * heights. Resolves false (flat globe, ground stays 0) when there is no terrain; never throws.
 */
export async function loadTerrain(
  viewer: Viewer,
  ground: GroundHolder,
  onError: (message: string) => void,
): Promise<boolean> {
  let layer: LayerJson;
  try {
    const res = await fetch(`${TERRAIN_URL}/layer.json`);
    if (res.status === 404) return false;
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    layer = (await res.json()) as LayerJson;
    if (layer.format !== 'heightmap-1.0' || !Array.isArray(layer.available))
      throw new Error(`unexpected layer.json (${layer.format})`);
  } catch (err) {
    onError(`terrain unavailable: ${(err as Error).message}`);
    return false;
  }
  try {
    const z = preloadLevel(layer);
    const r = layer.available[z][0];
    const jobs: Promise<[string, DecodedTile]>[] = [];
    for (let x = r.startX; x <= r.endX; x++) {
      for (let y = r.startY; y <= r.endY; y++) {
        jobs.push(
          fetch(`${TERRAIN_URL}/${z}/${x}/${y}.terrain`).then(async (res) => {
            if (!res.ok) throw new Error(`terrain tile ${z}/${x}/${y}: HTTP ${res.status}`);
            return [`${x}/${y}`, decodeTile(new Uint8Array(await res.arrayBuffer()))];
          }),
        );
      }
    }
    const tiles = new Map(await Promise.all(jobs));
    const provider = await CesiumTerrainProvider.fromUrl(TERRAIN_URL, {
      requestVertexNormals: false,
      requestWaterMask: false,
    });
    ground.fill(z, tiles);
    // the preloaded level is the deepest the server has: Cesium gets it and every level below it
    // from memory, without its level-by-level upsampling (deep-terrain.cesium.ts)
    viewer.terrainProvider = z === layer.maxzoom ? new DeepTerrainProvider(provider, ground) : provider;
    return true;
  } catch (err) {
    onError(`terrain failed, keeping the flat globe: ${(err as Error).message}`);
    return false;
  }
}

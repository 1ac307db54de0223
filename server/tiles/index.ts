// The offline city-model builder: data/district/*.json -> public/tiles/{buildings,ground}.
// Each part is built into a scratch directory next to its destination and swapped in at the end,
// so a server reading public/tiles never sees half a tileset, and a failed build leaves the old one.

import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadDistrict } from './district.load.ts';
import { writeGround, DEFAULT_GROUND, type GroundOptions } from './ground.build.ts';
import { DEFAULT_PLAN, type PlanOptions } from './hierarchy.plan.ts';
import { writeTileset } from './tileset.build.ts';
import { tileGroundSampler } from '../terrain/ground.sampler.ts';

export interface TilesReport {
  /** <outDir>/buildings/tileset.json */
  tilesetPath: string;
  glbCount: number;
  /** tileset.json + all GLBs */
  bytes: number;
  /** buildings placed in the model (each in exactly one leaf) */
  buildings: number;
  /** buildings in the input that had no usable footprint or height */
  skipped: number;
  tiles: number;
  depth: number;
  groundPath: string;
  groundTiles: number;
  groundBytes: number;
  timings: { load: number; buildings: number; ground: number };
  seconds: number;
}

export interface BuildTilesOptions {
  districtDir: string;
  outDir: string;
  onProgress?: (step: string, fraction: number) => void;
}

/** Tuning knobs for tests; the public signature stays the three fields above. */
export interface BuildTilesTuning {
  plan?: PlanOptions;
  ground?: GroundOptions;
  /** terrain tiles (server/terrain) to stand the buildings on; absent: on the ellipsoid */
  terrainDir?: string;
}

function swapIn(scratch: string, dest: string): void {
  rmSync(dest, { recursive: true, force: true });
  renameSync(scratch, dest);
}

export async function buildTiles(opts: BuildTilesOptions, tuning: BuildTilesTuning = {}): Promise<TilesReport> {
  const t0 = performance.now();
  const progress = opts.onProgress ?? (() => {});
  progress('load', 0);
  const district = loadDistrict(opts.districtDir);
  const tLoad = performance.now();
  progress('load', 1);

  mkdirSync(opts.outDir, { recursive: true });
  const scratchB = join(opts.outDir, `.buildings.tmp-${process.pid}`);
  const scratchG = join(opts.outDir, `.ground.tmp-${process.pid}`);
  rmSync(scratchB, { recursive: true, force: true });
  rmSync(scratchG, { recursive: true, force: true });
  try {
    const tileset = writeTileset(
      district.buildings,
      scratchB,
      (done, total) => progress('buildings', total ? done / total : 1),
      tuning.plan ?? DEFAULT_PLAN,
      tuning.terrainDir ? tileGroundSampler(tuning.terrainDir) : undefined,
    );
    const tB = performance.now();
    const ground = writeGround(
      district,
      scratchG,
      (done, total) => progress('ground', done / total),
      tuning.ground ?? DEFAULT_GROUND,
    );
    const tG = performance.now();
    swapIn(scratchB, join(opts.outDir, 'buildings'));
    swapIn(scratchG, join(opts.outDir, 'ground'));
    progress('done', 1);
    return {
      tilesetPath: join(opts.outDir, 'buildings', 'tileset.json'),
      glbCount: tileset.glbCount,
      bytes: tileset.bytes,
      buildings: tileset.buildings,
      skipped: district.buildings.length - tileset.buildings,
      tiles: tileset.tiles,
      depth: tileset.depth,
      groundPath: join(opts.outDir, 'ground', 'ground.json'),
      groundTiles: ground.tiles,
      groundBytes: ground.bytes,
      timings: { load: (tLoad - t0) / 1000, buildings: (tB - tLoad) / 1000, ground: (tG - tB) / 1000 },
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    if (existsSync(scratchB)) rmSync(scratchB, { recursive: true, force: true });
    if (existsSync(scratchG)) rmSync(scratchG, { recursive: true, force: true });
  }
}

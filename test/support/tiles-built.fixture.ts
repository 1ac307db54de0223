// Test helper: the real built output the tile tests inspect. It builds once per (builder source,
// input data) into the OS temp dir, shared by all test files of a run (vitest runs them in
// parallel workers, so the first one builds under a lock and the others wait for it).
// Input: the prepared district (GRIDWALL_DATA_DIR, default data/), the one the server and the
// tiles CLI use. npm test and CI prepare it first; without it the tests fail saying so, instead of
// quietly testing another input (determinism.test.ts uses the synthetic fixture on purpose).

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildTiles, type TilesReport } from '../../server/tiles/index.ts';
import { loadDistrict, type DistrictInput } from '../../server/tiles/district.load.ts';
import { loadConfig } from '../../server/config.ts';

// the tiles builder's own sources key the cache: a change to any of them rebuilds the fixture
const HERE = join(dirname(fileURLToPath(import.meta.url)), '../../server/tiles');
const BASE = join(tmpdir(), 'gridwall-tiles-test');

export interface Built {
  source: 'data/district';
  districtDir: string;
  outDir: string;
  district: DistrictInput;
  report: TilesReport;
}

function sourceHash(extra: string[]): string {
  const h = createHash('sha256');
  for (const f of readdirSync(HERE).sort()) {
    if (f.endsWith('.ts') && !f.endsWith('.test.ts')) h.update(f).update(readFileSync(join(HERE, f)));
  }
  for (const e of extra) h.update(e);
  return h.digest('hex').slice(0, 16);
}

async function pickSource(): Promise<{ source: Built['source']; dir: string; stamp: string }> {
  const real = loadConfig().districtDir;
  const realBuildings = join(real, 'buildings.json');
  if (!existsSync(realBuildings)) {
    throw new Error(
      `tiles tests need the prepared district: ${realBuildings} is missing; run npx tsx scripts/prepare.ts (npm test does it first)`,
    );
  }
  const s = statSync(realBuildings);
  return { source: 'data/district', dir: real, stamp: `real:${real}:${s.size}:${s.mtimeMs}` };
}

let cached: Promise<Built> | null = null;

export function builtTiles(): Promise<Built> {
  cached ??= build();
  return cached;
}

async function build(): Promise<Built> {
  mkdirSync(BASE, { recursive: true });
  const lock = join(BASE, 'lock');
  // mkdir is atomic: whoever creates the lock builds; a lock older than 10 min is a dead run's.
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 600_000)
        rmSync(lock, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    const { source, dir, stamp } = await pickSource();
    const key = sourceHash([stamp]);
    const outDir = join(BASE, `out-${key}`);
    const reportPath = join(outDir, 'report.json');
    let report: TilesReport;
    if (existsSync(reportPath)) {
      report = JSON.parse(readFileSync(reportPath, 'utf8')) as TilesReport;
    } else {
      for (const old of readdirSync(BASE))
        if (old.startsWith('out-')) rmSync(join(BASE, old), { recursive: true, force: true });
      report = await buildTiles({ districtDir: dir, outDir });
      writeFileSync(reportPath, JSON.stringify(report));
    }
    return { source, districtDir: dir, outDir, district: loadDistrict(dir), report };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Every tile of a tileset JSON, depth-first, with its parent chain. */
export interface TileVisit {
  tile: TileJsonLike;
  parents: TileJsonLike[];
}
export interface TileJsonLike {
  boundingVolume: { region: number[] };
  geometricError: number;
  refine?: string;
  transform?: number[];
  content?: { uri: string };
  children?: TileJsonLike[];
}

export function walkTiles(root: TileJsonLike): TileVisit[] {
  const out: TileVisit[] = [];
  const visit = (tile: TileJsonLike, parents: TileJsonLike[]) => {
    out.push({ tile, parents });
    for (const c of tile.children ?? []) visit(c, [...parents, tile]);
  };
  visit(root, []);
  return out;
}

// Test helper: the real built output the tile tests inspect. It builds once per (builder source,
// input data) into the OS temp dir, shared by all test files of a run (vitest runs them in
// parallel workers, so the first one builds under a lock and the others wait for it).
// Input, in order of preference: data/district (the generator's real output), the generator run
// into a temp dir (once server/gen/index.ts exists), the synthetic fixture.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildTiles, type TilesReport } from './index.ts';
import { loadDistrict, type DistrictInput } from './district.load.ts';
import { writeSyntheticDistrict } from './synthetic.fixture.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const BASE = join(tmpdir(), 'gridwall-tiles-test');

export interface Built {
  source: 'data/district' | 'generator' | 'synthetic';
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
  const real = join(ROOT, 'data', 'district');
  const realBuildings = join(real, 'buildings.json');
  if (existsSync(realBuildings)) {
    const s = statSync(realBuildings);
    return { source: 'data/district', dir: real, stamp: `real:${s.size}:${s.mtimeMs}` };
  }
  if (existsSync(join(ROOT, 'server', 'gen', 'index.ts'))) {
    const dir = join(BASE, 'generated-district');
    return { source: 'generator', dir, stamp: `gen:${sourceHashOf(join(ROOT, 'server', 'gen'))}` };
  }
  return { source: 'synthetic', dir: join(BASE, 'synthetic-district'), stamp: 'synthetic' };
}

function sourceHashOf(dir: string): string {
  const h = createHash('sha256');
  for (const f of readdirSync(dir).sort()) if (f.endsWith('.ts')) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 16);
}

async function prepareInput(source: Built['source'], dir: string): Promise<void> {
  if (source === 'data/district') return;
  if (existsSync(join(dir, '.complete'))) return;
  rmSync(dir, { recursive: true, force: true });
  if (source === 'synthetic') writeSyntheticDistrict(dir);
  else {
    // by URL, not a literal specifier: the generator may not exist yet when this file is checked
    const gen = (await import(/* @vite-ignore */ pathToFileURL(join(ROOT, 'server', 'gen', 'index.ts')).href)) as {
      generateDistrict: (o: { seed: number; outDir: string }) => Promise<unknown>;
    };
    await gen.generateDistrict({ seed: Number(process.env.GRIDWALL_SEED ?? 20260114), outDir: dir });
  }
  writeFileSync(join(dir, '.complete'), '');
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
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    const { source, dir, stamp } = await pickSource();
    await prepareInput(source, dir);
    const key = sourceHash([stamp]);
    const outDir = join(BASE, `out-${key}`);
    const reportPath = join(outDir, 'report.json');
    let report: TilesReport;
    if (existsSync(reportPath)) {
      report = JSON.parse(readFileSync(reportPath, 'utf8')) as TilesReport;
    } else {
      for (const old of readdirSync(BASE)) if (old.startsWith('out-')) rmSync(join(BASE, old), { recursive: true, force: true });
      // The synthetic district is small: smaller tiles give it a real multi-level tree to test.
      const tuning = source === 'synthetic' ? { plan: { leafCap: 60, internalCap: 120, internalShare: 0.4, maxDepth: 8 } } : {};
      report = await buildTiles({ districtDir: dir, outDir }, tuning);
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

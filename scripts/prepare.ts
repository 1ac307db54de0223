// Builds whatever the wall needs and does not have yet (demo district, city model, app bundle),
// so `npm start` and `npm test` work on a fresh clone. Each output carries a stamp of the inputs
// that made it; a changed generator, builder or source rebuilds only what depends on it.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, ROOT, type Config } from '../server/config.ts';
import { createProgress } from './progress.ts';

const STAMP = '.gridwall-stamp';

function listFiles(p: string): string[] {
  const abs = path.resolve(ROOT, p);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return [abs];
  return fs
    .readdirSync(abs, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) =>
      e.name === 'node_modules' || e.name.endsWith('.test.ts') ? [] : listFiles(path.join(abs, e.name)),
    );
}

/** A hash of the named inputs' contents plus extra strings (seed, upstream stamps). */
export function inputsHash(paths: string[], extra: string[] = []): string {
  const h = crypto.createHash('sha256');
  for (const file of paths.flatMap(listFiles)) {
    h.update(path.relative(ROOT, file));
    h.update(fs.readFileSync(file));
  }
  for (const e of extra) h.update(e);
  return h.digest('hex').slice(0, 16);
}

function readStamp(dir: string): string | null {
  const p = path.join(dir, STAMP);
  return fs.existsSync(p) ? fs.readFileSync(p, 'utf8').trim() : null;
}
function writeStamp(dir: string, stamp: string) {
  fs.writeFileSync(path.join(dir, STAMP), `${stamp}\n`);
}

export function districtStamp(config: Config): string {
  return inputsHash(['server/gen', 'src/domain/district.types.ts', 'src/domain/geo.ts'], [String(config.seed)]);
}
export function tilesStamp(config: Config): string {
  // buildings stand on the terrain when there is one, so the terrain is an input of the tiles
  return inputsHash(
    ['server/tiles', 'src/domain/geo.ts'],
    [districtStamp(config), ...(demoTerrainOn() ? [terrainStamp(config)] : [])],
  );
}
export function appStamp(): string {
  return inputsHash(['src', 'index.html', 'vite.config.ts', 'package-lock.json']);
}

/** A district brought in by `npm run import` is never regenerated or rebuilt here: the importer built it. */
export function importedDistrict(config: Config): string | null {
  const p = path.join(config.districtDir, 'summary.json');
  if (!fs.existsSync(p)) return null;
  const summary = JSON.parse(fs.readFileSync(p, 'utf8')) as { source?: string; name?: string };
  return summary.source === 'imported' ? (summary.name ?? 'imported district') : null;
}

/** The demo's generated terrain (ADR 0008): the demo has its hills by default; GRIDWALL_DEMO_TERRAIN=0 keeps the flat globe. */
export function demoTerrainOn(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.GRIDWALL_DEMO_TERRAIN ?? '1') !== '0';
}
export function terrainStamp(config: Config): string {
  return inputsHash(
    ['server/terrain', 'src/domain/seeded-random.ts'],
    [districtStamp(config), demoTerrainOn() ? 'on' : 'off'],
  );
}

export async function ensureTerrain(config: Config, force = false): Promise<boolean> {
  const dir = path.join(config.tilesDir, 'terrain');
  if (!demoTerrainOn()) {
    if (!fs.existsSync(dir)) return false;
    fs.rmSync(dir, { recursive: true, force: true });
    return true;
  }
  const stamp = terrainStamp(config);
  if (!force && readStamp(dir) === stamp) return false;
  const progress = createProgress('demo terrain');
  const { buildDemoTerrain } = await import('../server/terrain/demo.build.ts');
  const report = await buildDemoTerrain(config.districtDir, dir, config.seed, progress.update);
  writeStamp(dir, stamp);
  progress.done(
    `${report.tiles} tiles to level ${report.maxLevel}, ${Math.round(report.minHeight)}–${Math.round(report.maxHeight)} m`,
  );
  return true;
}

export async function ensureDistrict(config: Config, force = false): Promise<boolean> {
  const imported = importedDistrict(config);
  if (imported) {
    console.log(`  ${imported}: imported district in ${config.districtDir} (npm run import rebuilds it)`);
    return false;
  }
  const stamp = districtStamp(config);
  if (!force && readStamp(config.districtDir) === stamp) return false;
  const progress = createProgress('demo district');
  const { generateDistrict } = await import('../server/gen/index.ts');
  const summary = await generateDistrict({
    seed: config.seed,
    outDir: config.districtDir,
    onProgress: progress.update,
  });
  writeStamp(config.districtDir, stamp);
  progress.done(`${summary.grids} grids, ${summary.buildings} buildings, ${summary.cameras} cameras`);
  return true;
}

export async function ensureTiles(config: Config, force = false): Promise<boolean> {
  if (importedDistrict(config)) return false;
  const stamp = tilesStamp(config);
  if (!force && readStamp(config.tilesDir) === stamp) return false;
  const progress = createProgress('city model tiles');
  const { buildTiles } = await import('../server/tiles/index.ts');
  fs.mkdirSync(config.tilesDir, { recursive: true });
  const terrainDir = path.join(config.tilesDir, 'terrain');
  const tuning = demoTerrainOn() && fs.existsSync(path.join(terrainDir, 'layer.json')) ? { terrainDir } : {};
  const report = await buildTiles(
    { districtDir: config.districtDir, outDir: config.tilesDir, onProgress: progress.update },
    tuning,
  );
  writeStamp(config.tilesDir, stamp);
  progress.done(`${report.glbCount} GLB files, ${(report.bytes / 1e6).toFixed(1)} MB`);
  return true;
}

export async function ensureApp(config: Config, force = false): Promise<boolean> {
  const stamp = appStamp();
  if (!force && readStamp(config.distDir) === stamp) return false;
  const progress = createProgress('wall app bundle');
  progress.update('vite build', 0.05);
  await new Promise<void>((resolve, reject) => {
    const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`))));
    child.on('error', reject);
  });
  writeStamp(config.distDir, stamp);
  progress.done('dist/');
  return true;
}

export async function prepare(config: Config, force = false): Promise<void> {
  const t0 = performance.now();
  const rebuiltData = await ensureDistrict(config, force);
  const rebuiltTerrain = importedDistrict(config) ? false : await ensureTerrain(config, force || rebuiltData);
  await ensureTiles(config, force || rebuiltData || rebuiltTerrain);
  await ensureApp(config, force);
  console.log(`gridwall: ready to serve (${((performance.now() - t0) / 1000).toFixed(1)} s of preparation)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // npm run build:data / build:tiles come through here too (--only data|tiles, always rebuilt), so
  // every entry point reads the one configuration and leaves the stamp the next start checks
  const i = process.argv.indexOf('--only');
  const only = i >= 0 ? process.argv[i + 1] : undefined;
  const config = loadConfig();
  const run =
    only === 'data'
      ? ensureDistrict(config, true).then(() => undefined)
      : only === 'tiles'
        ? ensureTiles(config, true).then(() => undefined)
        : only === undefined
          ? prepare(config, process.argv.includes('--force'))
          : Promise.reject(new Error(`--only takes data or tiles, not ${only}`));
  run.catch((err) => {
    console.error(`gridwall: preparation failed: ${err instanceof Error ? err.stack : err}`);
    process.exit(1);
  });
}

// `npm run import -- <manifest.json>`: a district's own files -> <out>/district/*.json (the
// generator's contract), <out>/tiles/{buildings,ground,terrain}, and an import report. The server
// serves the result with GRIDWALL_DATA_DIR=<out>.

import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DISTRICT_FILES, type Camera, type Staff } from '../../src/domain/district.types.ts';
import { DEFAULT_GROUND } from '../tiles/ground.build.ts';
import { buildTiles } from '../tiles/index.ts';
import { assembleImport } from './assemble.import.ts';
import { importBuildings } from './buildings.import.ts';
import { readLevel, type SourceUnit } from './levels.import.ts';
import { LEVEL_ORDER, type LevelName, type LoadedManifest } from './manifest.import.ts';
import { linkTree, type TreeUnit } from './parents.import.ts';
import { importCameras, importStaff } from './points.import.ts';
import { formatReport, type FileNote, type ImportReport } from './report.import.ts';
import { BoxIndex } from './spatial.import.ts';
import type { Problem } from './validate.import.ts';
import { buildTerrain, type TerrainReport } from '../terrain/index.ts';

export interface ImportOptions {
  strict?: boolean;
  onProgress?: (step: string, fraction: number) => void;
}

export class StrictImportError extends Error {
  constructor(readonly report: ImportReport) {
    super(`--strict: ${report.problems.length} problem(s) found, nothing written`);
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function dirBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (s, e) => s + (e.isDirectory() ? dirBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size),
    0,
  );
}

function indexOf(units: TreeUnit[]): BoxIndex<TreeUnit> {
  const index = BoxIndex.forBoxes<TreeUnit>(units.map((u) => u.bbox));
  for (const u of units) index.insert(u.bbox, u);
  return index;
}

export async function runImport(
  m: LoadedManifest,
  opts: ImportOptions = {},
): Promise<ImportReport & { terrain: TerrainReport | null }> {
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  let tStep = t0;
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = (now - tStep) / 1000;
    tStep = now;
  };
  const progress = async (step: string, f: number) => {
    opts.onProgress?.(step, f);
    await tick();
  };
  const mf = m.manifest;
  const problems: Problem[] = [];
  const files: FileNote[] = [];
  const given: Partial<Record<LevelName, SourceUnit[]>> = {};
  const levels = LEVEL_ORDER.filter((l) => mf.levels[l]);
  for (const [i, level] of levels.entries()) {
    await progress(`reading ${level} level (${mf.levels[level]!.file})`, (0.3 * i) / levels.length);
    const r = readLevel(level, mf.levels[level]!, m, problems);
    given[level] = r.units;
    files.push({
      file: mf.levels[level]!.file,
      what: level,
      crs: r.crs,
      encoding: r.encoding,
      read: r.read,
      kept: r.units.length,
    });
  }
  lap('read');
  await progress('linking parents and checking siblings', 0.3);
  const districtSrc = given.district?.[0]?.srcId;
  const districtId = `D${mf.code ?? (districtSrc && /^\d{1,12}$/.test(districtSrc) ? districtSrc : '000000')}`;
  const tree = linkTree(given, { districtId, name: mf.name }, problems);
  for (const f of files)
    if (f.what !== 'district')
      f.kept = tree[f.what as Exclude<LevelName, 'district'>].filter((u) => !u.placeholder).length;
  lap('link');

  const grids = indexOf(tree.grid);
  let buildings: ReturnType<typeof importBuildings> = { buildings: [], patches: [], read: 0, crs: '', encoding: '' };
  if (mf.buildings) {
    await progress(`reading buildings (${mf.buildings.file})`, 0.4);
    buildings = importBuildings(m, grids, tree.microgrid.length ? indexOf(tree.microgrid) : null, problems);
    files.push({
      file: mf.buildings.file,
      what: 'buildings',
      crs: buildings.crs,
      encoding: buildings.encoding,
      read: buildings.read,
      kept: buildings.buildings.length,
    });
  }
  let cameras: Camera[] = [];
  let staff: Staff[] = [];
  if (mf.cameras) {
    const r = importCameras(mf.cameras.file, m, grids, problems, mf.cameras.crs, mf.cameras.encoding);
    cameras = r.items;
    files.push({
      file: mf.cameras.file,
      what: 'cameras',
      crs: r.crs,
      encoding: r.encoding,
      read: r.read,
      kept: cameras.length,
    });
  }
  if (mf.staff) {
    const r = importStaff(mf.staff.file, m, grids, problems, mf.staff.crs, mf.staff.encoding);
    staff = r.items;
    files.push({
      file: mf.staff.file,
      what: 'staff',
      crs: r.crs,
      encoding: r.encoding,
      read: r.read,
      kept: staff.length,
    });
  }
  lap('features');

  const assembled = assembleImport(
    { districtId, name: mf.name, nameEn: mf.nameEn ?? mf.name },
    tree,
    buildings.buildings,
    buildings.patches,
    cameras,
    staff,
  );
  const counts = {
    streets: assembled.summary.streets,
    communities: assembled.summary.communities,
    grids: assembled.summary.grids,
    'micro-grids': assembled.summary.microGrids,
    buildings: assembled.summary.buildings,
    cameras: cameras.length,
    staff: staff.length,
  };
  const report: ImportReport = {
    name: mf.name,
    outDir: m.outDir,
    files,
    problems,
    filledLevels: tree.filled,
    counts,
    timings,
    bytes: 0,
    seconds: 0,
  };
  if (opts.strict && problems.length > 0) throw new StrictImportError(report);

  await progress('writing district files', 0.5);
  const districtDir = join(m.outDir, 'district');
  mkdirSync(districtDir, { recursive: true });
  rmSync(join(districtDir, DISTRICT_FILES.summary), { force: true });
  const out: [string, unknown][] = [
    [DISTRICT_FILES.hierarchy, assembled.hierarchy],
    [DISTRICT_FILES.microgrids, assembled.microgrids],
    [DISTRICT_FILES.patches, buildings.patches],
    [DISTRICT_FILES.buildings, buildings.buildings],
    [DISTRICT_FILES.roads, { nodes: [], edges: [] }],
    [DISTRICT_FILES.water, []],
    [DISTRICT_FILES.places, []],
    [DISTRICT_FILES.staff, staff],
    [DISTRICT_FILES.cameras, cameras],
  ];
  for (const [name, data] of out) writeFileSync(join(districtDir, name), JSON.stringify(data));
  lap('write');

  const tilesDir = join(m.outDir, 'tiles');
  let terrain: TerrainReport | null = null;
  if (mf.dem) {
    await progress(`terrain from ${mf.dem.file}`, 0.55);
    terrain = await buildTerrain({
      demPath: m.path(mf.dem.file),
      outDir: join(tilesDir, 'terrain'),
      crs: mf.dem.crs,
      onProgress: (f) => opts.onProgress?.('terrain tiles', 0.55 + 0.15 * f),
    });
    lap('terrain');
  }
  await progress('3D Tiles and ground', 0.7);
  // the builder reports each step from 0 to 1; spread them so the bar only moves forward
  const span: Record<string, [number, number]> = {
    load: [0.7, 0.72],
    buildings: [0.72, 0.85],
    ground: [0.85, 0.98],
    done: [0.98, 0.98],
  };
  const onTiles = (step: string, f: number) => {
    const [a, b] = span[step] ?? [0.7, 0.98];
    opts.onProgress?.(`tiles: ${step}`, a + (b - a) * f);
  };
  // The ground raster's detail zooms (14–17 over each patch) draw roads and blocks an import does
  // not have, and over a city's thousands of patches they would be millions of tiles: land to 13.
  const ground = { ...DEFAULT_GROUND, maxZoom: DEFAULT_GROUND.districtMaxZoom };
  await buildTiles(
    { districtDir, outDir: tilesDir, onProgress: onTiles },
    { ground, ...(terrain ? { terrainDir: join(tilesDir, 'terrain') } : {}) },
  );
  lap('tiles');

  // summary last: its presence marks a complete data set (as for the generator)
  assembled.summary.terrain = terrain !== null;
  writeFileSync(join(districtDir, DISTRICT_FILES.summary), `${JSON.stringify(assembled.summary, null, 2)}\n`);
  report.bytes = dirBytes(m.outDir);
  report.seconds = (performance.now() - t0) / 1000;
  writeFileSync(join(m.outDir, 'import-report.txt'), formatReport(report));
  writeFileSync(join(m.outDir, 'import-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await progress('done', 1);
  return { ...report, terrain };
}

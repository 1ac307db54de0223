// The deterministic demo-district generator: one seed -> every file in data/district/.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DISTRICT_FILES, type DistrictSummary } from '../../src/domain/district.types.ts';
import { assemble } from './assemble.gen.ts';
import { buildBuildings } from './buildings.gen.ts';
import { buildCameras } from './cameras.gen.ts';
import { buildHierarchy } from './hierarchy.gen.ts';
import { GridLocator } from './locate.gen.ts';
import { buildMicroGrids } from './microgrids.gen.ts';
import { NameBook } from './names.gen.ts';
import { buildPlaces, nodesByGrid } from './places.gen.ts';
import { createRng } from '../../src/domain/seeded-random.ts';
import { buildProfiles } from './profile.gen.ts';
import { buildRoads } from './roads.gen.ts';
import { buildStaff } from './staff.gen.ts';

export const DEFAULT_SEED = 20260114;

export interface GenerateOptions {
  seed: number;
  outDir: string;
  onProgress?: (step: string, fraction: number) => void;
}

// lets a progress line reach the terminal between CPU-heavy stages
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function generateDistrict(opts: GenerateOptions): Promise<DistrictSummary> {
  const progress = async (step: string, f: number) => {
    opts.onProgress?.(step, f);
    await tick();
  };
  const rng = createRng(opts.seed >>> 0);
  await progress('hierarchy: district, streets, communities, grids', 0);
  const h = buildHierarchy(rng.fork('hierarchy'));
  await progress('roads', 0.3);
  const roads = buildRoads(h, rng.fork('roads'));
  const locator = new GridLocator(h);
  await progress('buildings', 0.38);
  const buildings = buildBuildings(h, roads, locator, rng.fork('buildings'));
  await progress('micro-grids', 0.7);
  const people = new NameBook(rng.fork('people'));
  const micro = buildMicroGrids(h, buildings, people);
  await progress('places', 0.74);
  const gridNodes = nodesByGrid(h, roads, locator);
  const places = buildPlaces(h, buildings, micro, roads, gridNodes, locator, rng.fork('places'));
  await progress('staff', 0.78);
  const staff = buildStaff(h, roads, gridNodes, people, rng.fork('staff'));
  await progress('cameras', 0.82);
  const cameras = buildCameras(h, roads, buildings, places, locator, rng.fork('cameras'));
  await progress('grid profiles', 0.86);
  const profiles = buildProfiles(h, buildings, places, cameras, staff, rng.fork('profiles'));
  const out = assemble(opts.seed >>> 0, h, roads, buildings, micro, places, staff, cameras, profiles);
  await progress('writing files', 0.9);
  await mkdir(opts.outDir, { recursive: true });
  const files: [string, unknown][] = [
    [DISTRICT_FILES.hierarchy, out.hierarchy],
    [DISTRICT_FILES.microgrids, out.microgrids],
    [DISTRICT_FILES.patches, out.patches],
    [DISTRICT_FILES.buildings, out.buildings],
    [DISTRICT_FILES.roads, out.roads],
    [DISTRICT_FILES.water, out.water],
    [DISTRICT_FILES.places, out.places],
    [DISTRICT_FILES.staff, out.staff],
    [DISTRICT_FILES.cameras, out.cameras],
  ];
  for (const [name, data] of files) await writeFile(join(opts.outDir, name), JSON.stringify(data));
  // summary last: its presence marks a complete data set
  await writeFile(join(opts.outDir, DISTRICT_FILES.summary), `${JSON.stringify(out.summary, null, 2)}\n`);
  await progress('done', 1);
  return out.summary;
}

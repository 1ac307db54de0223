// The demo district's terrain: generate its DEM (demo-dem.terrain.ts), write it as a GeoTIFF next
// to the district data (so it can be looked at, and so the demo goes through the same GeoTIFF
// reader as an imported DEM), then build the terrain tiles from it.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DISTRICT_FILES,
  type DistrictSummary,
  type UrbanPatch,
  type WaterBody,
} from '../../src/domain/district.types.ts';
import { demoDem } from './demo-dem.terrain.ts';
import { writeGeoTiff } from './geotiff.writer.ts';
import { buildTerrain, type TerrainReport } from './index.ts';

export const DEMO_DEM_FILE = 'dem.tif';

export async function buildDemoTerrain(
  districtDir: string,
  outDir: string,
  seed: number,
  onProgress?: (step: string, f: number) => void,
): Promise<TerrainReport> {
  const read = <T>(f: string) => JSON.parse(readFileSync(join(districtDir, f), 'utf8')) as T;
  onProgress?.('generating the DEM', 0);
  const summary = read<DistrictSummary>(DISTRICT_FILES.summary);
  const dem = demoDem({
    bbox: summary.bbox,
    patches: read<UrbanPatch[]>(DISTRICT_FILES.patches),
    water: read<WaterBody[]>(DISTRICT_FILES.water),
    seed,
  });
  const demPath = join(districtDir, DEMO_DEM_FILE);
  writeFileSync(demPath, writeGeoTiff(dem));
  onProgress?.('terrain tiles', 0.5);
  return buildTerrain({ demPath, outDir, onProgress: (f) => onProgress?.('terrain tiles', 0.5 + f / 2) });
}

// Reads the generator's output (data/district/*.json) that the tile builder needs.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DISTRICT_FILES,
  type Building,
  type Hierarchy,
  type RoadNetwork,
  type UrbanPatch,
  type WaterBody,
} from '../../src/domain/district.types.ts';

export interface DistrictInput {
  buildings: Building[];
  patches: UrbanPatch[];
  roads: RoadNetwork;
  water: WaterBody[];
  /** district outline; the ground's low zooms fill it as land */
  hierarchy: Pick<Hierarchy, 'district'>;
}

function readJson<T>(dir: string, file: string): T {
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`tiles: missing ${path} (run npm run build:data first)`);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function loadDistrict(dir: string): DistrictInput {
  return {
    buildings: readJson<Building[]>(dir, DISTRICT_FILES.buildings),
    patches: readJson<UrbanPatch[]>(dir, DISTRICT_FILES.patches),
    roads: readJson<RoadNetwork>(dir, DISTRICT_FILES.roads),
    water: readJson<WaterBody[]>(dir, DISTRICT_FILES.water),
    hierarchy: readJson<Hierarchy>(dir, DISTRICT_FILES.hierarchy),
  };
}

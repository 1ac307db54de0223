// Reads the generated district (data/district/*.json, see DISTRICT_FILES) for the simulator.
import fs from 'node:fs';
import path from 'node:path';
import { DISTRICT_FILES } from '../../src/domain/district.types.ts';
import { buildWorld, type SimWorld, type WorldData } from './world.ts';

export function readWorldData(districtDir: string): WorldData {
  const read = (name: string) => JSON.parse(fs.readFileSync(path.join(districtDir, name), 'utf8'));
  return {
    hierarchy: read(DISTRICT_FILES.hierarchy),
    roads: read(DISTRICT_FILES.roads),
    staff: read(DISTRICT_FILES.staff),
    cameras: read(DISTRICT_FILES.cameras),
  };
}

export function loadWorld(districtDir: string, onlyStreets?: string[]): SimWorld {
  return buildWorld(readWorldData(districtDir), onlyStreets);
}

// Test support: generates a district into a fresh temp dir and reads every file back as typed data.
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DistrictSummary, LngLat, PolygonCoords } from '../../src/domain/district.types.ts';
import { DISTRICT_FILES } from '../../src/domain/district.types.ts';
import { metresBetween } from '../../src/domain/geo.ts';
import type { Assembled } from '../../server/gen/assemble.gen.ts';
import { generateDistrict } from '../../server/gen/index.ts';

/** What the generator assembled, as read back from the files it wrote. */
export interface Generated extends Assembled {
  dir: string;
  cleanup: () => Promise<void>;
}

export async function generateForTest(seed = 20260114): Promise<Generated> {
  const dir = mkdtempSync(join(tmpdir(), 'gridwall-gen-'));
  const returned = await generateDistrict({ seed, outDir: dir });
  const read = <T>(name: string): T => JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
  const summary = read<DistrictSummary>(DISTRICT_FILES.summary);
  if (JSON.stringify(summary) !== JSON.stringify(returned))
    throw new Error('returned summary differs from summary.json');
  return {
    dir,
    summary,
    hierarchy: read(DISTRICT_FILES.hierarchy),
    microgrids: read(DISTRICT_FILES.microgrids),
    patches: read(DISTRICT_FILES.patches),
    buildings: read(DISTRICT_FILES.buildings),
    roads: read(DISTRICT_FILES.roads),
    water: read(DISTRICT_FILES.water),
    places: read(DISTRICT_FILES.places),
    staff: read(DISTRICT_FILES.staff),
    cameras: read(DISTRICT_FILES.cameras),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Local metres around the district centre, for planar checks in tests. */
const ORIGIN: LngLat = [108.77, 29.53];
export function m(p: LngLat): [number, number] {
  const d = metresBetween(ORIGIN, p);
  return [d.dx, d.dy];
}
export function ringM(polygon: PolygonCoords | LngLat[]): [number, number][] {
  const ring = (Array.isArray(polygon[0][0]) ? (polygon as PolygonCoords)[0] : (polygon as LngLat[])) as LngLat[];
  return ring.map(m);
}

// Which district the bench drives: the generated one when present (the relay then validates ids
// against it), else a synthetic 30-street district.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../server/config.ts';
import { fixtureWorld } from '../../test/support/sim.fixture.ts';
import { loadWorld } from '../../server/sim/world.load.ts';
import type { SimWorld } from '../../server/sim/world.ts';

export function generatedDistrictDir(): string | null {
  const dir = loadConfig().districtDir;
  return fs.existsSync(path.join(dir, 'staff.json')) && fs.existsSync(path.join(dir, 'roads.json')) ? dir : null;
}

/** `streets`: a synthetic district of that many streets instead (the city bench: 300). */
export function benchWorld(streets?: number): { world: SimWorld; districtDir: string | null } {
  if (streets) return { world: fixtureWorld(undefined, streets), districtDir: null };
  const dir = generatedDistrictDir();
  return dir ? { world: loadWorld(dir), districtDir: dir } : { world: fixtureWorld(undefined, 30), districtDir: null };
}

export function benchStaffIds(world: SimWorld): string[] {
  return world.streets.flatMap((s) => s.staff.map((p) => p.id)).sort();
}

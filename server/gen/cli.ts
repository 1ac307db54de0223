// tsx server/gen/cli.ts [--seed N --out DIR]: the generator alone. `npm run build:data` goes through
// scripts/prepare.ts instead (configuration + stamp). Defaults follow the configuration
// (GRIDWALL_SEED, GRIDWALL_DATA_DIR); the output's prepare stamp is removed, so the next
// `npm start` rebuilds whatever does not match the configuration rather than serve a mismatch.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import { generateDistrict } from './index.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const config = loadConfig();
const seed = Number(arg('seed') ?? config.seed);
if (!Number.isInteger(seed)) {
  console.error('--seed must be an integer');
  process.exit(2);
}
const outDir = resolve(arg('out') ?? config.districtDir);
rmSync(join(outDir, '.gridwall-stamp'), { force: true });
const t0 = performance.now();
const summary = await generateDistrict({
  seed,
  outDir,
  onProgress: (step, f) =>
    console.log(
      `[gen] ${String(Math.round(f * 100)).padStart(3)}%  ${step}  (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    ),
});
console.log(
  `[gen] seed ${seed} -> ${outDir}: ${summary.streets} streets, ${summary.communities} communities, ${summary.grids} grids, ${summary.microGrids} micro-grids, ` +
    `${summary.buildings} buildings, ${summary.cameras} cameras, ${summary.staff} staff, ${summary.places} places, model ${summary.modelAreaKm2} km², roads ${summary.roadKm} km`,
);
console.log(`[gen] total ${((performance.now() - t0) / 1000).toFixed(1)} s`);

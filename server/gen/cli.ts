// npm run build:data [-- --seed N --out DIR]
import { resolve } from 'node:path';
import { DEFAULT_SEED, generateDistrict } from './index.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seed = Number(arg('seed') ?? DEFAULT_SEED);
if (!Number.isInteger(seed)) {
  console.error('--seed must be an integer');
  process.exit(2);
}
const outDir = resolve(arg('out') ?? 'data/district');
const t0 = performance.now();
const summary = await generateDistrict({
  seed,
  outDir,
  onProgress: (step, f) => console.log(`[gen] ${String(Math.round(f * 100)).padStart(3)}%  ${step}  (${((performance.now() - t0) / 1000).toFixed(1)} s)`),
});
console.log(
  `[gen] seed ${seed} -> ${outDir}: ${summary.streets} streets, ${summary.communities} communities, ${summary.grids} grids, ${summary.microGrids} micro-grids, ` +
    `${summary.buildings} buildings, ${summary.cameras} cameras, ${summary.staff} staff, ${summary.places} places, model ${summary.modelAreaKm2} km², roads ${summary.roadKm} km`,
);
console.log(`[gen] total ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// tsx server/tiles/cli.ts [--data DIR --out DIR]: builds the 3D Tiles city model and the ground
// imagery from the generated district data. `npm run build:tiles` goes through scripts/prepare.ts
// instead (configuration + stamp). Defaults follow GRIDWALL_DATA_DIR / GRIDWALL_TILES_DIR; the
// output's prepare stamp is removed, so the next `npm start` rebuilds it to match the configuration.

import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import { buildTiles } from './index.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const config = loadConfig();
const districtDir = resolve(arg('data', config.districtDir));
const outDir = resolve(arg('out', config.tilesDir));
rmSync(join(outDir, '.gridwall-stamp'), { force: true });
const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

let lastLine = '';
const report = await buildTiles({
  districtDir,
  outDir,
  onProgress: (step, fraction) => {
    const line = `[tiles] ${step} ${Math.round(fraction * 100)}%`;
    if (line !== lastLine) {
      lastLine = line;
      if (process.stdout.isTTY) process.stdout.write(`\r${line}   `);
      else if (fraction === 0 || fraction === 1 || Math.round(fraction * 100) % 25 === 0) console.log(line);
    }
  },
}).catch((err: unknown) => {
  console.error(`\n[tiles] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

if (process.stdout.isTTY) process.stdout.write('\n');
console.log(
  [
    `[tiles] ${districtDir} -> ${outDir}`,
    `  buildings: ${report.buildings} placed${report.skipped ? `, ${report.skipped} skipped (no usable footprint/height)` : ''}`,
    `  tileset:   ${report.tilesetPath} (${report.tiles} tiles, depth ${report.depth}, ${report.glbCount} GLB, ${mb(report.bytes)})`,
    `  ground:    ${report.groundPath} (${report.groundTiles} PNG, ${mb(report.groundBytes)})`,
    `  time:      load ${report.timings.load.toFixed(1)} s, buildings ${report.timings.buildings.toFixed(1)} s, ground ${report.timings.ground.toFixed(1)} s, total ${report.seconds.toFixed(1)} s`,
  ].join('\n'),
);

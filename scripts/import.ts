// npm run import -- <manifest.json> [--out DIR] [--strict]
//   Brings a district's own boundaries, buildings, cameras, staff and DEM into gridwall; then
//   GRIDWALL_DATA_DIR=<out> npm start serves it. See README "Importing your district".
// Exit codes: 0 imported (problems, if any, are in the report), 1 failed, 2 usage, 3 --strict refused.

import { resolve } from 'node:path';
import { runImport, StrictImportError } from '../server/import/index.ts';
import { loadManifest } from '../server/import/manifest.import.ts';
import { formatReport, problemLine } from '../server/import/report.import.ts';
import { createProgress } from './progress.ts';

function usage(msg?: string): never {
  if (msg) console.error(`import: ${msg}`);
  console.error('usage: npm run import -- <manifest.json> [--out DIR] [--strict]');
  process.exit(2);
}

const args = process.argv.slice(2);
const strict = args.includes('--strict');
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : undefined;
if (outAt >= 0 && !out) usage('--out needs a folder');
const positional = args.filter((a, i) => !a.startsWith('--') && (outAt < 0 || i !== outAt + 1));
if (positional.length !== 1) usage(positional.length ? 'one manifest at a time' : 'no manifest given');

try {
  const manifest = loadManifest(resolve(positional[0]), { out });
  const progress = createProgress(`import ${manifest.manifest.name}`);
  const report = await runImport(manifest, { strict, onProgress: progress.update });
  progress.done(`${report.counts.grids} grids, ${report.counts.buildings} buildings -> ${manifest.outDir}`);
  process.stdout.write(`\n${formatReport(report, 60)}`);
  if (report.terrain) {
    const t = report.terrain;
    console.log(
      `terrain: ${t.tiles} tiles to level ${t.maxLevel}, ${(t.bytes / 1e6).toFixed(1)} MB, ${Math.round(t.minHeight)}–${Math.round(t.maxHeight)} m`,
    );
  }
  console.log(`report: ${resolve(manifest.outDir, 'import-report.txt')}`);
  console.log(`serve it: GRIDWALL_DATA_DIR=${out ?? manifest.manifest.out} npm start`);
} catch (err) {
  if (err instanceof StrictImportError) {
    for (const p of err.report.problems) console.error(problemLine(p));
    console.error(`\nimport: ${err.message}`);
    process.exit(3);
  }
  console.error(`\nimport failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

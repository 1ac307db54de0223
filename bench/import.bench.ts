// npm run bench:import [-- --only demo|city] [--keep]
// Import time and output size for two districts handed over as files:
//   demo  the generated Qianjiang demo (30 streets, 219 communities, 1,439 grids, 44,837 buildings,
//         13,770 cameras) exported as GeoJSON/CSV plus its generated DEM (~90 m pixels)
//   city  a synthetic city-sized extent: 2° × 1.5° (~30,000 km²), 40 streets, 360 communities,
//         10,800 grids, 54,000 buildings, 21,600 cameras, a DEM of 2,222 × 1,667 pixels
// Baseline, measured in the same run on the same files: reading and parsing every input (JSON.parse
// of the GeoJSON and CSV, geotiff decode of the DEM), the floor any importer pays.
// Communities are linked by containment (no parent field) and grids by a parent field, as the issue's
// manifest does. Runs in a temp folder; --keep leaves it for a look.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fromArrayBuffer } from 'geotiff';
import type {
  Building,
  Camera,
  Hierarchy,
  PolygonCoords,
  UrbanPatch,
  WaterBody,
} from '../src/domain/district.types.ts';
import { runImport } from '../server/import/index.ts';
import { parseManifest } from '../server/import/manifest.import.ts';
import { demoDem } from '../server/terrain/demo-dem.terrain.ts';
import { writeGeoTiff, type DemRaster } from '../server/terrain/geotiff.writer.ts';

const { values: a } = parseArgs({ options: { only: { type: 'string' }, keep: { type: 'boolean', default: false } } });
const ROOT = path.resolve(import.meta.dirname, '..');

type Feature = { properties: Record<string, unknown>; polygon: PolygonCoords };
const fc = (features: Feature[]) =>
  JSON.stringify({
    type: 'FeatureCollection',
    features: features.map((f) => ({
      type: 'Feature',
      properties: f.properties,
      geometry: { type: 'Polygon', coordinates: f.polygon },
    })),
  });
const rect = (w: number, s: number, e: number, n: number): PolygonCoords => [
  [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ],
];

interface Inputs {
  streets: Feature[];
  communities: Feature[];
  grids: Feature[];
  buildings: Feature[];
  cameras: [string, number, number, number][];
  dem: DemRaster;
}

function writeInputs(dir: string, name: string, inp: Inputs): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'streets.geojson'), fc(inp.streets));
  fs.writeFileSync(path.join(dir, 'communities.geojson'), fc(inp.communities));
  fs.writeFileSync(path.join(dir, 'grids.geojson'), fc(inp.grids));
  fs.writeFileSync(path.join(dir, 'buildings.geojson'), fc(inp.buildings));
  fs.writeFileSync(
    path.join(dir, 'cameras.csv'),
    `name,lng,lat,heading\n${inp.cameras.map((c) => c.join(',')).join('\n')}\n`,
  );
  fs.writeFileSync(path.join(dir, 'dem.tif'), writeGeoTiff(inp.dem));
  const manifest = {
    name,
    out: path.join(dir, 'out'),
    levels: {
      street: { file: 'streets.geojson', id: 'CODE', name: 'NAME' },
      community: { file: 'communities.geojson' },
      grid: { file: 'grids.geojson', parent: 'COMM' },
    },
    buildings: { file: 'buildings.geojson', height: 'HEIGHT' },
    cameras: { file: 'cameras.csv' },
    dem: { file: 'dem.tif' },
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
}

function demoInputs(): Inputs {
  const dir = path.join(ROOT, 'data', 'district');
  const read = <T>(f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as T;
  const h = read<Hierarchy>('hierarchy.json');
  const buildings = read<Building[]>('buildings.json');
  const cameras = read<Camera[]>('cameras.json');
  const summary = read<{ bbox: [number, number, number, number] }>('summary.json');
  return {
    streets: h.streets.map((s) => ({ properties: { CODE: s.id, NAME: s.name }, polygon: s.polygon })),
    communities: h.communities.map((c) => ({ properties: { code: c.id, name: c.name }, polygon: c.polygon })),
    grids: h.grids.map((g) => ({ properties: { id: g.id, name: g.name, COMM: g.communityId }, polygon: g.polygon })),
    buildings: buildings.map((b) => ({
      properties: { id: b.id, name: b.name, HEIGHT: b.height },
      polygon: [b.footprint],
    })),
    cameras: cameras.map((c) => [c.name, c.position[0], c.position[1], c.heading]),
    dem: demoDem({
      bbox: summary.bbox,
      patches: read<UrbanPatch[]>('patches.json'),
      water: read<WaterBody[]>('water.json'),
      seed: 20260114,
    }),
  };
}

function cityInputs(): Inputs {
  const [W, S, E, N] = [106, 29, 108, 30.5];
  const streets: Feature[] = [];
  const communities: Feature[] = [];
  const grids: Feature[] = [];
  const buildings: Feature[] = [];
  const cameras: Inputs['cameras'] = [];
  const sw = (E - W) / 8;
  const sh = (N - S) / 5;
  for (let si = 0; si < 40; si++) {
    const [w, s] = [W + (si % 8) * sw, S + Math.floor(si / 8) * sh];
    const code = `S${si}`;
    streets.push({ properties: { CODE: code, NAME: `街道${si + 1}` }, polygon: rect(w, s, w + sw, s + sh) });
    for (let ci = 0; ci < 9; ci++) {
      const [cw, cs] = [w + (ci % 3) * (sw / 3), s + Math.floor(ci / 3) * (sh / 3)];
      const cc = `${code}C${ci}`;
      communities.push({
        properties: { code: cc, name: `社区${si + 1}-${ci + 1}` },
        polygon: rect(cw, cs, cw + sw / 3, cs + sh / 3),
      });
      const gw = sw / 3 / 6;
      const gh = sh / 3 / 5;
      for (let gi = 0; gi < 30; gi++) {
        const [x, y] = [cw + (gi % 6) * gw, cs + Math.floor(gi / 6) * gh];
        const id = `${cc}G${gi}`;
        grids.push({ properties: { id, name: `网格${id}`, COMM: cc }, polygon: rect(x, y, x + gw, y + gh) });
        for (let b = 0; b < 5; b++) {
          const bx = x + gw * (0.2 + 0.13 * b);
          const by = y + gh * 0.5;
          buildings.push({
            properties: { id: `${id}B${b}`, name: `${id}-${b}`, HEIGHT: 9 + 6 * ((gi + b) % 6) },
            polygon: rect(bx, by, bx + 0.0003, by + 0.0002),
          });
        }
        cameras.push([`${id}-a`, x + gw * 0.3, y + gh * 0.3, 90], [`${id}-b`, x + gw * 0.7, y + gh * 0.7, 270]);
      }
    }
  }
  const px = 0.0009;
  const width = Math.round((E - W + 0.1) / px);
  const height = Math.round((N - S + 0.1) / px);
  const data = new Float32Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++)
      data[r * width + c] = 300 + 800 * (1 + Math.sin(c / 97) * Math.cos(r / 131)) + 200 * Math.sin(c / 13 + r / 17);
  }
  return {
    streets,
    communities,
    grids,
    buildings,
    cameras,
    dem: {
      width,
      height,
      data,
      bbox: [W - 0.05, N + 0.05 - height * px, W - 0.05 + width * px, N + 0.05],
      noData: -9999,
    },
  };
}

function dirBytes(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    bytes += fs.statSync(path.join(e.parentPath, e.name)).size;
    files++;
  }
  return { bytes, files };
}

async function baseline(dir: string): Promise<number> {
  const t0 = performance.now();
  for (const f of ['streets', 'communities', 'grids', 'buildings'])
    JSON.parse(fs.readFileSync(path.join(dir, `${f}.geojson`), 'utf8'));
  fs.readFileSync(path.join(dir, 'cameras.csv'), 'utf8').split('\n');
  const b = fs.readFileSync(path.join(dir, 'dem.tif'));
  await (
    await (await fromArrayBuffer(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)).getImage()
  ).readRasters();
  return (performance.now() - t0) / 1000;
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-bench-import-'));
try {
  for (const [key, name, make] of [
    ['demo', '黔江区 (demo export)', demoInputs],
    ['city', '城市级范围 (synthetic)', cityInputs],
  ] as const) {
    if (a.only && a.only !== key) continue;
    const dir = path.join(tmp, key);
    const inp = make();
    writeInputs(dir, name, inp);
    const input = dirBytes(dir);
    const floor = await baseline(dir);
    const manifest = parseManifest(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')), dir);
    const r = await runImport(manifest);
    const out = dirBytes(manifest.outDir);
    const t = r.terrain!;
    console.log(`\n[import] ${key}: ${name}`);
    console.log(
      `  input   ${input.files} files, ${mb(input.bytes)}; ${inp.grids.length} grids, ${inp.buildings.length} buildings, ${inp.cameras.length} cameras, DEM ${inp.dem.width}×${inp.dem.height}`,
    );
    console.log(
      `  result  ${Object.entries(r.counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}; ${r.problems.length} problems`,
    );
    console.log(
      `  time    ${r.seconds.toFixed(1)} s total (${Object.entries(r.timings)
        .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
        .join(', ')})`,
    );
    console.log(
      `  baseline (read + parse the same inputs) ${floor.toFixed(1)} s -> import is ${(r.seconds / floor).toFixed(1)}× the I/O floor`,
    );
    console.log(
      `  output  ${out.files} files, ${mb(out.bytes)}; terrain ${t.tiles} tiles to level ${t.maxLevel}, ${mb(t.bytes)}`,
    );
  }
} finally {
  if (!a.keep) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`kept ${tmp}`);
}

// Terrain from a DEM, checked from the outside: the sample district's DEM GeoTIFF is read with the
// `geotiff` library here (the oracle), the imported district's terrain tiles are fetched from the
// running server, decoded and interpolated as Cesium draws them, and the two must agree. The
// buildings' bases, read back from the GLBs by loaders.gl, must meet that same ground.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Cartesian3 from '@cesium/engine/Source/Core/Cartesian3.js';
import Cartographic from '@cesium/engine/Source/Core/Cartographic.js';
import Matrix4 from '@cesium/engine/Source/Core/Matrix4.js';
import Axis from '@cesium/engine/Source/Scene/Axis.js';
import { fromArrayBuffer } from 'geotiff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '../app.ts';
import { loadConfig } from '../config.ts';
import { runImport } from '../import/index.ts';
import { loadManifest } from '../import/manifest.import.ts';
import { loadTileset, primitiveOf, propertyColumns } from '../../test/support/tiles-loaders.fixture.ts';
import { decodeTile, encodeTile, sampleTile, tileAt, tileRect, TILE_SIZE } from '../../src/domain/heightmap.tile.ts';

const SAMPLE = path.resolve(import.meta.dirname, '../../test/fixtures/import/sample');
/**
 * Stated tolerance: the served surface is within this of the DEM at its pixel centres (and within
 * 0.5 m on average). The finest level's grid (0.00069°) is a little coarser than this DEM's pixels
 * (0.0005°), so on its sharpest folds the linear surface cuts a corner: about curvature × step² / 8,
 * ~1.4 m here; plus the format's 0.2 m height step.
 */
const HEIGHT_TOLERANCE_M = 2;
/** Stated tolerance: a building's lowest base corner is within this of the drawn ground. */
const BASE_TOLERANCE_M = 0.25;

let tmp: string;
let app: Application;
let origin: string;
let layer: {
  maxzoom: number;
  available: { startX: number; startY: number; endX: number; endY: number }[][];
  format: string;
};
const tileCache = new Map<string, ReturnType<typeof decodeTile>>();

async function servedHeight(lng: number, lat: number, z = layer.maxzoom): Promise<number> {
  const { x, y } = tileAt(z, lng, lat);
  const key = `${z}/${x}/${y}`;
  let tile = tileCache.get(key);
  if (!tile) {
    const res = await fetch(`${origin}/tiles/terrain/${key}.terrain`);
    expect(res.status, key).toBe(200);
    tile = decodeTile(new Uint8Array(await res.arrayBuffer()));
    tileCache.set(key, tile);
  }
  return sampleTile(tile, tileRect(z, x, y), lng, lat);
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-terrain-'));
  await runImport(loadManifest(path.join(SAMPLE, 'manifest.json'), { out: tmp }));
  const config = loadConfig({ GRIDWALL_DATA_DIR: tmp, GRIDWALL_SIMULATE: '0' });
  app = await createApplication({ ...config, dbPath: path.join(tmp, 'db.sqlite'), videoDemo: 0 });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  layer = await (await fetch(`${origin}/tiles/terrain/layer.json`)).json();
}, 300_000);

afterAll(async () => {
  await app?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('heightmap tile format', () => {
  it('round-trips heights to the format step (0.2 m) and keeps the child mask', () => {
    const h = Float64Array.from({ length: TILE_SIZE * TILE_SIZE }, (_, i) => -20 + (i % 97) * 23.37);
    const back = decodeTile(encodeTile(h, 0b1010));
    expect(back.childMask).toBe(0b1010);
    for (let i = 0; i < h.length; i++) expect(Math.abs(back.heights[i] - h[i])).toBeLessThanOrEqual(0.1 + 1e-9);
  });
});

describe('served terrain of the imported sample district', () => {
  it('declares Cesium heightmap-1.0 with availability that matches the files', async () => {
    expect(layer.format).toBe('heightmap-1.0');
    expect(layer.available[0]).toEqual([{ startX: 0, startY: 0, endX: 1, endY: 0 }]);
    for (let z = 0; z <= layer.maxzoom; z++) {
      const r = layer.available[z][0];
      for (let x = r.startX; x <= r.endX; x++) {
        for (let y = r.startY; y <= r.endY; y++) {
          const file = path.join(tmp, 'tiles', 'terrain', String(z), String(x), `${y}.terrain`);
          expect(fs.existsSync(file), `${z}/${x}/${y}`).toBe(true);
          // a child bit set for a tile the next level does not have would make Cesium ask for it
          const mask = decodeTile(fs.readFileSync(file)).childMask;
          const next = layer.available[z + 1]?.[0];
          const has = (cx: number, cy: number) =>
            !!next && cx >= next.startX && cx <= next.endX && cy >= next.startY && cy <= next.endY;
          expect(mask).toBe(
            (has(2 * x, 2 * y) ? 1 : 0) |
              (has(2 * x + 1, 2 * y) ? 2 : 0) |
              (has(2 * x, 2 * y + 1) ? 4 : 0) |
              (has(2 * x + 1, 2 * y + 1) ? 8 : 0),
          );
        }
      }
    }
  });

  it(`matches the DEM at its pixel centres within ${HEIGHT_TOLERANCE_M} m`, async () => {
    const bytes = fs.readFileSync(path.join(SAMPLE, 'dem.tif'));
    const image = await (
      await fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
    ).getImage();
    const [minX, , , maxY] = image.getBoundingBox();
    const [rx, ry] = image.getResolution();
    const raster = (await image.readRasters({ interleave: true })) as unknown as ArrayLike<number>;
    const w = image.getWidth();
    const errors: number[] = [];
    // every 7th pixel, away from the outermost ring where the tiles ease down outside the DEM
    for (let r = 3; r < image.getHeight() - 3; r += 7) {
      for (let c = 3; c < w - 3; c += 7) {
        const lng = minX + (c + 0.5) * rx;
        const lat = maxY + (r + 0.5) * ry; // ry is negative: rows run south
        errors.push(Math.abs((await servedHeight(lng, lat)) - raster[r * w + c]));
      }
    }
    expect(errors.length).toBeGreaterThan(400);
    const worst = Math.max(...errors);
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    console.log(`terrain vs DEM: ${errors.length} points, mean ${mean.toFixed(3)} m, worst ${worst.toFixed(3)} m`);
    expect(worst).toBeLessThan(HEIGHT_TOLERANCE_M);
    expect(mean).toBeLessThan(0.5);
  });

  it(`stands every building on the served ground: lowest corner within ${BASE_TOLERANCE_M} m, none floating`, async () => {
    const ts = await loadTileset(path.join(tmp, 'tiles', 'buildings'));
    let checked = 0;
    for (const t of ts.tiles) {
      if (t.children.length || !t.gltf) continue;
      const node = t.gltf.nodes[0];
      const nodeMatrix = Matrix4.fromTranslationRotationScale({
        translation: Cartesian3.fromArray(node.translation ?? [0, 0, 0]),
        rotation: { x: 0, y: 0, z: 0, w: 1 },
        scale: Cartesian3.fromArray(node.scale ?? [1, 1, 1]),
      } as never);
      const tileMatrix = Matrix4.fromArray(Array.from(t.tile.computedTransform as unknown as number[]));
      const model = Matrix4.multiply(
        Matrix4.multiply(tileMatrix, Axis.Y_UP_TO_Z_UP, new Matrix4()),
        nodeMatrix,
        new Matrix4(),
      );
      const prim = primitiveOf(t.gltf);
      const p = prim.attributes.POSITION.value as ArrayLike<number>;
      const fid = prim.attributes._FEATURE_ID_0.value as ArrayLike<number>;
      const heights = propertyColumns(t.gltf).height as number[];
      const byFeature = new Map<number, [number, number, number][]>();
      for (let i = 0; i < p.length; i += 3) {
        const c = Cartographic.fromCartesian(
          Matrix4.multiplyByPoint(model, new Cartesian3(p[i], p[i + 1], p[i + 2]), new Cartesian3()),
        );
        const list = byFeature.get(fid[i / 3]) ?? [];
        list.push([(c.longitude * 180) / Math.PI, (c.latitude * 180) / Math.PI, c.height]);
        byFeature.set(fid[i / 3], list);
      }
      for (const [f, verts] of byFeature) {
        const base = Math.min(...verts.map((v) => v[2]));
        const baseVerts = verts.filter((v) => v[2] < base + 0.1);
        const ground = await Promise.all(baseVerts.map((v) => servedHeight(v[0], v[1])));
        expect(Math.abs(base - Math.min(...ground)), `feature ${f}`).toBeLessThan(BASE_TOLERANCE_M);
        baseVerts.forEach((v, i) =>
          expect(v[2] - ground[i], 'a base corner above the ground floats').toBeLessThan(BASE_TOLERANCE_M),
        );
        expect(base).toBeGreaterThan(500); // on the hills, not on the ellipsoid
        const roof = Math.max(...verts.map((v) => v[2]));
        expect(roof - base).toBeGreaterThanOrEqual(heights[f] - BASE_TOLERANCE_M);
        checked++;
      }
    }
    expect(checked).toBe(31);
  });
});

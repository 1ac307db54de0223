import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { Grid, Hierarchy, Staff } from '../../src/domain/district.types.ts';

// A two-grid district written by hand: the API must serve exactly what the files hold.
const square = (x: number, y: number, d: number): [number, number][][] => [
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ],
];
const unit = { population: 100, households: 40, areaKm2: 1, center: [108.7, 29.5] as [number, number], nameEn: 'x' };
const grid = (id: string, x: number): Grid => ({
  ...unit,
  id,
  level: 'grid',
  parentId: 'S01-C01',
  name: `网格${id}`,
  polygon: square(x, 29.5, 0.01),
  kind: 'residential',
  urban: true,
  streetId: 'S01',
  communityId: 'S01-C01',
  workerId: `W-${id}`,
  profile: {} as Grid['profile'],
});
const hierarchy: Hierarchy = {
  version: 1,
  seed: 1,
  district: {
    ...unit,
    id: 'D1',
    level: 'district',
    parentId: null,
    name: '测试区',
    polygon: square(108.7, 29.5, 0.02),
  },
  streets: [
    {
      ...unit,
      id: 'S01',
      level: 'street',
      parentId: 'D1',
      name: '城西街道',
      kind: 'street',
      polygon: square(108.7, 29.5, 0.02),
    },
  ],
  communities: [
    {
      ...unit,
      id: 'S01-C01',
      level: 'community',
      parentId: 'S01',
      name: '社区',
      kind: 'community',
      urban: true,
      polygon: square(108.7, 29.5, 0.02),
    },
  ],
  grids: [grid('S01-C01-G01', 108.7), grid('S01-C01-G02', 108.71)],
};
const worker: Staff = {
  id: 'W-S01-C01-G01',
  name: '张敏',
  role: 'grid-worker',
  phone: '13800000000',
  streetId: 'S01',
  gridId: 'S01-C01-G01',
  home: [108.705, 29.505],
  mode: 'foot',
};

let app: Application;
let origin: string;
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-http-'));
  const districtDir = path.join(tmp, 'district');
  fs.mkdirSync(districtDir);
  const write = (f: string, v: unknown) => fs.writeFileSync(path.join(districtDir, f), JSON.stringify(v));
  write('hierarchy.json', hierarchy);
  write('summary.json', { id: 'D1', name: '测试区', grids: 2, buildings: 3 });
  write('staff.json', [worker]);
  write('buildings.json', [
    { id: 'B1', gridId: 'S01-C01-G01' },
    { id: 'B2', gridId: 'S01-C01-G01' },
    { id: 'B3', gridId: 'S01-C01-G02' },
  ]);
  const tilesDir = path.join(tmp, 'tiles');
  fs.mkdirSync(path.join(tilesDir, 'buildings'), { recursive: true });
  fs.writeFileSync(path.join(tilesDir, 'buildings', 'tileset.json'), '{"asset":{"version":"1.1"}}');
  const distDir = path.join(tmp, 'dist');
  fs.mkdirSync(distDir);
  fs.writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><title>gridwall</title>');
  const config = {
    ...loadConfig({}),
    dataDir: tmp,
    districtDir,
    tilesDir,
    distDir,
    dbPath: path.join(tmp, 'db.sqlite'),
    simulate: false,
  };
  app = await createApplication(config);
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('data API', () => {
  it('serves the district summary and hierarchy from the data files', async () => {
    expect(await (await fetch(`${origin}/api/district`)).json()).toMatchObject({ grids: 2, buildings: 3 });
    const h = (await (await fetch(`${origin}/api/hierarchy`)).json()) as Hierarchy;
    expect(h.grids.map((g) => g.id)).toEqual(['S01-C01-G01', 'S01-C01-G02']);
  });

  it('answers a grid with its worker and building ids, and 404 for an unknown one', async () => {
    const body = await (await fetch(`${origin}/api/grids/S01-C01-G01`)).json();
    expect(body.worker.name).toBe('张敏');
    expect(body.buildingIds).toEqual(['B1', 'B2']);
    const missing = await fetch(`${origin}/api/grids/S99-C01-G01`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).message).toContain('S99-C01-G01');
  });
});

describe('static serving', () => {
  it('serves tiles, and a transparent PNG for ground tiles with nothing to draw', async () => {
    const tileset = await fetch(`${origin}/tiles/buildings/tileset.json`);
    expect(tileset.status).toBe(200);
    const ground = await fetch(`${origin}/tiles/ground/15/1/2.png`);
    expect(ground.status).toBe(200);
    expect(ground.headers.get('content-type')).toBe('image/png');
    expect((await fetch(`${origin}/tiles/buildings/nope.glb`)).status).toBe(404);
  });

  it('serves the app for deep links but not for unknown API paths', async () => {
    const page = await fetch(`${origin}/?grid=S01-C01-G01`);
    expect(await page.text()).toContain('<title>gridwall</title>');
    const api404 = await fetch(`${origin}/api/nothing-here`);
    expect(api404.status).toBe(404);
    expect((await api404.json()).error).toBe('not-found');
  });
});

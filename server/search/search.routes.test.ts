// The search documents the server sends are exactly the district's static things, written by hand
// here, and survive the trip through the columns (names, streets, positions to 1e-6 degree).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDistrict } from '../http/district-store.ts';
import { searchRoutes } from './search.routes.ts';
import { decodeDocs, type SearchDocsWire } from '../../src/domain/search/search.codec.ts';
import { StaticSearcher, buildIndex } from '../../src/domain/search/search.index.ts';

const sq = (x: number, y: number): [number, number][][] => [
  [
    [x, y],
    [x + 0.01, y],
    [x + 0.01, y + 0.01],
    [x, y + 0.01],
    [x, y],
  ],
];
const unit = { population: 1, households: 1, areaKm2: 1, nameEn: 'x' };
const hierarchy = {
  version: 1,
  seed: 1,
  district: {
    ...unit,
    id: 'D1',
    level: 'district',
    parentId: null,
    name: '黔江区',
    center: [108.7, 29.5],
    polygon: sq(108.7, 29.5),
  },
  streets: [
    {
      ...unit,
      id: 'S01',
      level: 'street',
      parentId: 'D1',
      name: '城东街道',
      kind: 'street',
      center: [108.71, 29.51],
      polygon: sq(108.7, 29.5),
    },
    {
      ...unit,
      id: 'S02',
      level: 'street',
      parentId: 'D1',
      name: '石会镇',
      kind: 'town',
      center: [108.72, 29.52],
      polygon: sq(108.72, 29.5),
    },
  ],
  communities: [
    {
      ...unit,
      id: 'S01-C01',
      level: 'community',
      parentId: 'S01',
      name: '人和社区',
      kind: 'community',
      urban: true,
      center: [108.705, 29.505],
      polygon: sq(108.7, 29.5),
    },
  ],
  grids: [
    {
      ...unit,
      id: 'S01-C01-G02',
      level: 'grid',
      parentId: 'S01-C01',
      name: '人和第2网格',
      kind: 'residential',
      urban: true,
      streetId: 'S01',
      communityId: 'S01-C01',
      workerId: 'W00001',
      center: [108.701234, 29.505678],
      polygon: sq(108.7, 29.5),
      profile: {},
    },
  ],
};
const files: Record<string, unknown> = {
  'hierarchy.json': hierarchy,
  'summary.json': { id: 'D1', name: '黔江区' },
  'places.json': [
    {
      id: 'L000001',
      kind: 'school',
      name: '黔江中学',
      position: [108.7031, 29.5052],
      streetId: 'S01',
      gridId: 'S01-C01-G02',
      organization: false,
    },
  ],
  'cameras.json': [
    {
      id: 'C00412',
      name: '人和路口',
      kind: 'junction',
      position: [108.7042, 29.5061],
      height: 5,
      heading: 0,
      fov: 60,
      range: 60,
      streetId: 'S01',
      gridId: 'S01-C01-G02',
      streamUrl: null,
    },
  ],
  'buildings.json': [
    {
      id: 'B000001',
      name: '人和小区3栋',
      address: '城东街道人和路8号',
      use: 'residential',
      floors: 6,
      height: 18,
      households: 24,
      footprint: [
        [108.7021, 29.5031],
        [108.7022, 29.5031],
        [108.7022, 29.5032],
        [108.7021, 29.5031],
      ],
      streetId: 'S01',
      communityId: 'S01-C01',
      gridId: 'S01-C01-G02',
      microGridId: null,
      patchId: 'P01',
    },
  ],
  'microgrids.json': [],
  'staff.json': [
    {
      id: 'W00001',
      name: '黎英军',
      role: 'grid-worker',
      phone: '1',
      streetId: 'S01',
      gridId: 'S01-C01-G02',
      home: [108.7, 29.5],
      mode: 'foot',
    },
  ],
};

let dir = '';
let server: ReturnType<express.Express['listen']>;
let origin = '';
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-search-'));
  for (const [f, v] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), JSON.stringify(v));
  const app = express();
  app.use('/api', searchRoutes(loadDistrict(dir)));
  await new Promise<void>((r) => (server = app.listen(0, '127.0.0.1', () => r())));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/search/docs', () => {
  it('serves every static thing once, and no people', async () => {
    const res = await fetch(`${origin}/api/search/docs`);
    expect(res.status).toBe(200);
    const docs = decodeDocs((await res.json()) as SearchDocsWire);
    expect(docs.map((d) => [d.kind, d.id, d.name, d.streetId])).toEqual([
      ['street', 'S01', '城东街道', 'S01'],
      ['street', 'S02', '石会镇', 'S02'],
      ['community', 'S01-C01', '人和社区', 'S01'],
      ['grid', 'S01-C01-G02', '人和第2网格', 'S01'],
      ['place', 'L000001', '黔江中学', 'S01'],
      ['building', 'B000001', '人和小区3栋', 'S01'],
      ['camera', 'C00412', '人和路口', 'S01'],
    ]);
    expect(docs[3].position).toEqual([108.701234, 29.505678]);
    expect(docs[5].extra).toEqual(['城东街道人和路8号']);
    expect([docs[4].tag, docs[4].areaId]).toEqual(['school', 'S01-C01-G02']);
    expect([docs[6].tag, docs[6].areaId]).toEqual(['junction', 'S01-C01-G02']);
    expect(docs[0].areaId).toBeNull();
  });
  it('what it serves is searchable as an officer types it', async () => {
    const docs = decodeDocs((await (await fetch(`${origin}/api/search/docs`)).json()) as SearchDocsWire);
    const s = new StaticSearcher(buildIndex(docs));
    expect(s.search('rhd2wg')[0].doc.id).toBe('S01-C01-G02');
    expect(s.search('shikuai')[0].doc.id).toBe('S02');
    expect(s.search('0412')[0].doc.id).toBe('C00412');
  });
  it('answers other methods with 405', async () => {
    const res = await fetch(`${origin}/api/search/docs`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
  });
  it('refuses a malformed body with what is wrong', () => {
    expect(() =>
      decodeDocs({
        version: 1,
        id: ['a'],
        kind: [],
        name: [],
        street: [],
        streets: [],
        lng: [],
        lat: [],
        extra: [],
        area: [],
        tag: [],
        kinds: [],
      }),
    ).toThrow(/column kind/);
  });
});

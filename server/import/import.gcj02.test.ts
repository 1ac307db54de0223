// A Gaode (GCJ-02) export: grids only, plus cameras, with the manifest saying "crs": "gcj02" because
// the files cannot. The fixture was made from round WGS 84 positions with the published GCJ-02
// formula (reference.geo.ts); the importer goes back with gcoord. Also: only one level given, so
// the street and community levels are filled with stand-ins and the wall still drills down.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Camera, Hierarchy } from '../../src/domain/district.types.ts';
import { runImport } from './index.ts';
import { loadManifest } from './manifest.import.ts';
import { distanceM, wgs84ToGcj02 } from '../../test/fixtures/import/reference.geo.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/import');
const control = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'control-points.json'), 'utf8')) as {
  gcj02: { grids: { name: string; ring: [number, number][] }[]; cameras: { name: string; p: [number, number] }[] };
};

let tmp: string;
let report: Awaited<ReturnType<typeof runImport>>;
const read = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(tmp, 'district', file), 'utf8')) as T;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-gcj-'));
  report = await runImport(loadManifest(path.join(FIXTURES, 'gcj02', 'manifest.json'), { out: tmp }));
}, 300_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('GCJ-02 import', () => {
  it('the fixture really is offset: GCJ-02 here is hundreds of metres from WGS 84', () => {
    const [lng, lat] = control.gcj02.cameras[0].p;
    expect(distanceM([lng, lat], wgs84ToGcj02(lng, lat))).toBeGreaterThan(100);
  });

  it('brings grid vertices back to WGS 84 within 1 m, names intact', () => {
    const h = read<Hierarchy>('hierarchy.json');
    expect(h.grids.map((g) => g.name)).toEqual(control.gcj02.grids.map((g) => g.name));
    for (const [i, e] of control.gcj02.grids.entries()) {
      const got = h.grids[i].polygon[0];
      for (const p of e.ring) expect(Math.min(...got.map((q) => distanceM(p, q))), e.name).toBeLessThan(1);
    }
    expect(report.files[0].crs).toBe('GCJ-02');
  });

  it('brings cameras back within 1 m and puts them in the right grid', () => {
    const cams = read<Camera[]>('cameras.json');
    const h = read<Hierarchy>('hierarchy.json');
    expect(cams.map((c) => c.name)).toEqual(control.gcj02.cameras.map((c) => c.name));
    cams.forEach((c, i) => {
      expect(distanceM(c.position, control.gcj02.cameras[i].p)).toBeLessThan(1);
      expect(h.grids.find((g) => g.id === c.gridId)!.name).toBe(['滨江网格', '书院网格', '官坝网格'][i]);
    });
  });

  it('fills the missing street and community levels with one stand-in each, and says so', () => {
    const h = read<Hierarchy>('hierarchy.json');
    expect(report.filledLevels).toEqual(['street', 'community']);
    expect(h.streets).toHaveLength(1);
    expect(h.communities).toHaveLength(1);
    expect(h.grids.map((g) => g.id)).toEqual(['S01-C01-G01', 'S01-C01-G02', 'S01-C01-G03', 'S01-C01-G04']);
    expect(h.district.name).toBe('高德导出区');
    // the district outline is the union of the grids: 4 squares of 0.01°
    expect(h.district.areaKm2).toBeGreaterThan(4 * 0.9 * 1.11 * 0.96);
    expect(h.district.areaKm2).toBeLessThan(4 * 1.1 * 1.11 * 0.97);
    expect(report.problems).toEqual([]);
  });
});

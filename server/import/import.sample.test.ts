// The shipped sample district (test/fixtures/import/sample) imported end to end: Gauss–Krüger
// Shapefiles with GBK attributes and no .cpg, GeoJSON with default field names, CSV cameras (GBK)
// and staff, a DEM. Expected positions come from control-points.json: the round WGS 84 numbers the
// fixtures were made from with reference formulas, not with the importer's proj4/gcoord.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Building, Camera, DistrictSummary, Hierarchy, Staff } from '../../src/domain/district.types.ts';
import { createApplication, type Application } from '../app.ts';
import { loadConfig } from '../config.ts';
import { runImport } from './index.ts';
import { loadManifest } from './manifest.import.ts';
import { distanceM } from '../../test/fixtures/import/reference.geo.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/import');
const control = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'control-points.json'), 'utf8')) as {
  sample: {
    streets: { name: string; ring: [number, number][] }[];
    buildings: { id: string; name: string; ring: [number, number][] }[];
  };
};

let tmp: string;
let report: Awaited<ReturnType<typeof runImport>>;
const read = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(tmp, 'district', file), 'utf8')) as T;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-import-'));
  report = await runImport(loadManifest(path.join(FIXTURES, 'sample', 'manifest.json'), { out: tmp }));
}, 300_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Largest distance from each expected vertex to the nearest imported one, in metres. */
function worstVertexError(expected: [number, number][], got: [number, number][]): number {
  return Math.max(...expected.map((p) => Math.min(...got.map((q) => distanceM(p, q)))));
}

describe('sample district import', () => {
  it('reads the GBK street names from a DBF without .cpg, in the Gauss–Krüger CM 108E .prj', () => {
    const h = read<Hierarchy>('hierarchy.json');
    expect(h.streets.map((s) => s.name)).toEqual(control.sample.streets.map((s) => s.name));
    const streetsFile = report.files.find((f) => f.file === 'streets.shp')!;
    expect(streetsFile.encoding).toBe('gbk');
    expect(streetsFile.crs).toContain('CGCS2000_3_Degree_GK_CM_108E');
    expect(h.streets.map((s) => s.sourceId)).toEqual(['500199001', '500199002']);
  });

  it('places every street vertex within 1 m of its control point', () => {
    const h = read<Hierarchy>('hierarchy.json');
    for (const [i, s] of control.sample.streets.entries()) {
      const got = h.streets[i].polygon[0];
      expect(got.length).toBe(s.ring.length);
      expect(worstVertexError(s.ring, got), s.name).toBeLessThan(1);
    }
  });

  it('places buildings from the zone-prefixed (36) Gauss–Krüger file within 1 m, names intact', () => {
    const bs = read<Building[]>('buildings.json');
    const byName = new Map(bs.map((b) => [b.name, b]));
    const expected = control.sample.buildings.filter((b) => b.name !== '正阳村32号楼');
    expect(bs.length).toBe(expected.length);
    for (const e of expected) {
      const b = byName.get(e.name);
      expect(b, e.name).toBeDefined();
      expect(worstVertexError(e.ring, b!.footprint), e.name).toBeLessThan(1);
    }
    // height from HEIGHT, else FLOORS × 3 m
    expect(byName.get('城南社区1号楼')!.height).toBe(18);
    expect(byName.get('城南社区2号楼')).toMatchObject({ floors: 6, height: 18 });
  });

  it('links communities by containment and grids by their COMM_CODE field, with hierarchical ids', () => {
    const h = read<Hierarchy>('hierarchy.json');
    expect(h.communities.map((c) => [c.id, c.name, c.sourceId])).toEqual([
      ['S01-C01', '城南社区', '500199001001'],
      ['S01-C02', '城西社区', '500199001002'],
      ['S02-C01', '新华社区', '500199002001'],
      ['S02-C02', '正阳村', '500199002002'],
    ]);
    expect(h.grids).toHaveLength(16);
    for (const g of h.grids) {
      const community = h.communities.find((c) => c.id === g.communityId)!;
      expect(g.sourceId!.startsWith(community.sourceId!), g.id).toBe(true);
      expect(g.name.startsWith(community.name)).toBe(true);
      expect(g.id.startsWith(`${community.id}-G`)).toBe(true);
    }
    expect(h.communities.find((c) => c.name === '正阳村')).toMatchObject({ kind: 'village', urban: false });
  });

  it('reads cameras from a GBK CSV with Chinese headers and staff from a UTF-8 CSV, each in its grid', () => {
    const cams = read<Camera[]>('cameras.json');
    expect(cams).toHaveLength(12);
    expect(cams[0]).toMatchObject({
      name: '城南社区第1网格道路监控',
      kind: 'road',
      fov: 70,
      heading: 0,
      gridId: 'S01-C01-G01',
    });
    expect(cams[1]).toMatchObject({ kind: 'junction', heading: 45 });
    const staff = read<Staff[]>('staff.json');
    expect(staff.filter((s) => s.role === 'grid-worker')).toHaveLength(16);
    expect(staff.find((s) => s.name === '李警官')).toMatchObject({ role: 'police', gridId: 'S01-C01-G04' });
    const h = read<Hierarchy>('hierarchy.json');
    expect(h.grids.every((g) => staff.some((s) => s.id === g.workerId && s.gridId === g.id))).toBe(true);
  });

  it('reports the footprint without height or floors, and says which figures are missing', () => {
    expect(report.problems).toEqual([
      expect.objectContaining({
        file: 'buildings.shp',
        code: 'bad-value',
        severity: 'error',
        feature: expect.stringContaining('正阳村32号楼'),
      }),
    ]);
    const text = fs.readFileSync(path.join(tmp, 'import-report.txt'), 'utf8');
    expect(text).toContain('正阳村32号楼');
    const summary = read<DistrictSummary>('summary.json');
    expect(summary).toMatchObject({
      id: 'D500199',
      name: '示例区',
      source: 'imported',
      terrain: true,
      streets: 2,
      communities: 4,
      grids: 16,
      buildings: 31,
      cameras: 12,
      staff: 17,
      population: 0,
    });
    expect(summary.missing).toEqual(expect.arrayContaining(['population', 'profile.events', 'places']));
  });

  it('is served by the API as the demo is, with its tiles from the data folder', async () => {
    const config = loadConfig({ GRIDWALL_DATA_DIR: tmp, GRIDWALL_SIMULATE: '0' });
    expect(config.tilesDir).toBe(path.join(tmp, 'tiles'));
    const app: Application = await createApplication({ ...config, dbPath: path.join(tmp, 'db.sqlite'), videoDemo: 0 });
    try {
      await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
      const origin = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
      const d = (await (await fetch(`${origin}/api/district`)).json()) as DistrictSummary;
      expect(d).toMatchObject({ name: '示例区', grids: 16, buildings: 31 });
      const h = (await (await fetch(`${origin}/api/hierarchy`)).json()) as Hierarchy;
      expect(h.streets.map((s) => s.name)).toEqual(['城西街道', '正阳镇']);
      expect(h.district.areaKm2).toBeGreaterThan(17);
      expect((await fetch(`${origin}/tiles/buildings/tileset.json`)).status).toBe(200);
      expect((await fetch(`${origin}/tiles/terrain/layer.json`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Grid, PlaceKind } from '../../src/domain/district.types.ts';
import { bboxContains, pointInPolygon, polygonAreaKm2 } from '../../src/domain/geo.ts';
import { boxOf, pointSegDist, type XY } from './plane.ts';
import { BucketIndex } from './spatial-index.gen.ts';
import { generateForTest, m, type Generated } from '../../test/support/gen.fixture.ts';

let g: Generated;
let grids: Map<string, Grid>;
let roadSegs: BucketIndex<XY[]>;
beforeAll(async () => {
  g = await generateForTest();
  grids = new Map(g.hierarchy.grids.map((x) => [x.id, x]));
  roadSegs = new BucketIndex<XY[]>(200);
  for (const e of g.roads.edges) {
    const pts = [g.roads.nodes[e.from], ...(e.via ?? []), g.roads.nodes[e.to]].map(m);
    for (let k = 1; k < pts.length; k++) roadSegs.insert(boxOf([pts[k - 1], pts[k]]), [pts[k - 1], pts[k]]);
  }
});
afterAll(async () => {
  await g?.cleanup();
});

function roadDistance(p: XY, within: number): number {
  let best = Infinity;
  for (const s of roadSegs.near(p, within)) best = Math.min(best, pointSegDist(p, s[0], s[1]));
  return best;
}

describe('places', () => {
  it('give every grid content and stand in the grid they name', () => {
    const per = new Map<string, number>();
    const bad: string[] = [];
    for (const p of g.places) {
      const grid = grids.get(p.gridId);
      if (!grid || !pointInPolygon(p.position, grid.polygon)) bad.push(`${p.id} position`);
      else if (grid.streetId !== p.streetId) bad.push(`${p.id} street`);
      if (!/[\u4e00-\u9fff]/.test(p.name)) bad.push(`${p.id} name`);
      const org = p.kind === 'party-branch' || p.kind === 'mediation-room' || p.kind === 'property-office';
      if (p.organization !== org) bad.push(`${p.id} organization`);
      per.set(p.gridId, (per.get(p.gridId) ?? 0) + 1);
    }
    expect(bad.slice(0, 10)).toEqual([]);
    for (const x of g.hierarchy.grids) expect(per.get(x.id) ?? 0, x.id).toBeGreaterThanOrEqual(2);
    const kinds = new Set(g.places.map((p) => p.kind));
    for (const k of [
      'school',
      'kindergarten',
      'clinic',
      'hospital',
      'market',
      'party-branch',
      'mediation-room',
      'police-post',
      'community-center',
      'elderly-care',
      'property-office',
      'enterprise',
    ] as PlaceKind[])
      expect(kinds.has(k), k).toBe(true);
    // every community and village has its Party organization and mediation room
    for (const c of g.hierarchy.communities) {
      const cp = g.places.filter((p) => grids.get(p.gridId)?.communityId === c.id);
      expect(
        cp.some((p) => p.kind === 'party-branch'),
        c.id,
      ).toBe(true);
      expect(
        cp.some((p) => p.kind === 'mediation-room'),
        c.id,
      ).toBe(true);
    }
  });
});

describe('staff', () => {
  it('one grid worker per grid, about 4,000 people in all, each starting on a road in their grid', () => {
    const byId = new Map(g.staff.map((s) => [s.id, s]));
    expect(byId.size).toBe(g.staff.length);
    for (const x of g.hierarchy.grids) {
      const w = byId.get(x.workerId);
      expect(w?.role, x.id).toBe('grid-worker');
      expect(w?.gridId).toBe(x.id);
    }
    expect(g.staff.filter((s) => s.role === 'grid-worker')).toHaveLength(1439);
    expect(g.staff.length).toBeGreaterThan(3600);
    expect(g.staff.length).toBeLessThan(4400);
    for (const r of ['police', 'mediator', 'volunteer'] as const)
      expect(g.staff.filter((s) => s.role === r).length, r).toBeGreaterThan(200);
    const bad: string[] = [];
    for (const s of g.staff) {
      const grid = grids.get(s.gridId);
      if (!grid || !pointInPolygon(s.home, grid.polygon)) bad.push(`${s.id} outside its grid`);
      else if (grid.streetId !== s.streetId) bad.push(`${s.id} street`);
      if (roadDistance(m(s.home), 50) > 15) bad.push(`${s.id} off road`);
      if (!/^\d{11}$/.test(s.phone) || !/[\u4e00-\u9fff]/.test(s.name)) bad.push(`${s.id} name/phone`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });
});

describe('cameras', () => {
  it('5,000+ cameras near roads with sane optics, denser in the city', () => {
    expect(g.cameras.length).toBeGreaterThanOrEqual(5000);
    const bad: string[] = [];
    for (const c of g.cameras) {
      const grid = grids.get(c.gridId);
      if (!grid || !pointInPolygon(c.position, grid.polygon)) bad.push(`${c.id} grid`);
      else if (grid.streetId !== c.streetId) bad.push(`${c.id} street`);
      if (
        c.fov < 40 ||
        c.fov > 110 ||
        c.range < 30 ||
        c.range > 150 ||
        c.heading < 0 ||
        c.heading >= 360 ||
        c.height <= 0
      )
        bad.push(`${c.id} optics`);
      if ((c.kind === 'road' || c.kind === 'junction' || c.kind === 'border') && roadDistance(m(c.position), 60) > 25)
        bad.push(`${c.id} off road`);
      if (c.streamUrl !== null) bad.push(`${c.id} stream`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
    expect(new Set(g.cameras.map((c) => c.kind))).toEqual(
      new Set(['road', 'junction', 'community', 'border', 'public-space']),
    );
    const urbanKm2 = g.hierarchy.grids.filter((x) => x.urban).reduce((s, x) => s + polygonAreaKm2(x.polygon), 0);
    const ruralKm2 = g.hierarchy.grids.filter((x) => !x.urban).reduce((s, x) => s + polygonAreaKm2(x.polygon), 0);
    const urbanCams = g.cameras.filter((c) => grids.get(c.gridId)?.urban).length;
    expect(urbanCams / urbanKm2).toBeGreaterThan((10 * (g.cameras.length - urbanCams)) / ruralKm2);
  });
});

describe('grid profiles and summary', () => {
  it('profiles count the buildings, cameras, places and organizations actually generated', () => {
    const count = <T>(items: T[], key: (t: T) => string) => {
      const mp = new Map<string, number>();
      for (const it of items) mp.set(key(it), (mp.get(key(it)) ?? 0) + 1);
      return mp;
    };
    const nb = count(g.buildings, (b) => b.gridId);
    const nc = count(g.cameras, (c) => c.gridId);
    const np = count(g.places, (p) => p.gridId);
    const hh = new Map<string, number>();
    for (const b of g.buildings) hh.set(b.gridId, (hh.get(b.gridId) ?? 0) + b.households);
    const bad: string[] = [];
    for (const x of g.hierarchy.grids) {
      const pr = x.profile;
      if (pr.things.buildings !== (nb.get(x.id) ?? 0)) bad.push(`${x.id} buildings`);
      if (pr.things.cameras !== (nc.get(x.id) ?? 0)) bad.push(`${x.id} cameras`);
      if (pr.places.total !== (np.get(x.id) ?? 0)) bad.push(`${x.id} places`);
      const mine = g.places.filter((p) => p.gridId === x.id);
      for (const [k, v] of Object.entries(pr.places.byKind))
        if (mine.filter((p) => p.kind === k).length !== v) bad.push(`${x.id} ${k}`);
      if (pr.organizations.partyBranches !== mine.filter((p) => p.kind === 'party-branch').length)
        bad.push(`${x.id} party`);
      if (pr.organizations.mediationRooms !== mine.filter((p) => p.kind === 'mediation-room').length)
        bad.push(`${x.id} mediation`);
      if (pr.organizations.propertyCompanies !== mine.filter((p) => p.kind === 'property-office').length)
        bad.push(`${x.id} property`);
      const o = pr.organizations;
      if (o.total !== o.partyBranches + o.mediationRooms + o.propertyCompanies + o.volunteerTeams)
        bad.push(`${x.id} org total`);
      if (pr.people.registered + pr.people.floating !== pr.people.population) bad.push(`${x.id} people`);
      if (pr.events.resolved30Days > pr.events.last30Days) bad.push(`${x.id} events`);
      // buildings' households are all in the grid; rural (or unbuilt) grids add scattered houses
      const built = hh.get(x.id) ?? 0;
      if (x.kind === 'rural' || built === 0 ? x.households <= built : x.households !== built)
        bad.push(`${x.id} households`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('summary agrees with the files', () => {
    const s = g.summary;
    expect(s.id).toBe(g.hierarchy.district.id);
    expect(s.streets).toBe(g.hierarchy.streets.length);
    expect(s.communities).toBe(g.hierarchy.communities.length);
    expect(s.grids).toBe(g.hierarchy.grids.length);
    expect(s.microGrids).toBe(g.microgrids.length);
    expect(s.cameras).toBe(g.cameras.length);
    expect(s.staff).toBe(g.staff.length);
    expect(s.places).toBe(g.places.length);
    expect(s.population).toBe(g.hierarchy.district.population);
    expect(s.households).toBe(g.hierarchy.district.households);
    expect(s.modelAreaKm2).toBeCloseTo(
      g.patches.reduce((a, p) => a + p.areaKm2, 0),
      2,
    );
    for (const p of g.hierarchy.district.polygon[0]) expect(bboxContains(s.bbox, p)).toBe(true);
    expect(pointInPolygon(s.center, g.hierarchy.district.polygon)).toBe(true);
    // near the real Qianjiang
    expect(Math.abs(s.center[0] - 108.77)).toBeLessThan(0.1);
    expect(Math.abs(s.center[1] - 29.53)).toBeLessThan(0.1);
  });
});

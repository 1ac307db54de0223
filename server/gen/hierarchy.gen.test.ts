import * as turf from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreaUnit, PolygonCoords } from '../../src/domain/district.types.ts';
import { bboxOfPolygon, isCounterClockwise, pointInPolygon, polygonAreaKm2 } from '../../src/domain/geo.ts';
import { generateForTest, type Generated } from '../../test/support/gen.fixture.ts';

let g: Generated;
beforeAll(async () => {
  g = await generateForTest();
});
afterAll(async () => {
  await g?.cleanup();
});

const HAN = /[\u4e00-\u9fff]/;
const LATIN = /^[A-Za-z0-9' ,.-]+$/;

function overlaps(a: PolygonCoords, b: PolygonCoords): boolean {
  const [aw, as, ae, an] = bboxOfPolygon(a);
  const [bw, bs, be, bn] = bboxOfPolygon(b);
  return aw <= be && bw <= ae && as <= bn && bs <= an;
}
function intersectionKm2(a: PolygonCoords, b: PolygonCoords): number {
  const x = turf.intersect(turf.featureCollection([turf.polygon(a), turf.polygon(b)]));
  return x ? turf.area(x) / 1e6 : 0;
}

/** children tile the parent: areas add up, no two overlap, each lies inside the parent */
function expectPartition(parent: AreaUnit, children: AreaUnit[]): void {
  expect(children.length).toBeGreaterThan(0);
  const sum = children.reduce((s, c) => s + polygonAreaKm2(c.polygon), 0);
  const pa = polygonAreaKm2(parent.polygon);
  expect(Math.abs(sum - pa) / pa).toBeLessThan(0.001);
  for (let i = 0; i < children.length; i++) {
    for (let j = i + 1; j < children.length; j++) {
      if (!overlaps(children[i].polygon, children[j].polygon)) continue;
      const x = intersectionKm2(children[i].polygon, children[j].polygon);
      expect(x, `${children[i].id} x ${children[j].id}`).toBeLessThan(
        1e-4 * Math.min(children[i].areaKm2, children[j].areaKm2) + 1e-7,
      );
    }
  }
}

describe('hierarchy', () => {
  it('has the real district counts: 1 / 30 / 219 / 1,439 with 17 urban communities holding 154 grids', () => {
    const h = g.hierarchy;
    expect(h.version).toBe(1);
    expect(h.district.level).toBe('district');
    expect(h.streets).toHaveLength(30);
    expect(h.communities).toHaveLength(219);
    expect(h.grids).toHaveLength(1439);
    const urbanC = h.communities.filter((c) => c.urban);
    expect(urbanC).toHaveLength(17);
    expect(urbanC.every((c) => c.kind === 'community')).toBe(true);
    const urbanIds = new Set(urbanC.map((c) => c.id));
    const urbanGrids = h.grids.filter((x) => urbanIds.has(x.communityId));
    expect(urbanGrids).toHaveLength(154);
    expect(h.grids.filter((x) => x.urban)).toHaveLength(154);
    const streetNames = h.streets
      .filter((s) => s.kind === 'street')
      .map((s) => s.name)
      .sort();
    expect(streetNames).toEqual(['冯家街道', '城东街道', '城南街道', '城西街道', '正阳街道', '舟白街道'].sort());
    expect(h.streets.filter((s) => s.kind === 'town').length).toBeGreaterThan(0);
    expect(h.streets.filter((s) => s.kind === 'township').length).toBeGreaterThan(0);
    // urban communities sit in the six urban streets
    const urbanStreets = new Set(h.streets.filter((s) => s.kind === 'street').map((s) => s.id));
    expect(urbanC.every((c) => urbanStreets.has(c.parentId as string))).toBe(true);
  });

  it('ids encode the hierarchy and parents exist', () => {
    const h = g.hierarchy;
    const streets = new Set(h.streets.map((s) => s.id));
    const communities = new Map(h.communities.map((c) => [c.id, c]));
    for (const s of h.streets) {
      expect(s.id).toMatch(/^S\d{2}$/);
      expect(s.parentId).toBe(h.district.id);
    }
    for (const c of h.communities) {
      expect(c.id).toMatch(/^S\d{2}-C\d{2}$/);
      expect(streets.has(c.parentId as string)).toBe(true);
      expect(c.id.startsWith(`${c.parentId}-`)).toBe(true);
    }
    for (const x of h.grids) {
      expect(x.id).toMatch(/^S\d{2}-C\d{2}-G\d{2}$/);
      expect(x.parentId).toBe(x.communityId);
      expect(communities.get(x.communityId)?.parentId).toBe(x.streetId);
      expect(x.id.startsWith(`${x.communityId}-`)).toBe(true);
    }
    expect(new Set(h.grids.map((x) => x.id)).size).toBe(h.grids.length);
  });

  it('every unit is one valid counter-clockwise Polygon with a label point inside and Chinese + Latin names', () => {
    const h = g.hierarchy;
    const all: AreaUnit[] = [h.district, ...h.streets, ...h.communities, ...h.grids];
    for (const u of all) {
      expect(u.polygon).toHaveLength(1);
      const ring = u.polygon[0];
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(isCounterClockwise(ring)).toBe(true);
      expect(turf.kinks(turf.polygon(u.polygon)).features, u.id).toHaveLength(0);
      expect(pointInPolygon(u.center, u.polygon), `${u.id} label`).toBe(true);
      expect(u.name).toMatch(HAN);
      expect(u.nameEn).toMatch(LATIN);
      expect(u.areaKm2).toBeCloseTo(polygonAreaKm2(u.polygon), 4);
      expect(ring.length).toBeLessThan(200); // drawn on the wall: keep vertex counts modest
    }
    expect(h.district.areaKm2).toBeGreaterThan(2350);
    expect(h.district.areaKm2).toBeLessThan(2450);
  });

  it('streets tile the district, communities tile their street, grids tile their community', () => {
    const h = g.hierarchy;
    expectPartition(h.district, h.streets);
    for (const s of h.streets)
      expectPartition(
        s,
        h.communities.filter((c) => c.parentId === s.id),
      );
    for (const c of h.communities)
      expectPartition(
        c,
        h.grids.filter((x) => x.communityId === c.id),
      );
  });

  it('children lie inside their parent', () => {
    const h = g.hierarchy;
    const byId = new Map<string, AreaUnit>([
      [h.district.id, h.district],
      ...h.streets.map((s) => [s.id, s] as const),
      ...h.communities.map((c) => [c.id, c] as const),
    ]);
    for (const u of [...h.streets, ...h.communities, ...h.grids]) {
      const parent = byId.get(u.parentId as string) as AreaUnit;
      const inside = intersectionKm2(u.polygon, parent.polygon);
      expect(inside / u.areaKm2, u.id).toBeGreaterThan(0.999);
    }
  });

  it('urban grids are small and dense compared with rural ones', () => {
    const urban = g.hierarchy.grids.filter((x) => x.urban).map((x) => x.areaKm2);
    const rural = g.hierarchy.grids.filter((x) => !x.urban).map((x) => x.areaKm2);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(urban)).toBeLessThan(0.5);
    expect(mean(rural) / mean(urban)).toBeGreaterThan(5);
  });

  it('populations and households roll up grid -> community -> street -> district', () => {
    const h = g.hierarchy;
    for (const x of h.grids) {
      expect(x.population).toBe(x.profile.people.population);
      expect(x.households).toBe(x.profile.people.households);
      expect(x.population).toBeGreaterThan(0);
    }
    for (const c of h.communities) {
      const gs = h.grids.filter((x) => x.communityId === c.id);
      expect(c.population).toBe(gs.reduce((s, x) => s + x.population, 0));
      expect(c.households).toBe(gs.reduce((s, x) => s + x.households, 0));
    }
    for (const s of h.streets) {
      const cs = h.communities.filter((c) => c.parentId === s.id);
      expect(s.population).toBe(cs.reduce((a, c) => a + c.population, 0));
    }
    expect(h.district.population).toBe(h.streets.reduce((a, s) => a + s.population, 0));
    expect(h.district.households).toBe(h.streets.reduce((a, s) => a + s.households, 0));
  });
});

describe('micro-grids', () => {
  it('cut every built-up urban residential grid into pieces of about 50-80 households that tile it', () => {
    const h = g.hierarchy;
    const gridById = new Map(h.grids.map((x) => [x.id, x]));
    const byGrid = new Map<string, typeof g.microgrids>();
    for (const mg of g.microgrids) {
      const grid = gridById.get(mg.gridId);
      expect(grid?.urban && grid.kind === 'residential', mg.id).toBe(true);
      expect(mg.id.startsWith(`${mg.gridId}-M`)).toBe(true);
      expect(mg.parentId).toBe(mg.gridId);
      expect(mg.level).toBe('microgrid');
      expect(mg.polygon).toHaveLength(1);
      expect(mg.buildingIds.length).toBeGreaterThan(0);
      expect(mg.headName).toMatch(HAN);
      const l = byGrid.get(mg.gridId) ?? [];
      l.push(mg);
      byGrid.set(mg.gridId, l);
    }
    for (const [gid, list] of byGrid) expectPartition(gridById.get(gid) as AreaUnit, list);
    const hh = g.microgrids.map((mg) => mg.households);
    const inBand = hh.filter((x) => x >= 50 && x <= 80).length;
    expect(inBand / hh.length).toBeGreaterThan(0.75);
    expect(hh.filter((x) => x > 130).length).toBe(0);
    const mean = hh.reduce((s, x) => s + x, 0) / hh.length;
    expect(mean).toBeGreaterThan(50);
    expect(mean).toBeLessThan(80);
  });

  it('list exactly the buildings that point back to them', () => {
    const bById = new Map(g.buildings.map((b) => [b.id, b]));
    const seen = new Set<string>();
    const bad: string[] = [];
    for (const mg of g.microgrids) {
      let households = 0;
      for (const id of mg.buildingIds) {
        const b = bById.get(id);
        if (b?.microGridId !== mg.id || b.gridId !== mg.gridId) bad.push(`${mg.id} lists ${id}`);
        households += b?.households ?? 0;
        seen.add(id);
      }
      if (mg.households !== households) bad.push(`${mg.id} households`);
    }
    const gridById = new Map(g.hierarchy.grids.map((x) => [x.id, x]));
    for (const b of g.buildings) {
      const grid = gridById.get(b.gridId);
      const shouldHave = !!grid && grid.urban && grid.kind === 'residential';
      if ((b.microGridId !== null) !== shouldHave) bad.push(`${b.id} microGridId`);
      if (shouldHave && !seen.has(b.id)) bad.push(`${b.id} not listed`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
    expect(seen.size).toBeGreaterThan(1000);
  });
});

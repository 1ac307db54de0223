import * as turf from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Building } from '../../src/domain/district.types.ts';
import { haversineM, isCounterClockwise, lineLengthM, pointInPolygon, ringCentroid } from '../../src/domain/geo.ts';
import { boxOf, pointInRing, ringLineDist, segmentsCross, type XY } from './plane.ts';
import { ROAD_HALF_WIDTH_M } from './roads.gen.ts';
import { BucketIndex } from './spatial-index.gen.ts';
import { generateForTest, m, ringM, type Generated } from '../../test/support/gen.fixture.ts';

let g: Generated;
beforeAll(async () => {
  g = await generateForTest();
});
afterAll(async () => {
  await g?.cleanup();
});

const distinct = (b: Building) => b.footprint.length - 1;

function ringsOverlap(a: XY[], b: XY[]): boolean {
  for (let i = 1; i < a.length; i++)
    for (let j = 1; j < b.length; j++) if (segmentsCross(a[i - 1], a[i], b[j - 1], b[j])) return true;
  return pointInRing(a[0], b) || pointInRing(b[0], a);
}

describe('urban patches (the 44 km² 3D model)', () => {
  it('add up to 44 km²: old town and new town the largest and adjacent, plus town seats', () => {
    const total = g.patches.reduce((s, p) => s + p.areaKm2, 0);
    expect(total).toBeGreaterThanOrEqual(43);
    expect(total).toBeLessThanOrEqual(45);
    expect(g.summary.modelAreaKm2).toBeCloseTo(total, 2);
    const sorted = g.patches.slice().sort((a, b) => b.areaKm2 - a.areaKm2);
    expect(
      sorted
        .slice(0, 2)
        .map((p) => p.kind)
        .sort(),
    ).toEqual(['new-town', 'old-town']);
    expect(g.patches.filter((p) => p.kind === 'town-seat').length).toBeGreaterThanOrEqual(10);
    const old = ringM(sorted.find((p) => p.kind === 'old-town')!.polygon);
    const neu = ringM(sorted.find((p) => p.kind === 'new-town')!.polygon);
    let gap = Infinity;
    for (const p of old) gap = Math.min(gap, ringLineDist(neu, [p, p]));
    expect(gap).toBeLessThan(300);
    const urbanStreets = new Set(g.hierarchy.streets.filter((s) => s.kind === 'street').map((s) => s.id));
    for (const p of sorted.slice(0, 2)) expect(urbanStreets.has(p.streetId)).toBe(true);
    for (const p of g.patches) {
      expect(p.polygon).toHaveLength(1);
      const street = g.hierarchy.streets.find((s) => s.id === p.streetId)!;
      expect(pointInPolygon(ringCentroid(p.polygon[0]), street.polygon), p.id).toBe(true);
    }
  });
});

describe('buildings', () => {
  it('number at least 40,000 with closed counter-clockwise footprints of varied shapes', () => {
    expect(g.buildings.length).toBeGreaterThanOrEqual(40_000);
    expect(g.summary.buildings).toBe(g.buildings.length);
    let bad = 0;
    for (const b of g.buildings) {
      const f = b.footprint;
      if (f.length < 5 || f[0][0] !== f[f.length - 1][0] || f[0][1] !== f[f.length - 1][1] || !isCounterClockwise(f))
        bad++;
    }
    expect(bad).toBe(0);
    const shaped = g.buildings.filter((b) => distinct(b) > 4).length;
    expect(shaped / g.buildings.length).toBeGreaterThan(0.15);
    expect(new Set(g.buildings.map((b) => b.id)).size).toBe(g.buildings.length);
  });

  it('have floors, heights and households that fit their patch and use', () => {
    const kindOf = new Map(g.patches.map((p) => [p.id, p.kind]));
    const ranges = { 'old-town': [3, 9], 'new-town': [11, 33], 'town-seat': [2, 6] } as const;
    const bad: string[] = [];
    for (const b of g.buildings) {
      const kind = kindOf.get(b.patchId);
      if (!kind) bad.push(`${b.id} patch`);
      if (b.height / b.floors < 2.8 || b.height / b.floors > 4.6) bad.push(`${b.id} height`);
      if (b.use === 'residential' && kind) {
        const [lo, hi] = ranges[kind];
        if (b.floors < lo || b.floors > hi) bad.push(`${b.id} floors ${b.floors} in ${kind}`);
        const areaM2 = turf.area(turf.polygon([b.footprint]));
        if (b.households < 1 || b.households > (b.floors * areaM2) / 30 || b.households < (b.floors * areaM2) / 400)
          bad.push(`${b.id} households ${b.households}`);
      } else if (b.households !== 0) bad.push(`${b.id} non-residential households`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
    const uses = new Set(g.buildings.map((b) => b.use));
    expect([...uses].sort()).toEqual(['government', 'hospital', 'industry', 'residential', 'school', 'shop']);
    const tall = g.buildings.filter(
      (b) => kindOf.get(b.patchId) === 'new-town' && b.use === 'residential' && b.floors >= 25,
    );
    expect(tall.length).toBeGreaterThan(100);
  });

  it('carry the street, community, grid and patch they stand in', () => {
    const grids = new Map(g.hierarchy.grids.map((x) => [x.id, x]));
    const patches = new Map(g.patches.map((p) => [p.id, p]));
    const bad: string[] = [];
    for (const b of g.buildings) {
      const grid = grids.get(b.gridId);
      const c = ringCentroid(b.footprint);
      if (!grid || !pointInPolygon(c, grid.polygon)) bad.push(`${b.id} grid`);
      else if (grid.communityId !== b.communityId || grid.streetId !== b.streetId) bad.push(`${b.id} ids`);
      const patch = patches.get(b.patchId);
      if (!patch || !pointInPolygon(c, patch.polygon)) bad.push(`${b.id} patch`);
      if (!/[\u4e00-\u9fff]/.test(b.name) || !b.address.startsWith('重庆市黔江区')) bad.push(`${b.id} name`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('overlap neither each other, the river nor the roads', () => {
    const rings = g.buildings.map((b) => ringM(b.footprint));
    const idx = new BucketIndex<number>(100);
    rings.forEach((r, i) => idx.insert(boxOf(r), i));
    const bad: string[] = [];
    rings.forEach((r, i) => {
      const bx = boxOf(r);
      for (const j of idx.query(bx)) {
        if (j <= i) continue;
        const o = boxOf(rings[j]);
        if (o.minX > bx.maxX || o.maxX < bx.minX || o.minY > bx.maxY || o.maxY < bx.minY) continue;
        if (ringsOverlap(r, rings[j])) bad.push(`${g.buildings[i].id} x ${g.buildings[j].id}`);
      }
    });
    expect(bad.slice(0, 10)).toEqual([]);

    const segs = new BucketIndex<{ line: XY[]; clear: number; id: number }>(150);
    for (const e of g.roads.edges) {
      const pts = [g.roads.nodes[e.from], ...(e.via ?? []), g.roads.nodes[e.to]].map(m);
      for (let k = 1; k < pts.length; k++)
        segs.insert(boxOf([pts[k - 1], pts[k]]), {
          line: [pts[k - 1], pts[k]],
          clear: ROAD_HALF_WIDTH_M[e.cls],
          id: e.id,
        });
    }
    const river = ringM(g.water[0].polygon);
    const riverIdx = new BucketIndex<XY[]>(150);
    for (let k = 1; k < river.length; k++) riverIdx.insert(boxOf([river[k - 1], river[k]]), [river[k - 1], river[k]]);
    rings.forEach((r, i) => {
      const b = boxOf(r);
      const near = { minX: b.minX - 20, minY: b.minY - 20, maxX: b.maxX + 20, maxY: b.maxY + 20 };
      for (const s of segs.query(near))
        if (ringLineDist(r, s.line) < s.clear) bad.push(`${g.buildings[i].id} on road ${s.id}`);
      for (const s of riverIdx.query(near)) if (ringLineDist(r, s) < 3) bad.push(`${g.buildings[i].id} at the river`);
      if (r.some((p) => pointInRing(p, river))) bad.push(`${g.buildings[i].id} in the river`);
    });
    expect(bad.slice(0, 10)).toEqual([]);
  });
});

describe('water', () => {
  it('a 60-120 m wide river runs across the district and through the city', () => {
    expect(g.water.length).toBeGreaterThanOrEqual(1);
    const river = g.water.find((w) => w.kind === 'river')!;
    expect(river.name).toMatch(/[\u4e00-\u9fff]/);
    expect(river.polygon).toHaveLength(1);
    const poly = turf.polygon(river.polygon);
    const areaM2 = turf.area(poly);
    const perimeter = lineLengthM(river.polygon[0]);
    const width = (2 * areaM2) / perimeter;
    expect(width).toBeGreaterThan(55);
    expect(width).toBeLessThan(125);
    const [, s, , n] = turf.bbox(poly);
    const [, ds, , dn] = g.summary.bbox;
    expect((n - s) / (dn - ds)).toBeGreaterThan(0.6);
    for (const kind of ['old-town', 'new-town']) {
      const p = g.patches.find((x) => x.kind === kind)!;
      expect(turf.intersect(turf.featureCollection([poly, turf.polygon(p.polygon)])), kind).not.toBeNull();
    }
  });
});

describe('road network', () => {
  it('is one connected graph with consistent edge lengths, classes and names', () => {
    const { nodes, edges } = g.roads;
    expect(nodes.length).toBeGreaterThan(1000);
    const adj: number[][] = nodes.map(() => []);
    const bad: string[] = [];
    edges.forEach((e, i) => {
      if (e.id !== i || e.from === e.to || !nodes[e.from] || !nodes[e.to]) bad.push(`edge ${i}`);
      adj[e.from].push(e.to);
      adj[e.to].push(e.from);
      const len = lineLengthM([nodes[e.from], ...(e.via ?? []), nodes[e.to]]);
      if (!(e.lengthM > 0) || Math.abs(e.lengthM - len) > 0.5) bad.push(`edge ${i} length`);
      if (!/[\u4e00-\u9fff]/.test(e.name)) bad.push(`edge ${i} name`);
    });
    expect(bad.slice(0, 10)).toEqual([]);
    const seen = new Uint8Array(nodes.length);
    const stack = [0];
    seen[0] = 1;
    while (stack.length)
      for (const n of adj[stack.pop() as number])
        if (!seen[n]) {
          seen[n] = 1;
          stack.push(n);
        }
    expect(seen.reduce((s, v) => s + v, 0)).toBe(nodes.length);
    expect(new Set(edges.map((e) => e.cls))).toEqual(new Set(['arterial', 'street', 'lane', 'rural']));
    const km = edges.reduce((s, e) => s + e.lengthM, 0) / 1000;
    expect(g.summary.roadKm).toBeCloseTo(km, 0);
  });

  it('has a street lattice in every patch and a bridge across the river in the city', () => {
    for (const p of g.patches) {
      const inside = g.roads.nodes.filter((n) => pointInPolygon(n, p.polygon)).length;
      expect(inside, p.id).toBeGreaterThanOrEqual(4);
    }
    const river = ringM(g.water[0].polygon);
    const crossing = g.roads.edges.filter((e) => {
      const a = m(g.roads.nodes[e.from]);
      const b = m(g.roads.nodes[e.to]);
      return (
        e.cls === 'arterial' &&
        !pointInRing(a, river) &&
        !pointInRing(b, river) &&
        ringLineDist(river, [a, b]) === 0 &&
        haversineM(g.roads.nodes[e.from], g.roads.nodes[e.to]) < 500
      );
    });
    expect(crossing.length).toBeGreaterThanOrEqual(2);
  });
});

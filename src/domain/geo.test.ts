import { describe, expect, it } from 'vitest';
import type { LngLat, Ring } from './district.types.ts';
import {
  bboxOfPolygon,
  haversineM,
  isCounterClockwise,
  lineLengthM,
  metresBetween,
  offsetByMetres,
  pointInPolygon,
  polygonAreaKm2,
  ringCentroid,
} from './geo.ts';

const origin: LngLat = [108.77, 29.53];

/** A square of `side` metres with its south-west corner at origin, counter-clockwise. */
function square(side: number, at: LngLat = origin): Ring {
  const ne = offsetByMetres(at, side, side);
  return [at, [ne[0], at[1]], ne, [at[0], ne[1]], at];
}

describe('geo helpers', () => {
  it('haversine matches known distances', () => {
    // one degree of latitude is about 111.2 km on the mean sphere
    expect(haversineM([108, 29], [108, 30]) / 1000).toBeCloseTo(111.19, 1);
    // Chongqing city centre to Qianjiang, roughly 260 km
    const d = haversineM([106.55, 29.56], origin);
    expect(d).toBeGreaterThan(200_000);
    expect(d).toBeLessThan(240_000);
    expect(haversineM(origin, origin)).toBe(0);
  });

  it('metre offsets round-trip and agree with haversine', () => {
    const p = offsetByMetres(origin, 300, -400);
    const back = metresBetween(origin, p);
    expect(back.dx).toBeCloseTo(300, 6);
    expect(back.dy).toBeCloseTo(-400, 6);
    expect(haversineM(origin, p)).toBeGreaterThan(499);
    expect(haversineM(origin, p)).toBeLessThan(501);
  });

  it('area of a 1 km square is 1 km² and holes are subtracted', () => {
    const outer = square(1000);
    expect(polygonAreaKm2([outer])).toBeCloseTo(1, 2);
    const hole = square(500, offsetByMetres(origin, 250, 250))
      .slice()
      .reverse();
    expect(polygonAreaKm2([outer, hole])).toBeCloseTo(0.75, 2);
  });

  it('point in polygon respects holes and the outside', () => {
    const outer = square(1000);
    const hole = square(200, offsetByMetres(origin, 400, 400))
      .slice()
      .reverse();
    const poly = [outer, hole];
    expect(pointInPolygon(offsetByMetres(origin, 100, 100), poly)).toBe(true);
    expect(pointInPolygon(offsetByMetres(origin, 500, 500), poly)).toBe(false);
    expect(pointInPolygon(offsetByMetres(origin, 1100, 500), poly)).toBe(false);
    expect(pointInPolygon(offsetByMetres(origin, -1, 500), poly)).toBe(false);
  });

  it('bbox, orientation, centroid and line length', () => {
    const ring = square(1000);
    const [w, s, e, n] = bboxOfPolygon([ring]);
    expect(w).toBe(origin[0]);
    expect(s).toBe(origin[1]);
    expect(e).toBeGreaterThan(w);
    expect(n).toBeGreaterThan(s);
    expect(isCounterClockwise(ring)).toBe(true);
    expect(isCounterClockwise(ring.slice().reverse())).toBe(false);
    const c = ringCentroid(ring);
    const off = metresBetween(origin, c);
    expect(off.dx).toBeCloseTo(500, 3);
    expect(off.dy).toBeCloseTo(500, 3);
    expect(lineLengthM(ring)).toBeGreaterThan(3995);
    expect(lineLengthM(ring)).toBeLessThan(4005);
  });
});

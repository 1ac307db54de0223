// Coordinate systems: the CGCS2000 Gauss–Krüger family by EPSG code, GCJ-02 and BD-09, .prj
// handling. Expected values come from the reference formulas in test/fixtures/import (textbook
// Gauss–Krüger series, published GCJ-02/BD-09 offsets), never from proj4 or gcoord themselves.

import { describe, expect, it } from 'vitest';
import { cgcs2000GaussKruger, crsFromPrj, resolveCrs } from './crs.import.ts';
import {
  distanceM,
  gaussKrugerForward,
  gcj02ToBd09,
  meridianArc,
  wgs84ToGcj02,
} from '../../test/fixtures/import/reference.geo.ts';

// round WGS 84 positions across Chongqing (Qianjiang, Yubei, Jiangjin)
const POINTS: [number, number][] = [
  [108.77, 29.53],
  [106.63, 29.72],
  [106.26, 29.29],
];

describe('reference formulas', () => {
  it('the meridian arc to 30°N matches the published UTM northing (0.9996 × arc = 3 318 785.35 m)', () => {
    expect(0.9996 * meridianArc(30, 6378137, 1 / 298.257223563)).toBeCloseTo(3318785.35, 1);
  });
});

describe('CGCS2000 Gauss–Krüger by EPSG code', () => {
  it('knows the four ranges of the family', () => {
    expect(cgcs2000GaussKruger(4491)?.def).toContain('+lon_0=75 ');
    expect(cgcs2000GaussKruger(4491)?.def).toContain('+x_0=13500000');
    expect(cgcs2000GaussKruger(4508)?.def).toContain('+lon_0=111 ');
    expect(cgcs2000GaussKruger(4524)?.def).toContain('+x_0=36500000');
    expect(cgcs2000GaussKruger(4545)?.def).toContain('+lon_0=108 ');
    expect(cgcs2000GaussKruger(4554)?.def).toContain('+lon_0=135 ');
    expect(cgcs2000GaussKruger(4490)).toBeNull();
    expect(cgcs2000GaussKruger(4555)).toBeNull();
  });

  it.each([
    ['EPSG:4544', 105, 0], // 3° CM 105E (Chongqing's west)
    ['EPSG:4545', 108, 0], // 3° CM 108E (Qianjiang)
    ['EPSG:4523', 105, 35], // 3° zone 35, prefix in the easting
    ['EPSG:4524', 108, 36], // 3° zone 36
    ['EPSG:4496', 105, 18], // 6° zone 18
    ['EPSG:4507', 105, 0], // 6° CM 105E
  ] as const)('%s brings reference-projected points back within 1 cm', (code, cm, prefix) => {
    const crs = resolveCrs(code, null);
    for (const p of POINTS) {
      if (Math.abs(p[0] - cm) > 3.5) continue;
      const [x, y] = gaussKrugerForward(p[0], p[1], cm, prefix);
      expect(distanceM(crs.toWgs84(x, y), p)).toBeLessThan(0.01);
    }
  });
});

describe('Chinese web map systems', () => {
  it('GCJ-02 and BD-09 come back to WGS 84 within 1 m', () => {
    const gcj = resolveCrs('gcj02', null);
    const bd = resolveCrs('bd09', null);
    for (const p of POINTS) {
      const g = wgs84ToGcj02(...p);
      expect(distanceM(gcj.toWgs84(...g), p)).toBeLessThan(1);
      expect(distanceM(bd.toWgs84(...gcj02ToBd09(...g)), p)).toBeLessThan(1);
    }
  });
});

describe('.prj and auto', () => {
  it('takes a geographic .prj as WGS 84 and reads an ESRI Gauss–Krüger .prj with proj4', () => {
    const geo = crsFromPrj(
      'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
    );
    expect(geo.toWgs84(108.77, 29.53)).toEqual([108.77, 29.53]);
    const prj =
      'PROJCS["CGCS2000_3_Degree_GK_Zone_35",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",35500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    const gk = crsFromPrj(prj);
    const [x, y] = gaussKrugerForward(106.26, 29.29, 105, 35);
    expect(distanceM(gk.toWgs84(x, y), [106.26, 29.29])).toBeLessThan(0.01);
  });

  it('refuses what it cannot do, saying what would work', () => {
    expect(() => resolveCrs('EPSG:2000', null)).toThrow(/4491–4554/);
    expect(() => resolveCrs('utm', null)).toThrow(/gcj02/);
  });
});

import Cartesian3 from '@cesium/engine/Source/Core/Cartesian3.js';
import Matrix4 from '@cesium/engine/Source/Core/Matrix4.js';
import Transforms from '@cesium/engine/Source/Core/Transforms.js';
import Axis from '@cesium/engine/Source/Scene/Axis.js';
import { describe, expect, it } from 'vitest';
import { ecefToGeodetic, enuFrame, geodeticToEcef, toEnu, transformPoint, Y_UP_TO_Z_UP } from './geodesy.geo.ts';

describe('geodesy', () => {
  it('ENU frames equal Cesium eastNorthUpToFixedFrame', () => {
    for (const [lng, lat] of [
      [108.77, 29.53],
      [108.6, 29.2],
      [0, 0],
    ]) {
      const ours = enuFrame(lng, lat).matrix;
      const theirs = Matrix4.toArray(Transforms.eastNorthUpToFixedFrame(Cartesian3.fromDegrees(lng, lat, 0)));
      ours.forEach((v, i) => expect(v).toBeCloseTo(theirs[i], 6));
    }
  });

  it('our y-up -> z-up rotation is Cesium Axis.Y_UP_TO_Z_UP', () => {
    expect(Y_UP_TO_Z_UP).toEqual(Matrix4.toArray(Axis.Y_UP_TO_Z_UP).map((v) => v + 0));
  });

  it('round-trips geodetic <-> ECEF <-> ENU to well under a millimetre', () => {
    const f = enuFrame(108.77, 29.53);
    for (const [lng, lat, h] of [
      [108.77, 29.53, 0],
      [108.79, 29.51, 120],
      [108.7, 29.6, 35.5],
    ]) {
      const p = geodeticToEcef(lng, lat, h);
      const back = ecefToGeodetic(p);
      expect(back[0]).toBeCloseTo(lng, 9);
      expect(back[1]).toBeCloseTo(lat, 9);
      expect(back[2]).toBeCloseTo(h, 4);
      const enu = toEnu(f, lng, lat, h);
      const ecef = transformPoint(f.matrix, enu);
      for (let k = 0; k < 3; k++) expect(ecef[k]).toBeCloseTo(p[k], 4);
    }
  });
});

import { Cartesian3 } from 'cesium';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../../test/support/live.fixture.ts';
import { ecefInto } from './fast-ecef.ts';

describe('ecefInto', () => {
  it('agrees with Cesium.Cartesian3.fromDegrees to under a millimetre', () => {
    const r = seeded(7);
    const out = new Cartesian3();
    let worst = 0;
    for (let k = 0; k < 2000; k++) {
      const lng = -180 + r() * 360;
      const lat = -89 + r() * 178;
      const h = r() * 2000 - 100;
      const ref = Cartesian3.fromDegrees(lng, lat, h);
      worst = Math.max(worst, Cartesian3.distance(ref, ecefInto(lng, lat, h, out)));
    }
    expect(worst).toBeLessThan(1e-3);
  });

  it('writes into the object it is given (no allocation per call)', () => {
    const out = new Cartesian3();
    expect(ecefInto(108.77, 29.53, 0, out)).toBe(out);
  });
});

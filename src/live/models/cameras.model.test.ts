import { bearing, distance } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import type { LngLat } from '../../domain/district.types.ts';
import { isCounterClockwise, offsetByMetres } from '../../domain/geo.ts';
import { makeCamera, ORIGIN, randomCameras, seeded } from '../../../test/support/live.fixture.ts';
import {
  applyCameraStatuses,
  CAMERA_STATUS,
  cameraIdsSeeing,
  cameraStatusCounts,
  cameraStatusOf,
  camerasSeeing,
  createCameraModel,
  viewCone,
} from './cameras.model.ts';

/** A point `dist` metres from p along a bearing (degrees clockwise from north). */
const along = (p: LngLat, bearing: number, dist: number): LngLat =>
  offsetByMetres(p, dist * Math.sin((bearing * Math.PI) / 180), dist * Math.cos((bearing * Math.PI) / 180));

describe('view cone', () => {
  it('is a closed counter-clockwise ring with its apex at the camera and its arc at the range', () => {
    const cam = makeCamera('C1', ORIGIN, 30, 60, 120);
    const ring = viewCone(cam, 12);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(ring[0]).toEqual(ORIGIN);
    expect(isCounterClockwise(ring)).toBe(true);
    expect(ring.length).toBe(12 + 3);
    for (const p of ring.slice(1, -1)) {
      const { dx, dy } = {
        dx: (p[0] - ORIGIN[0]) * 111_194.9 * Math.cos((ORIGIN[1] * Math.PI) / 180),
        dy: (p[1] - ORIGIN[1]) * 111_194.9,
      };
      expect(Math.hypot(dx, dy)).toBeCloseTo(120, 0);
      const offHeading = (((((Math.atan2(dx, dy) * 180) / Math.PI - 30) % 360) + 540) % 360) - 180;
      expect(Math.abs(offHeading)).toBeLessThanOrEqual(30 + 1e-6);
    }
  });

  it('gives a counter-clockwise disc for a 360° camera', () => {
    const ring = viewCone(makeCamera('C1', ORIGIN, 0, 360, 50), 8);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(isCounterClockwise(ring)).toBe(true);
  });
});

describe('camerasSeeing', () => {
  const cam = makeCamera('C1', ORIGIN, 90, 60, 100); // looking east
  const m = createCameraModel([cam]);

  it('sees a point in front within range', () => {
    expect(cameraIdsSeeing(m, along(ORIGIN, 90, 50))).toEqual(['C1']);
    expect(cameraIdsSeeing(m, along(ORIGIN, 110, 90))).toEqual(['C1']);
  });
  it('does not see a point behind, beside the field of view, or beyond range', () => {
    expect(cameraIdsSeeing(m, along(ORIGIN, 270, 50))).toEqual([]);
    expect(cameraIdsSeeing(m, along(ORIGIN, 90 + 45, 50))).toEqual([]);
    expect(cameraIdsSeeing(m, along(ORIGIN, 0, 50))).toEqual([]);
    expect(cameraIdsSeeing(m, along(ORIGIN, 90, 110))).toEqual([]);
  });
  it('orders cameras nearest first and can keep only online ones', () => {
    const near = makeCamera('NEAR', along(ORIGIN, 270, 20), 90, 40, 200);
    const far = makeCamera('FAR', along(ORIGIN, 270, 80), 90, 40, 200);
    const two = createCameraModel([far, near]);
    const target = along(ORIGIN, 90, 30);
    expect(cameraIdsSeeing(two, target)).toEqual(['NEAR', 'FAR']);
    applyCameraStatuses(two, [
      { cameraId: 'NEAR', status: 'offline', at: 1_700_000_000_000 },
      { cameraId: 'FAR', status: 'online', at: 1_700_000_000_000 },
    ]);
    expect(cameraIdsSeeing(two, target, { onlineOnly: true })).toEqual(['FAR']);
  });
  it('finds a camera from anywhere inside its cone, out to the arc, whatever its heading', () => {
    const cams = randomCameras(300, 13, 0.02);
    const m = createCameraModel(cams, { bucketDeg: 0.0005 }); // small buckets: cones span several
    cams.forEach((c, i) => {
      // Bearings across the field of view, just inside its edges, at 97 % of the range: inside the
      // polygon (its chords cut the arc by < 0.5 % at 12 segments) and as far out as it reaches.
      for (let k = 0; k <= 36; k++) {
        const bearing = c.heading - (c.fov / 2) * 0.98 + (c.fov * 0.98 * k) / 36;
        expect(camerasSeeing(m, along(c.position, bearing, c.range * 0.97))).toContain(i);
      }
    });
  });

  it('finds through the bucket index what geodesic bearing and distance say each camera sees (5,000 cameras)', () => {
    const cams = randomCameras(5000, 7, 0.06);
    const big = createCameraModel(cams);
    const r = seeded(11);
    let seenSomething = 0;
    let decided = 0;
    for (let q = 0; q < 150; q++) {
      // Half the probes sit right in front of a camera so most of them hit something.
      const c = cams[Math.floor(r() * cams.length)];
      const p: LngLat =
        q % 2
          ? along(c.position, c.heading, c.range * r())
          : [ORIGIN[0] + (r() - 0.5) * 0.06, ORIGIN[1] + (r() - 0.5) * 0.06];
      const got = new Set(camerasSeeing(big, p));
      // The oracle is turf's geodesy, not the model's cone polygons: a camera sees p when p lies
      // within range and within half the field of view of its heading. A thin band at the edges is
      // left undecided (the model draws the arc with chords, < 0.4 % short at these fields of view).
      cams.forEach((cam, i) => {
        const d = distance(cam.position, p, { units: 'meters' });
        const off = Math.abs(((((bearing(cam.position, p) - cam.heading) % 360) + 540) % 360) - 180);
        const inside = d > 1 && d <= cam.range * 0.99 && off <= cam.fov / 2 - 0.5;
        const outside = d > cam.range * 1.01 || (d > 1 && off > cam.fov / 2 + 0.5);
        if (inside) expect(got.has(i), `camera ${cam.id} should see probe ${q}`).toBe(true);
        if (outside) expect(got.has(i), `camera ${cam.id} should not see probe ${q}`).toBe(false);
        if (inside || outside) decided++;
      });
      if (got.size) seenSomething++;
    }
    expect(seenSomething).toBeGreaterThan(75);
    expect(decided).toBeGreaterThan(150 * 5000 * 0.99);
  });
});

describe('camera status', () => {
  const cams = [makeCamera('C1', ORIGIN, 0), makeCamera('C2', ORIGIN, 90), makeCamera('C3', ORIGIN, 180)];
  it('starts unknown, applies reports, ignores older ones and counts bad ones', () => {
    const m = createCameraModel(cams);
    expect(cameraStatusOf(m, 'C1')).toBe('unknown');
    const v0 = m.version;
    applyCameraStatuses(m, [
      { cameraId: 'C1', status: 'online', at: 1_700_000_002_000 },
      { cameraId: 'C2', status: 'fault', at: 1_700_000_002_000 },
      { cameraId: 'C9', status: 'online', at: 1_700_000_002_000 },
      { cameraId: 'C3', status: 'exploded', at: 1_700_000_002_000 },
    ]);
    expect(m.version).toBe(v0 + 1);
    expect(cameraStatusOf(m, 'C1')).toBe('online');
    expect(cameraStatusOf(m, 'C2')).toBe('fault');
    expect(cameraStatusOf(m, 'C3')).toBe('unknown');
    expect(cameraStatusOf(m, 'C9')).toBeNull();
    expect(m.rejected).toBe(2);
    applyCameraStatuses(m, [{ cameraId: 'C1', status: 'offline', at: 1_700_000_001_000 }]);
    expect(cameraStatusOf(m, 'C1')).toBe('online');
    expect(m.version).toBe(v0 + 1);
    applyCameraStatuses(m, [{ cameraId: 'C1', status: 'offline', at: 1_700_000_003_000 }]);
    expect(m.status[0]).toBe(CAMERA_STATUS.offline);
    expect(cameraStatusCounts(m)).toEqual({ online: 0, fault: 1, offline: 1, unknown: 1 });
  });
});

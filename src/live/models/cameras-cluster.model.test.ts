import { describe, expect, it } from 'vitest';
import type { LngLat } from '../../domain/district.types.ts';
import { metresPerDegree, offsetByMetres } from '../../domain/geo.ts';
import { makeCamera, ORIGIN, randomCameras } from '../../../test/support/live.fixture.ts';
import { clusterCameras, membersOfCluster, metresPerPixelAt } from './cameras-cluster.model.ts';
import { applyCameraStatuses, CAMERA_STATUS, createCameraModel } from './cameras.model.ts';

const AT = 1_700_000_000_000;

describe('clusterCameras', () => {
  it('keeps every camera in exactly one cluster and fewer clusters for bigger cells', () => {
    const m = createCameraModel(randomCameras(5000, 3, 0.1));
    const fine = clusterCameras(m, { cellM: 100 });
    const coarse = clusterCameras(m, { cellM: 1000 });
    for (const cl of [fine, coarse]) expect(cl.reduce((s, c) => s + c.count, 0)).toBe(5000);
    expect(coarse.length).toBeLessThan(fine.length);
    expect(coarse.length).toBeLessThan(200);
    const members = coarse.flatMap((c) => membersOfCluster(m, c, { cellM: 1000 }));
    expect(new Set(members).size).toBe(5000);
  });

  it('puts a cluster at the mean of its members with the worst status and counts per status', () => {
    // Three cameras 20 m apart in the middle of one 500 m cell, far from a fourth one.
    const mpd = metresPerDegree(ORIGIN[1]);
    const cw = 500 / mpd.lng;
    const ch = 500 / mpd.lat;
    const mid: LngLat = [(Math.floor(ORIGIN[0] / cw) + 0.5) * cw, (Math.floor(ORIGIN[1] / ch) + 0.5) * ch];
    const a = makeCamera('A', mid, 0);
    const b = makeCamera('B', offsetByMetres(mid, 20, 0), 0);
    const c = makeCamera('C', offsetByMetres(mid, 0, 20), 0);
    const lone = makeCamera('L', offsetByMetres(mid, 3000, 3000), 0);
    const m = createCameraModel([a, b, c, lone]);
    applyCameraStatuses(m, [
      { cameraId: 'A', status: 'online', at: AT },
      { cameraId: 'B', status: 'fault', at: AT },
      { cameraId: 'C', status: 'online', at: AT },
      { cameraId: 'L', status: 'online', at: AT },
    ]);
    const cl = clusterCameras(m, { cellM: 500, refLat: ORIGIN[1] }).sort((x, y) => y.count - x.count);
    expect(cl.map((x) => x.count)).toEqual([3, 1]);
    const [trio, single] = cl;
    expect(trio.lng).toBeCloseTo((a.position[0] + b.position[0] + c.position[0]) / 3, 9);
    expect(trio.lat).toBeCloseTo((a.position[1] + b.position[1] + c.position[1]) / 3, 9);
    expect(trio.worst).toBe(CAMERA_STATUS.fault);
    expect(trio.byStatus).toEqual([2, 1, 0, 0]);
    expect(trio.single).toBe(-1);
    expect(single.single).toBe(3);
    applyCameraStatuses(m, [{ cameraId: 'C', status: 'offline', at: AT + 1 }]);
    expect(clusterCameras(m, { cellM: 500, refLat: ORIGIN[1] }).find((x) => x.count === 3)!.worst).toBe(
      CAMERA_STATUS.offline,
    );
  });

  it('filters by the visible bbox and by status', () => {
    const m = createCameraModel(randomCameras(1000, 5, 0.1));
    const bbox = [ORIGIN[0] - 0.01, ORIGIN[1] - 0.01, ORIGIN[0] + 0.01, ORIGIN[1] + 0.01] as const;
    const inside = m.cameras.filter(
      (c) =>
        c.position[0] >= bbox[0] && c.position[0] <= bbox[2] && c.position[1] >= bbox[1] && c.position[1] <= bbox[3],
    ).length;
    expect(clusterCameras(m, { cellM: 200, bbox }).reduce((s, c) => s + c.count, 0)).toBe(inside);
    applyCameraStatuses(
      m,
      m.cameras.slice(0, 10).map((c) => ({ cameraId: c.id, status: 'fault', at: AT })),
    );
    const faults = clusterCameras(m, { cellM: 200, statuses: [CAMERA_STATUS.fault] });
    expect(faults.reduce((s, c) => s + c.count, 0)).toBe(10);
  });

  it('sizes cells from the view', () => {
    expect(metresPerPixelAt(1000, 60, 1000)).toBeCloseTo((2 * 1000 * Math.tan(Math.PI / 6)) / 1000, 9);
    const m = createCameraModel(randomCameras(500, 9, 0.1));
    const far = clusterCameras(m, { metresPerPixel: metresPerPixelAt(20_000, 60, 1080), cellPx: 60 });
    const near = clusterCameras(m, { metresPerPixel: metresPerPixelAt(500, 60, 1080), cellPx: 60 });
    expect(far.length).toBeLessThan(near.length);
    expect(() => clusterCameras(m, {})).toThrow(RangeError);
  });
});

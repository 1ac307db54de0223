import { HeightmapTerrainData, RequestScheduler } from 'cesium';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CESIUM_LOAD_SLICE_MS,
  EagerHeightmapTerrainData,
  heightRange,
  loadSliceMs,
  MAX_LOAD_SLICE_MS,
  OWN_SERVER_REQUESTS,
  serverKeyOf,
  widenOwnServerRequests,
} from './load-budget.cesium.ts';

describe('loadSliceMs', () => {
  it("keeps Cesium's 5 ms at interactive frame rates and before any frame", () => {
    expect(loadSliceMs([])).toBe(CESIUM_LOAD_SLICE_MS);
    expect(loadSliceMs([16.7, 16.7, 16.6, 16.8, 16.7])).toBeCloseTo(CESIUM_LOAD_SLICE_MS, 1);
    expect(loadSliceMs([8, 8, 9])).toBe(CESIUM_LOAD_SLICE_MS);
  });

  it('gives a slow frame the same share of its time, up to the cap', () => {
    expect(loadSliceMs([100, 100, 100])).toBeCloseTo(30, 5);
    expect(loadSliceMs([850, 900, 1_200, 800, 1_000])).toBe(MAX_LOAD_SLICE_MS);
  });

  it('goes by the median: one long gap (the wall idle for minutes) does not widen a fast wall', () => {
    expect(loadSliceMs([16.7, 16.7, 600_000, 16.7, 16.7])).toBeCloseTo(CESIUM_LOAD_SLICE_MS, 1);
    // nor does one quick frame between slow ones narrow a slow one
    expect(loadSliceMs([1_000, 120, 1_100, 900, 1_300])).toBe(MAX_LOAD_SLICE_MS);
  });
});

describe('widenOwnServerRequests', () => {
  it("names the server as Cesium's scheduler does", () => {
    expect(serverKeyOf('http://127.0.0.1:8080')).toBe('127.0.0.1:8080');
    expect(serverKeyOf('http://wall.local')).toBe('wall.local:80');
    expect(serverKeyOf('https://wall.local')).toBe('wall.local:443');
    // the scheduler's own function is typed private
    const scheduler = RequestScheduler as unknown as { getServerKey(url: string): string };
    expect(serverKeyOf('http://127.0.0.1:8080')).toBe(scheduler.getServerKey('http://127.0.0.1:8080/x'));
  });

  it('lets our own server take a view of requests at once, and restores the limits', () => {
    const scheduler = RequestScheduler as unknown as { priorityHeapLength: number };
    const before = [RequestScheduler.maximumRequests, scheduler.priorityHeapLength];
    const restore = widenOwnServerRequests('http://127.0.0.1:8080');
    const byServer = RequestScheduler.requestsByServer as Record<string, number | undefined>;
    expect(byServer['127.0.0.1:8080']).toBe(OWN_SERVER_REQUESTS);
    expect(byServer['other.example:443']).toBeUndefined();
    expect(RequestScheduler.maximumRequests).toBeGreaterThanOrEqual(OWN_SERVER_REQUESTS);
    expect(scheduler.priorityHeapLength).toBeGreaterThanOrEqual(OWN_SERVER_REQUESTS);
    restore();
    expect(byServer['127.0.0.1:8080']).toBeUndefined();
    expect([RequestScheduler.maximumRequests, scheduler.priorityHeapLength]).toEqual(before);
  });
});

describe('EagerHeightmapTerrainData', () => {
  afterEach(() => vi.restoreAllMocks());

  it("asks Cesium for its mesh without the 5-at-a-time cap, whatever the caller's throttle", () => {
    const proto = HeightmapTerrainData.prototype as unknown as { createMesh: (o: object) => unknown };
    const createMesh = vi.spyOn(proto, 'createMesh').mockReturnValue(undefined);
    const data = new EagerHeightmapTerrainData({ buffer: new Float32Array(4), width: 2, height: 2 });
    (data as unknown as { createMesh: (o: object) => unknown }).createMesh({ x: 1, y: 2, level: 3, throttle: true });
    expect(createMesh).toHaveBeenCalledWith({ x: 1, y: 2, level: 3, throttle: false });
    expect(data).toBeInstanceOf(HeightmapTerrainData);
  });

  it('carries the height range Cesium bounds a tile with before its mesh (as quantized-mesh data does)', () => {
    const data = new EagerHeightmapTerrainData({
      buffer: new Float32Array([312.5, 280.25, 401, 355]),
      width: 2,
      height: 2,
    }) as unknown as { _minimumHeight?: number; _maximumHeight?: number };
    expect([data._minimumHeight, data._maximumHeight]).toEqual([280.25, 401]);
  });

  it('claims no range for encoded samples, which Cesium scales first', () => {
    const buffer = new Uint16Array([6000, 6500, 7000, 6200]);
    expect(heightRange({ buffer, width: 2, height: 2, structure: { heightScale: 0.2, heightOffset: -1000 } })).toBe(
      null,
    );
    const data = new EagerHeightmapTerrainData({
      buffer,
      width: 2,
      height: 2,
      structure: { heightScale: 0.2, heightOffset: -1000 },
    }) as unknown as { _minimumHeight?: number };
    expect(data._minimumHeight).toBeUndefined();
    expect(heightRange({ buffer: new Float32Array(0), width: 0, height: 0 })).toBe(null);
  });
});

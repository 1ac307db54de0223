import { HeightmapTerrainData, RequestScheduler } from 'cesium';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  EagerHeightmapTerrainData,
  heightRange,
  OWN_SERVER_REQUESTS,
  serverKeyOf,
  widenOwnServerRequests,
} from './load-budget.cesium.ts';

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

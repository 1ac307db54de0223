import { describe, expect, it } from 'vitest';
import { drawnGlobeTilesLoaded, SETTLE_CONDITIONS, SettleTrace, type SettleConditions } from './settle-trace.ts';

const all = (over: Partial<SettleConditions> = {}): SettleConditions => ({
  ...(Object.fromEntries(SETTLE_CONDITIONS.map((c) => [c, true])) as SettleConditions),
  ...over,
});

describe('SettleTrace', () => {
  it('names the condition the settle waited for last, with its frames and time', () => {
    const t = new SettleTrace();
    t.begin('flight', 1000);
    // the globe is loaded at first (the old view), then not (the new view's tiles): it counts from
    // when it stayed true
    expect(t.frame(1400, all({ flight: false, buildings: false }), 300)).toBe(false);
    expect(t.frame(4000, all({ globe: false, buildings: false }), 500)).toBe(false);
    expect(t.frame(5000, all({ globe: false }), 200)).toBe(false);
    expect(t.frame(6000, all(), 100)).toBe(true);
    const { current, last } = t.snapshot();
    expect(current).toBeNull();
    expect(last).toMatchObject({ reason: 'flight', ms: 5000, frames: 4, renderMs: 1100, longestFrameMs: 500 });
    expect(last!.last).toEqual(['globe']);
    expect(last!.doneAtMs).toMatchObject({ flight: 3000, buildings: 4000, globe: 5000, data: 400 });
    expect(last!.pending).toEqual([]);
  });

  it('shows the settle under way with what is still pending, and ignores frames once settled', () => {
    const t = new SettleTrace();
    t.begin('start', 0);
    t.frame(100, all({ data: false, layers: false }), 50);
    expect(t.snapshot().current).toMatchObject({ ms: null, frames: 1, pending: ['data', 'layers'] });
    expect(t.snapshot().last).toBeNull();
    t.frame(200, all(), 50);
    expect(t.frame(300, all(), 50)).toBe(false);
    expect(t.snapshot().last).toMatchObject({ frames: 2, ms: 200 });
    expect(t.snapshot().last!.last).toEqual(['data', 'layers']);
  });

  it('keeps an interrupted settle as the last one when a new flight starts', () => {
    const t = new SettleTrace();
    t.begin('flight', 0);
    t.frame(100, all({ buildings: false }), 10);
    t.begin('flight', 500);
    expect(t.snapshot().last).toMatchObject({ ms: null, frames: 1, pending: ['buildings'] });
    expect(t.snapshot().current).toMatchObject({ frames: 0 });
  });
});

describe('drawnGlobeTilesLoaded', () => {
  it('waits for the tiles drawn (high and medium queues), not the preloaded ancestors', () => {
    const surface = (high: number, medium: number, low: number) => ({
      tilesLoaded: high + medium + low === 0,
      _surface: {
        _tileLoadQueueHigh: Array(high).fill({}),
        _tileLoadQueueMedium: Array(medium).fill({}),
        _tileLoadQueueLow: Array(low).fill({}),
      },
    });
    expect(drawnGlobeTilesLoaded(surface(0, 0, 12))).toBe(true);
    expect(drawnGlobeTilesLoaded(surface(0, 3, 12))).toBe(false);
    expect(drawnGlobeTilesLoaded(surface(1, 0, 0))).toBe(false);
  });

  it("falls back to Cesium's own flag when the queues are not where 1.140 keeps them", () => {
    expect(drawnGlobeTilesLoaded({ tilesLoaded: false })).toBe(false);
    expect(drawnGlobeTilesLoaded({ tilesLoaded: true, _surface: {} })).toBe(true);
  });
});

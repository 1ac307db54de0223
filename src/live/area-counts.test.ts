import { describe, expect, it } from 'vitest';
import { createAreaCounts } from './area-counts.ts';
import { createLiveStore, markConnected } from './live-store.ts';
import { handleSnapshot } from './live-messages.ts';
import { makeIncident } from '../../test/support/live.fixture.ts';

const T = 1_763_780_000_000;

describe('area counts', () => {
  it('counts open and overdue incidents per street, community and grid, and versions each change', () => {
    const store = createLiveStore();
    markConnected(store);
    // Local clock 1000 = relay clock T. I1 was reported 90 s ago (dispatch target 60 s: overdue),
    // I2 one second ago (on time for another 59 s).
    handleSnapshot(
      store,
      {
        scope: 'district',
        t: T,
        streams: { S01: 0 },
        incidents: [makeIncident('I1', 'S01', T - 90_000), makeIncident('I2', 'S01', T - 1000)],
        staff: [],
        cameras: [],
      },
      1000,
    );
    let local = 1000;
    const feed = createAreaCounts(60_000);
    let notified = 0;
    const off = feed.subscribe(() => notified++);
    expect(feed.counts.size).toBe(0);
    feed.attach(store, () => local);
    expect(notified).toBe(1);
    expect(feed.version).toBe(1);
    expect(feed.counts.get('S01')).toEqual({ open: 2, overdue: 1 });
    expect(feed.counts.get('S01-C01')).toEqual({ open: 2, overdue: 1 });
    expect(feed.counts.get('S01-C01-G01')).toEqual({ open: 2, overdue: 1 });
    expect(feed.refresh()).toBe(false);
    expect(feed.version).toBe(1);
    local += 61_000;
    expect(feed.refresh()).toBe(true);
    expect(feed.version).toBe(2);
    expect(notified).toBe(2);
    expect(feed.counts.get('S01')).toEqual({ open: 2, overdue: 2 });
    off();
    feed.dispose();
  });
});

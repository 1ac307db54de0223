import { describe, expect, it } from 'vitest';
import { handleFeeds, offlineCenters } from './live-feeds.ts';
import { createLiveStore, markConnected, markSubscribed, tickStore } from './live-store.ts';

const T = 1_763_780_000_000; // relay clock
const NOW = 5_000_000; // local clock

function subscribed() {
  const store = createLiveStore({ streetStaleMs: 10_000 });
  markConnected(store);
  markSubscribed(store, ['S01', 'S02', 'S03'], ['S01', 'S02', 'S03'], NOW);
  return store;
}

describe('feeds (center presence) on the wall', () => {
  it('keeps a quiet street with a connected center fresh, and marks a street whose center dropped at once', () => {
    const s = subscribed();
    // S01: quiet but connected; S02: its center dropped; S03: the relay says nothing about it
    handleFeeds(
      s,
      {
        t: T,
        feeds: [
          ['S01', true, T - 60_000],
          ['S02', false, T - 2_000],
        ],
      },
      NOW + 1_000,
    );
    expect(s.streets.get('S02')!.stale).toBe(true);
    expect(offlineCenters(s)).toEqual(['S02']);
    tickStore(s, NOW + 9_000);
    expect(s.streets.get('S02')!.stale).toBe(true);
    handleFeeds(
      s,
      {
        t: T + 10_000,
        feeds: [
          ['S01', true, T - 60_000],
          ['S02', false, T - 2_000],
        ],
      },
      NOW + 11_000,
    );
    tickStore(s, NOW + 14_000);
    // no frame for 14 s: S03 (no word from anyone) is behind, S01 is vouched for by the relay
    expect([...s.streets].filter(([, h]) => h.stale).map(([id]) => id)).toEqual(['S02', 'S03']);
    // the center comes back
    handleFeeds(s, { t: T + 15_000, feeds: [['S02', true, T + 15_000]] }, NOW + 15_000);
    tickStore(s, NOW + 15_500);
    expect(s.streets.get('S02')!.stale).toBe(false);
    expect(offlineCenters(s)).toEqual([]);
  });

  it('drops a malformed feeds message and never adds a street the subscription does not cover', () => {
    const s = subscribed();
    handleFeeds(s, { t: T, feeds: [['S01', 'yes', null]] }, NOW);
    handleFeeds(s, null, NOW);
    expect(s.counts.dropped.malformed).toBe(2);
    handleFeeds(s, { t: T, feeds: [['S99', false, null]] }, NOW);
    expect(s.streets.has('S99')).toBe(false);
    expect(offlineCenters(s)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { FeedTracker } from './feeds.ts';

describe('feed tracker', () => {
  it('lists every street with whether a center is connected and when it was last heard', () => {
    const f = new FeedTracker(() => ['S02', 'S01']);
    expect(f.rows()).toEqual([
      ['S01', false, null],
      ['S02', false, null],
    ]);
    expect(f.connect('S01', 100)).toBe(true);
    f.heard('S01', 250);
    expect(f.rows()).toEqual([
      ['S01', true, 250],
      ['S02', false, null],
    ]);
  });

  it('keeps a street online while any of its center connections is open (a reconnect overlapping the old socket)', () => {
    const f = new FeedTracker(() => ['S01']);
    expect(f.connect('S01', 1)).toBe(true);
    expect(f.connect('S01', 2)).toBe(false);
    expect(f.disconnect('S01')).toBe(false);
    expect(f.rows()[0]![1]).toBe(true);
    expect(f.disconnect('S01')).toBe(true);
    expect(f.rows()).toEqual([['S01', false, 2]]);
    expect(f.disconnect('S01')).toBe(true);
    expect(f.rows()[0]![1]).toBe(false);
  });

  it('also lists a street the district data does not (an empty district in tests)', () => {
    const f = new FeedTracker(() => []);
    f.connect('S09', 5);
    expect(f.rows()).toEqual([['S09', true, 5]]);
  });
});

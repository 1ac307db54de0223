import { describe, expect, it } from 'vitest';
import { START_CAP_MS, START_TIMEOUT_MS, STALL_TIMEOUT_MS, TICK_MS, watchProgress } from './video-progress.ts';

/** A media element and a clock the test moves by hand; `tick(late)` fires the watcher `late` ms after the last. */
function rig() {
  let now = 0;
  let tickFn: (() => void) | null = null;
  const media = { currentTime: 0, bufferedEnd: 0 };
  const clock = {
    get currentTime() {
      return media.currentTime;
    },
    buffered: {
      get length() {
        return media.bufferedEnd > 0 ? 1 : 0;
      },
      end: () => media.bufferedEnd,
    },
  };
  const events: string[] = [];
  const watch = watchProgress(
    clock,
    () => events.push('playing'),
    (r, d) => events.push(`${r}: ${d}`),
    {
      now: () => now,
      every: (_ms, f) => {
        tickFn = f;
        return () => (tickFn = null);
      },
    },
  );
  const tick = (late = TICK_MS) => {
    now += late;
    tickFn?.();
  };
  const ticksFor = (ms: number) => {
    for (let t = 0; t < ms; t += TICK_MS) tick();
  };
  return { media, events, watch, tick, ticksFor };
}

describe('when a stream counts as failed', () => {
  it('a stream that sends nothing fails after the start timeout, once', () => {
    const r = rig();
    r.ticksFor(START_TIMEOUT_MS); // the first tick only reads where the picture starts
    expect(r.events).toEqual([]);
    r.ticksFor(30_000);
    expect(r.events).toEqual(['stalled: no picture after start']);
  });

  it('reports playing once the picture moves, and a picture that stops fails after the stall timeout', () => {
    const r = rig();
    r.tick();
    r.media.currentTime = 0.5;
    r.tick();
    expect(r.events).toEqual(['playing']);
    r.ticksFor(STALL_TIMEOUT_MS);
    expect(r.events).toEqual(['playing']);
    r.ticksFor(3 * TICK_MS);
    expect(r.events).toEqual(['playing', 'stalled: picture stopped']);
  });

  it('does not count time the page was not running (one late tick is not a dead stream)', () => {
    const r = rig();
    // a busy page: each tick arrives 8 s after the last, five times over (40 s by the clock)
    for (let i = 0; i < 5; i++) r.tick(8_000);
    expect(r.events).toEqual([]);
    r.media.currentTime = 0.2;
    r.tick(8_000);
    expect(r.events).toEqual(['playing']);
    // and a playing stream is not stalled by the page's pauses either
    for (let i = 0; i < 5; i++) r.tick(8_000);
    expect(r.events).toEqual(['playing']);
  });

  it('data arriving keeps a slow start alive, up to the cap', () => {
    const r = rig();
    let t = 0;
    while (t <= START_TIMEOUT_MS + 5_000) {
      r.watch.noteData();
      r.tick();
      t += TICK_MS;
    }
    expect(r.events).toEqual([]);
    for (; t <= START_CAP_MS; t += TICK_MS) {
      r.media.bufferedEnd += 0.5; // the buffer grows as well
      r.tick();
    }
    expect(r.events).toEqual([]);
    r.watch.noteData();
    r.tick();
    expect(r.events).toEqual(['stalled: data but no picture']);
  });

  it('data that stops arriving before a picture fails after the start timeout from then', () => {
    const r = rig();
    for (let i = 0; i < 10; i++) {
      r.watch.noteData();
      r.tick();
    }
    r.ticksFor(START_TIMEOUT_MS);
    expect(r.events).toEqual([]);
    r.ticksFor(2 * TICK_MS);
    expect(r.events).toEqual(['stalled: no picture after start']);
  });
});

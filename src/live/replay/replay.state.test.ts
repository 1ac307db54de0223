import { describe, expect, it } from 'vitest';
import { initialReplayState, replayReducer, type ReplayAction, type ReplayState } from './replay.state.ts';

const run = (...actions: ReplayAction[]): ReplayState => actions.reduce(replayReducer, initialReplayState);
const H = 3_600_000;

describe('replay state', () => {
  it('enters a window at its start (or a given time inside it) and leaves back to live', () => {
    const s = run({ type: 'replay/enter', from: 10 * H, to: 11 * H });
    expect([s.mode, s.t, s.playing]).toEqual(['replay', 10 * H, false]);
    expect(run({ type: 'replay/enter', from: 10 * H, to: 11 * H, t: 12 * H }).t).toBe(11 * H);
    const back = replayReducer(s, { type: 'replay/exit' });
    expect([back.mode, back.data]).toEqual(['live', 'idle']);
    expect(back.version).toBeGreaterThan(s.version);
  });
  it('refuses an empty window', () => {
    expect(run({ type: 'replay/enter', from: 5, to: 5 }).mode).toBe('live');
  });
  it('plays at its speed: 60× turns 2 s of wall time into 2 minutes, and stops at the end', () => {
    let s = run({ type: 'replay/enter', from: 0, to: 5 * 60_000, speed: 60 }, { type: 'replay/play', playing: true });
    s = replayReducer(s, { type: 'replay/tick', elapsedMs: 2_000 });
    expect([s.t, s.playing]).toEqual([120_000, true]);
    s = replayReducer(s, { type: 'replay/speed', speed: 600 });
    s = replayReducer(s, { type: 'replay/tick', elapsedMs: 2_000 }); // 1,200 s more would pass the end
    expect([s.t, s.playing]).toEqual([300_000, false]);
    s = replayReducer(s, { type: 'replay/play', playing: true });
    expect([s.t, s.playing]).toEqual([0, true]);
  });
  it('steps and seeks inside the window only, and a step pauses', () => {
    let s = run({ type: 'replay/enter', from: 0, to: 10 * 60_000, playing: true });
    s = replayReducer(s, { type: 'replay/step', byMs: 60_000 });
    expect([s.t, s.playing]).toEqual([60_000, false]);
    expect(replayReducer(s, { type: 'replay/step', byMs: -5 * 60_000 }).t).toBe(0);
    expect(replayReducer(s, { type: 'replay/seek', t: 99 * 60_000 }).t).toBe(10 * 60_000);
  });
  it('does nothing to the playhead while live', () => {
    const s = run(
      { type: 'replay/seek', t: 5 },
      { type: 'replay/tick', elapsedMs: 1000 },
      { type: 'replay/play', playing: true },
    );
    expect(s).toEqual(initialReplayState);
  });
});

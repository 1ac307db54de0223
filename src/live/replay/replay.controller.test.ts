// The replay controller over a fake server: the time bar's incidents come once for the window,
// tracks an hour at a time around the playhead, with the token; playing moves the playhead.
import { describe, expect, it } from 'vitest';
import { encodeReplay } from '../../protocol/replay.codec.ts';
import { CHUNK_MS, createReplayController } from './replay.controller.ts';

const H = CHUNK_MS;
const NOW = 100 * H + 30 * 60_000; // half past the hour

function server(earliest: number | null = null) {
  const asked: { from: number; to: number; track: boolean; auth: string | null }[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    const q = new URL(url, 'http://x').searchParams;
    const from = Number(q.get('from'));
    const to = Number(q.get('to'));
    const track = q.get('track') !== '0';
    asked.push({ from, to, track, auth: (init?.headers as Record<string, string>)?.authorization ?? null });
    const body = encodeReplay(
      {
        scope: 'S01',
        from,
        to,
        incidents: track ? [] : ([{ id: 'INC-1', reportedAt: from + 1 }] as never),
        cameras: [],
        ...(track ? {} : { earliest }),
      },
      track ? [{ staffId: 'W1', t: from, lng: 108.7, lat: 29.5, status: 0, incidentId: null }] : [],
    );
    return new Response(body.slice().buffer, { status: 200 });
  }) as typeof globalThis.fetch;
  return { asked, fetch };
}
const settle = () => new Promise((r) => setTimeout(r, 10));

describe('replay controller', () => {
  it('loads the window’s incidents once and the playhead’s hour with the token, then follows the playhead', async () => {
    const s = server();
    const c = createReplayController({ fetch: s.fetch, token: () => 'tok', now: () => NOW });
    c.enterRecent(24, NOW - 24 * H + 1);
    expect(c.state.data).toBe('loading');
    await settle();
    expect(c.state.data).toBe('ready');
    expect(c.incidents?.map((i) => i.id)).toEqual(['INC-1']);
    expect(s.asked.map((a) => [a.from, a.to, a.track, a.auth])).toEqual([
      [NOW - 24 * H, NOW, false, 'Bearer tok'],
      [NOW - 24 * H, 77 * H, true, 'Bearer tok'], // the first hour is cut at the window's start
    ]);
    expect(c.modelAt(NOW - 24 * H + 5)).not.toBeNull();
    c.dispatch({ type: 'replay/seek', t: 90 * H + 10 });
    expect(c.modelAt(90 * H + 10)).toBeNull();
    await settle();
    expect(c.modelAt(90 * H + 10)?.chunk.header.from).toBe(90 * H);
    c.dispatch({ type: 'replay/exit' });
    expect([c.state.mode, c.incidents, c.modelAt(90 * H + 10)]).toEqual(['live', null, null]);
    c.destroy();
  });
  it('starts where the kept history starts when 15 minutes ago is older than it', async () => {
    const s = server(NOW - 5 * 60_000);
    const c = createReplayController({ fetch: s.fetch, token: () => null, now: () => NOW });
    c.enterRecent(24);
    expect(c.state.t).toBe(NOW - 15 * 60_000);
    await settle();
    expect(c.state.t).toBe(NOW - 5 * 60_000 + 10_000);
    c.enterRecent(24, NOW - 20 * 60_000); // a chosen time is kept
    await settle();
    expect(c.state.t).toBe(NOW - 20 * 60_000);
    c.destroy();
  });
  it('says why when the server refuses', async () => {
    const fetch = (async () =>
      new Response(JSON.stringify({ error: 'scope', message: 'scope S01 cannot replay district' }), {
        status: 403,
      })) as typeof globalThis.fetch;
    const c = createReplayController({ fetch, token: () => null, now: () => NOW });
    c.enterRecent(1);
    await settle();
    expect([c.state.data, c.state.error]).toEqual(['error', 'scope S01 cannot replay district']);
    c.destroy();
  });
  it('moves the playhead smoothly between ticks and fetches the next hour ahead while playing', async () => {
    const s = server();
    let wall = 0;
    const ticks: (() => void)[] = [];
    const c = createReplayController({
      fetch: s.fetch,
      token: () => null,
      now: () => NOW,
      clock: () => wall,
      setInterval: (fn) => ticks.push(fn),
      clearInterval: () => {},
    });
    c.dispatch({ type: 'replay/enter', from: 98 * H, to: NOW, t: 98 * H + 59 * 60_000, speed: 60 });
    c.dispatch({ type: 'replay/play', playing: true });
    wall = 500;
    expect(c.timeNow()).toBe(98 * H + 59 * 60_000 + 30_000); // half a second at 60×
    wall = 2_000;
    ticks[0]();
    expect(c.state.t).toBe(99 * H + 60_000);
    await settle();
    expect(s.asked.filter((a) => a.track).map((a) => a.from)).toEqual([98 * H, 99 * H, 100 * H]);
    c.destroy();
  });
});

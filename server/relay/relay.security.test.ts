import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { collect, connect, report, send, startRelay, until, type TestRelay } from './test-helpers.ts';

// The two ways a relay could let through what the token does not allow: a long-lived token that
// outlives its expiry on an open connection, and a relay without district data that used to accept
// any street id. Real relay, real sockets; the relay's clock is moved instead of waiting days.

const DAY_S = 24 * 3600;

let r: TestRelay;
beforeAll(async () => {
  // expiry is re-checked every 50 ms here, so a clock jump shows within a few checks
  r = await startRelay({ options: { expiryCheckMs: 50 } });
});
afterAll(async () => {
  await r?.close();
});

describe('token expiry on an open connection', () => {
  for (const [what, ttlS] of [
    ['an hour', 3600],
    ['30 days (past the 2^31-1 ms a single timer can wait)', 30 * DAY_S],
    ['a year (the demo tokens)', 365 * DAY_S],
  ] as const) {
    it(`cuts a /live connection when its token (${what}) expires, with a notice`, async () => {
      onTestFinished(() => {
        r.clock.offset = 0;
      });
      const wall = await connect(r.url, '/live', await r.token({ role: 'display' }, ttlS));
      const got = collect(wall);
      expect(await send(wall, 'subscribe', { scope: 'district' })).toMatchObject({ ok: true });
      // a minute before expiry the connection stays (checked over several expiry checks)
      r.clock.offset = (ttlS - 60) * 1000;
      await new Promise((res) => setTimeout(res, 300));
      expect(wall.connected).toBe(true);
      r.clock.offset = (ttlS + 1) * 1000;
      await until(() => !wall.connected, 10_000, 'the relay to cut the expired connection');
      expect(got.notices).toContainEqual(expect.objectContaining({ kind: 'token-expired' }));
    });
  }

  it('cuts a center on /ingest too, so it cannot keep publishing past expiry', async () => {
    onTestFinished(() => {
      r.clock.offset = 0;
    });
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }, 90 * DAY_S));
    expect(await send(center, 'incident:report', report('S01-exp-1'))).toMatchObject({ ok: true });
    r.clock.offset = (90 * DAY_S + 1) * 1000;
    await until(() => !center.connected, 10_000, 'the relay to cut the expired center');
  });
});

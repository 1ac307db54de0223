import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { DistrictStore } from '../http/district-store.ts';
import { collect, connect, report, send, startRelay, until, type TestRelay } from '../../test/support/relay.fixture.ts';

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

/** What loadDistrict gives when data/district is missing. */
const emptyDistrict = {
  loaded: false,
  streetIds: [],
  streetById: new Map(),
  communityById: new Map(),
  gridById: new Map(),
  staffById: new Map(),
  cameraById: new Map(),
  staff: [],
  cameras: [],
} as unknown as DistrictStore;

describe('a relay without district data', () => {
  it('refuses street-scoped tokens and anything published for a street, saying why', async () => {
    const empty = await startRelay({ district: emptyDistrict });
    onTestFinished(() => empty.close());
    const refusal = await connect(empty.url, '/ingest', await empty.token({ role: 'center', scope: 'S07' })).then(
      () => 'accepted',
      (e: Error) => e.message,
    );
    expect(refusal).toMatch(/unknown street S07/);
    await expect(connect(empty.url, '/live', await empty.token({ role: 'display', scope: 'S07' }))).rejects.toThrow(
      /unknown street S07/,
    );

    // a district-wide admin connects, but cannot publish for a street the relay does not know
    const admin = await connect(empty.url, '/ingest', await empty.token({ role: 'admin' }));
    expect(await send(admin, 'incident:report', report('S07-open-1', 'S07'))).toMatchObject({
      ok: false,
      error: { reason: 'scope' },
    });
    const wall = await connect(empty.url, '/live', await empty.token({ role: 'display' }));
    expect(await send(wall, 'subscribe', { scope: 'S07' })).toMatchObject({ ok: false, error: { reason: 'scope' } });
  });
});

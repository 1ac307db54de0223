import type { Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../src/protocol/ack.ts';
import type { DistrictStore } from '../http/district-store.ts';
import { DEFAULT_SNAPSHOT_OPTIONS } from './snapshot-cache.ts';
import {
  collect,
  connect,
  fixtureDistrict,
  report,
  send,
  startRelay,
  until,
  type TestRelay,
} from '../../test/support/relay.fixture.ts';

// Snapshot amplification (issue 10 §4): a display re-subscribing to the district in a loop got a
// fresh multi-megabyte snapshot each time; three such connections took the relay to 2.4 GB and an
// honest center's ack to 8 s. Here the same attack runs against a real relay holding 20,000 people
// while an honest center keeps publishing. Asserted without wall-clock limits: snapshots are built
// once per sequence and shared, attackers are refused with a reason once their budget is spent,
// every honest event is acked and delivered, and memory stays bounded. (Timing figures: bench
// `npm run bench:attack`.)

const PEOPLE = 20_000;
const ATTACKERS = 3;
const TRIES = 40; // subscribes per attacker

/** Streets S01, S02 without a staff list, so the center may bring its own 20,000 people. */
function district(): DistrictStore {
  const d = fixtureDistrict();
  d.staffById = new Map();
  return d;
}

let r: TestRelay;
beforeAll(async () => {
  // message rate limits opened wide: what must hold the attack is the snapshot budget itself
  r = await startRelay({
    district: district(),
    options: { liveRate: [10_000, 10_000], ingestRate: [10_000, 10_000], frameIntervalMs: 1000 },
  });
});
afterAll(async () => {
  await r?.close();
});

async function fill(center: ClientSocket) {
  const at = Date.now();
  for (let b = 0; b < PEOPLE / 500; b++) {
    const positions = Array.from({ length: 500 }, (_, k) => ({
      staffId: `P${b * 500 + k}`,
      lng: 108.7 + k * 1e-4,
      lat: 29.5 + b * 1e-4,
      at,
      status: 'on-duty',
    }));
    expect(await send(center, 'positions', { positions })).toMatchObject({ ok: true, accepted: 500 });
  }
}

describe('snapshot amplification', () => {
  it('shares one snapshot per sequence among walls that ask at the same time', async () => {
    await fill(await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' })));
    const cache = (r.relay as unknown as { snapshots?: { built: number } }).snapshots;
    const walls = await Promise.all(
      Array.from({ length: 5 }, async () => connect(r.url, '/live', await r.token({ role: 'display' }))),
    );
    const got = walls.map(collect);
    const before = cache?.built ?? NaN;
    const acks = await Promise.all(walls.map((w) => send(w, 'subscribe', { scope: 'district' })));
    for (const a of acks) expect(a).toMatchObject({ ok: true });
    await until(() => got.every((g) => g.snapshots.length === 1), 20_000, 'five snapshots');
    for (const g of got) expect(g.snapshots[0]!.staff).toHaveLength(PEOPLE);
    expect(cache, 'the relay exposes its snapshot cache').toBeDefined();
    expect(cache!.built - before).toBe(1);
    for (const w of walls) w.disconnect();
  });

  it('refuses a re-subscribing attacker once its budget is spent, while an honest center keeps going', async () => {
    const cache = (r.relay as unknown as { snapshots: { built: number; served: number } }).snapshots;
    const honest = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S02' }));
    const watcher = await connect(r.url, '/live', await r.token({ role: 'display', scope: 'S02' }));
    const seen = collect(watcher);
    expect(await send(watcher, 'subscribe', { scope: 'S02' })).toMatchObject({ ok: true });
    const attackers = await Promise.all(
      Array.from({ length: ATTACKERS }, async () => connect(r.url, '/live', await r.token({ role: 'display' }))),
    );
    const received = attackers.map(collect);
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const builtBefore = cache.built;
    const servedBefore = cache.served;

    let attacking = true;
    const honestAcks: Ack[] = [];
    const publishing = (async () => {
      for (let n = 0; attacking || n < 20; n++) {
        honestAcks.push(await send(honest, 'incident:report', report(`S02-honest-${n}`, 'S02')));
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }
    })();
    const answers = await Promise.all(
      attackers.map(async (a) => {
        const out: Ack[] = [];
        for (let n = 0; n < TRIES; n++) out.push(await send(a, 'subscribe', { scope: 'district' }));
        return out;
      }),
    );
    attacking = false;
    await publishing;

    // every attacker is throttled, with a reason that says what to do
    for (const out of answers) {
      const refused = out.filter((a) => !a.ok);
      expect(refused.length).toBeGreaterThan(TRIES / 2);
      for (const a of refused) {
        expect(a.ok || a.error.reason).toBe('rate');
        expect(a.ok || a.error.message).toMatch(/snapshot/);
      }
    }
    // each connection got at most its byte budget's worth of snapshots, and they were built no more
    // often than served (once per sequence, shared), whatever the number of subscribes
    const served = cache.served - servedBefore;
    const snapshotBytes = JSON.stringify(received.find((g) => g.snapshots.length)!.snapshots[0]).length;
    const perConnection = Math.floor(DEFAULT_SNAPSHOT_OPTIONS.budget[1] / snapshotBytes) + 2;
    for (const g of received) expect(g.snapshots.length).toBeLessThanOrEqual(perConnection);
    expect(served).toBeLessThanOrEqual(ATTACKERS * perConnection);
    expect(cache.built - builtBefore).toBeLessThanOrEqual(served);

    // the honest center was answered every time and its wall saw every report, in order
    expect(honestAcks.length).toBeGreaterThanOrEqual(20);
    for (const a of honestAcks) expect(a).toMatchObject({ ok: true, duplicate: false });
    await until(() => seen.deltas.length >= honestAcks.length, 20_000, 'honest deltas');
    const seqs = seen.deltas.map((d) => d.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    // memory: bounded by the budgets, not by the number of subscribes (generous: GC is lazy)
    expect(rssPeak - rssBefore).toBeLessThan(400 * 1024 * 1024);
  });
});

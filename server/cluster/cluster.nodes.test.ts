import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, StoredAck } from '../../src/protocol/ack.ts';
import { createTestDatabase, type TestDatabase } from '../../test/cluster/pg-test-db.ts';
import {
  collect,
  connect,
  report,
  send,
  startRelay,
  until,
  update,
  type TestRelay,
} from '../../test/support/relay.fixture.ts';
import { PostgresStorage } from '../storage/postgres.storage.ts';

// Two relay nodes in one process on one PostgreSQL database, without Redis (each node finds the
// other's events in the store by polling), so what is checked here is the arbitration itself:
// both nodes writing one street's stream never share a seq, a step judged on a stale state is
// judged again, and every wall on either node gets every stream contiguous.

let db: TestDatabase;
let a: TestRelay;
let b: TestRelay;
const options = { clusterPollMs: 50 };

beforeAll(async () => {
  db = await createTestDatabase(undefined, 'gridwall_nodes');
  a = await startRelay({
    storage: await PostgresStorage.open(db.url, { commitIntervalMs: 2, log: () => {} }),
    options,
  });
  b = await startRelay({
    storage: await PostgresStorage.open(db.url, { commitIntervalMs: 2, log: () => {} }),
    options,
  });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await db?.drop();
});

const contiguous = (seqs: number[]) => seqs.every((s, n) => n === 0 || s === seqs[n - 1]! + 1);

describe('two relay nodes on one PostgreSQL store', () => {
  it('lets an officer on node B act on an incident reported through node A, and both nodes deliver both events', async () => {
    const center = await connect(a.url, '/ingest', await a.token({ role: 'center', scope: 'S01' }));
    const officer = await connect(b.url, '/live', await b.token({ role: 'officer', scope: 'district' }));
    const walls = await Promise.all(
      [a, b].map(async (r) => connect(r.url, '/live', await r.token({ role: 'display' }))),
    );
    const got = walls.map(collect);
    for (const w of walls) await send(w, 'subscribe', { scope: 'district' });
    const rep = (await send(center, 'incident:report', report('S01-x1'))) as Ack<StoredAck>;
    expect(rep).toMatchObject({ ok: true, stream: 'S01' });
    const seq = (rep as StoredAck).seq;
    // node B may not have heard of the incident yet: it must look in the store, not answer not-found
    const ack = await send(officer, 'incident:act', {
      requestId: 'req-x1',
      incidentId: 'S01-x1',
      step: { action: 'acknowledge' },
    });
    expect(ack).toMatchObject({ ok: true, stream: 'S01', seq: seq + 1, duplicate: false });
    for (const g of got) {
      await until(() => g.deltas.some((d) => d.seq === seq + 1), 10_000, 'both deltas on both nodes');
      expect(
        g.deltas.filter((d) => d.stream === 'S01').map((d) => [d.seq, d.event.kind === 'incident' && d.event.type]),
      ).toEqual([
        [seq, 'report'],
        [seq + 1, 'acknowledge'],
      ]);
    }
  });

  it('takes one of two racing steps on the same incident from two nodes and refuses the other as a transition', async () => {
    const center = await connect(a.url, '/ingest', await a.token({ role: 'center', scope: 'S02' }));
    const officer = await connect(b.url, '/live', await b.token({ role: 'officer', scope: 'district' }));
    for (let n = 0; n < 5; n++) {
      const id = `S02-race-${n}`;
      expect(await send(center, 'incident:report', report(id, 'S02'))).toMatchObject({ ok: true });
      const [fromCenter, fromOfficer] = await Promise.all([
        send(center, 'incident:update', update(id, { action: 'acknowledge' })),
        send(officer, 'incident:act', { requestId: `race-${n}`, incidentId: id, step: { action: 'acknowledge' } }),
      ]);
      const oks = [fromCenter, fromOfficer].filter((x) => x.ok);
      expect(oks, id).toHaveLength(1);
      const refused = [fromCenter, fromOfficer].find((x) => !x.ok);
      expect(refused, id).toMatchObject({ ok: false, error: { reason: 'transition' } });
    }
    // the store is the oracle: five acknowledgements, one per incident, the stream without a hole
    const check = await PostgresStorage.open(db.url, { log: () => {} });
    const rows = await check.readStream('S02', 0, 1000);
    await check.close();
    const acks = rows.filter((r) => r.event.kind === 'incident' && r.event.type === 'acknowledge');
    expect(acks).toHaveLength(5);
    expect(contiguous(rows.map((r) => r.seq))).toBe(true);
  });

  it('numbers one stream from both nodes at once without a gap or a shared seq, and both nodes walls see it all in order', async () => {
    const walls = await Promise.all(
      [a, b].map(async (r) => connect(r.url, '/live', await r.token({ role: 'display' }))),
    );
    const got = walls.map(collect);
    for (const w of walls) await send(w, 'subscribe', { scope: 'district' });
    const center = await connect(a.url, '/ingest', await a.token({ role: 'center', scope: 'S01' }));
    const admin = await connect(b.url, '/ingest', await b.token({ role: 'admin', scope: 'district' }));
    const sent: Promise<Ack>[] = [];
    for (let n = 0; n < 30; n++) {
      sent.push(send(center, 'incident:report', report(`S01-both-a${n}`)));
      sent.push(send(admin, 'incident:report', report(`S01-both-b${n}`)));
    }
    const acks = (await Promise.all(sent)) as (StoredAck & { ok: true })[];
    expect(acks.filter((x) => !x.ok || x.duplicate)).toEqual([]);
    const seqs = acks.map((x) => x.seq).sort((x, y) => x - y);
    expect(new Set(seqs).size).toBe(60);
    const last = seqs[seqs.length - 1]!;
    for (const g of got) {
      await until(
        () => g.deltas.some((d) => d.stream === 'S01' && d.seq === last),
        10_000,
        'the last seq on both nodes',
      );
      const s01 = g.deltas.filter((d) => d.stream === 'S01').map((d) => d.seq);
      expect(contiguous(s01)).toBe(true);
      for (const s of seqs) expect(s01).toContain(s);
    }
  });

  it('stores one event id sent to both nodes at once once, and answers both with its seq', async () => {
    const c1 = await connect(a.url, '/ingest', await a.token({ role: 'center', scope: 'S02' }));
    const c2 = await connect(b.url, '/ingest', await b.token({ role: 'center', scope: 'S02' }));
    const msg = report('S02-twice', 'S02');
    const [x, y] = (await Promise.all([
      send(c1, 'incident:report', msg),
      send(c2, 'incident:report', msg),
    ])) as (StoredAck & { ok: true })[];
    expect([x, y].filter((r) => !r.ok)).toEqual([]);
    expect(x.seq).toBe(y.seq);
    expect([x.duplicate, y.duplicate].sort()).toEqual([false, true]);
  });

  it("refuses a report of an archived incident's id: the store checks it in the append, no node reads first", async () => {
    const center = await connect(a.url, '/ingest', await a.token({ role: 'center', scope: 'S02' }));
    expect(await send(center, 'incident:report', report('S02-arch', 'S02'))).toMatchObject({ ok: true });
    const close = update('S02-arch', { action: 'close', resolution: 'duplicate' });
    expect(await send(center, 'incident:update', close)).toMatchObject({ ok: true });
    // a node that starts later keeps no closed incident in memory (1 ms retention)
    const storage = await PostgresStorage.open(db.url, { commitIntervalMs: 2, log: () => {} });
    const reads: string[] = [];
    const getIncident = storage.getIncident.bind(storage);
    storage.getIncident = (id) => (reads.push(id), getIncident(id));
    const c = await startRelay({ storage, options: { ...options, closedRetentionMs: 1 } });
    try {
      const late = await connect(c.url, '/ingest', await c.token({ role: 'center', scope: 'S02' }));
      expect(await send(late, 'incident:report', report('S02-arch', 'S02'))).toMatchObject({
        ok: false,
        error: { reason: 'conflict', message: 'incident S02-arch already exists' },
      });
      expect(reads).toEqual([]);
      // a retry of the stored report is still its duplicate, not a conflict
      const first = report('S02-new', 'S02');
      const stored = (await send(late, 'incident:report', first)) as StoredAck;
      expect(await send(late, 'incident:report', first)).toEqual({ ...stored, duplicate: true });
    } finally {
      await c.close();
    }
  });

  it('gives a wall on node B people whose center is on node A in its snapshot, from the positions node A saves', async () => {
    const center = await connect(a.url, '/ingest', await a.token({ role: 'center', scope: 'S01' }));
    const at = Date.now();
    const pos = { staffId: 'W1', lng: 108.771, lat: 29.531, at, status: 'on-duty', heading: null, incidentId: null };
    expect(await send(center, 'positions', { positions: [pos] })).toMatchObject({ ok: true, accepted: 1 });
    const token = await b.token({ role: 'display' });
    // node A saves positions every 5 s; node B reads what was saved a few times a second here
    let seen: { staffId: string; at: number; lng: number }[] = [];
    const end = Date.now() + 20_000;
    while (!seen.some((p) => p.staffId === 'W1' && p.at === at) && Date.now() < end) {
      const wall = await connect(b.url, '/live', token);
      const got = collect(wall);
      await send(wall, 'subscribe', { scope: 'district' });
      await until(() => got.snapshots.length > 0, 5_000, 'a snapshot');
      seen = got.snapshots[0]!.staff;
      wall.disconnect();
      if (!seen.some((p) => p.staffId === 'W1')) await new Promise((r) => setTimeout(r, 500));
    }
    expect(seen.find((p) => p.staffId === 'W1')).toMatchObject({ staffId: 'W1', lng: 108.771, at });
  }, 30_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredAck } from '../../src/protocol/ack.ts';
import type { Delta } from '../../src/protocol/live.schema.ts';
import { StreamTracker } from '../../src/protocol/stream-tracker.ts';
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

// Exactly-once storage under retries, order and gap detection, resume after a disconnect.

let r: TestRelay;
beforeAll(async () => {
  // a small memory ring so resumes also exercise the read-back from SQLite
  r = await startRelay({ options: { ringSize: 8, maxReplay: 60 } });
});
afterAll(async () => {
  await r?.close();
});

const reportsOf = (deltas: Delta[], id: string) =>
  deltas.filter((d) => d.event.kind === 'incident' && d.event.type === 'report' && d.event.incidentId === id);

describe('exactly-once storage', () => {
  it('stores a retried event once, whether the retry overlaps, follows or comes on a new connection', async () => {
    const wall = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const got = collect(wall);
    await send(wall, 'subscribe', { scope: 'S01' });
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    const msg = report('S01-once-1');
    const acks = await Promise.all(Array.from({ length: 5 }, () => send<StoredAck>(center, 'incident:report', msg)));
    expect(acks.every((a) => a.ok)).toBe(true);
    const seqs = new Set(acks.map((a) => (a.ok ? a.seq : -1)));
    expect(seqs.size).toBe(1);
    expect(acks.filter((a) => a.ok && !a.duplicate)).toHaveLength(1);
    expect(await send(center, 'incident:report', msg)).toMatchObject({ ok: true, duplicate: true, seq: [...seqs][0] });
    const again = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01', sub: 'fresh-token' }));
    expect(await send(again, 'incident:report', msg)).toMatchObject({ ok: true, duplicate: true, seq: [...seqs][0] });
    // the same event id for a different event is a conflict (issue 10), and nothing new is stored
    expect(
      await send(again, 'incident:report', { ...msg, incident: { ...msg.incident, title: 'changed' } }),
    ).toMatchObject({ ok: false, error: { reason: 'conflict' } });
    await until(() => reportsOf(got.deltas, 'S01-once-1').length === 1);
    const res = await fetch(`${r.url}/api/incidents/S01-once-1`, {
      headers: { authorization: `Bearer ${await r.token({ role: 'display' })}` },
    });
    const body = (await res.json()) as { incident: { title: string }; lifecycle: unknown[] };
    expect(body.lifecycle).toHaveLength(1);
    expect(body.incident.title).toBe('噪音 S01-once-1');
  });

  it('stores each event once under socket.io client retries with a very short ack timeout', async () => {
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S02' }), {
      retries: 100,
      ackTimeout: 1,
    });
    const ids = Array.from({ length: 20 }, (_, n) => `S02-retry-${n}`);
    const acks = [];
    for (const id of ids) acks.push(center.emitWithAck('incident:report', report(id, 'S02')));
    const results = (await Promise.all(acks)) as { ok: boolean; seq: number }[];
    expect(results.every((a) => a.ok)).toBe(true);
    const page = await fetch(`${r.url}/api/incidents?street=S02&limit=500`, {
      headers: { authorization: `Bearer ${await r.token({ role: 'admin' })}` },
    });
    const items = ((await page.json()) as { items: { id: string }[] }).items.filter((i) =>
      i.id.startsWith('S02-retry-'),
    );
    expect(items.map((i) => i.id).sort()).toEqual([...ids].sort());
    // one seq per event, in the order the client queued them
    const seqs = results.map((a) => a.seq);
    expect(new Set(seqs).size).toBe(ids.length);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });
});

describe('order, gaps and resume', () => {
  it('delivers every stored event in order per stream, numbered without holes', async () => {
    const wall = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const got = collect(wall);
    const tracker = new StreamTracker();
    await send(wall, 'subscribe', { scope: 'district' });
    await until(() => got.snapshots.length === 1);
    tracker.reset(got.snapshots[0]!);
    const a = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    const b = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S02' }));
    const sent: Promise<unknown>[] = [];
    for (let n = 0; n < 30; n++) {
      sent.push(send(a, 'incident:report', report(`S01-ord-${n}`)));
      sent.push(send(b, 'incident:report', report(`S02-ord-${n}`, 'S02')));
    }
    await Promise.all(sent);
    await until(() => got.deltas.length >= 60);
    expect(got.deltas.map((d) => tracker.accept(d))).toEqual(got.deltas.map(() => 'apply'));
    for (const street of ['S01', 'S02']) {
      const ids = got.deltas
        .filter((d) => d.stream === street)
        .map((d) => (d.event.kind === 'incident' ? d.event.incidentId : ''));
      expect(ids).toEqual(Array.from({ length: 30 }, (_, n) => `${street}-ord-${n}`));
    }
  });

  it('lets a client that spotted a gap fetch exactly what it missed', async () => {
    const wall = await connect(r.url, '/live', await r.token({ role: 'display', scope: 'S01' }));
    const got = collect(wall);
    const tracker = new StreamTracker();
    await send(wall, 'subscribe', { scope: 'S01' });
    await until(() => got.snapshots.length === 1);
    tracker.reset(got.snapshots[0]!);
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    for (let n = 0; n < 3; n++) await send(center, 'incident:report', report(`S01-gap-${n}`));
    await until(() => got.deltas.length === 3);
    // pretend the middle one was lost in transit
    expect(tracker.accept(got.deltas[0]!)).toBe('apply');
    expect(tracker.accept(got.deltas[2]!)).toBe('gap');
    got.deltas.length = 0;
    const ack = await send(wall, 'subscribe', { scope: 'S01', since: tracker.since() });
    expect(ack).toMatchObject({ ok: true, resumed: ['S01'], snapshot: [] });
    await until(() => got.deltas.length === 2);
    expect(got.deltas.map((d) => tracker.accept(d))).toEqual(['apply', 'apply']);
  });

  it('resumes after a disconnect from memory and disk, or sends a snapshot when too far behind', async () => {
    const token = await r.token({ role: 'display' });
    let wall = await connect(r.url, '/live', token);
    let got = collect(wall);
    await send(wall, 'subscribe', { scope: 'S01' });
    await until(() => got.snapshots.length === 1);
    const tracker = new StreamTracker();
    tracker.reset(got.snapshots[0]!);
    wall.disconnect();

    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    for (let n = 0; n < 25; n++) await send(center, 'incident:report', report(`S01-res-${n}`)); // > ringSize: partly from disk

    wall = await connect(r.url, '/live', token);
    got = collect(wall);
    expect(await send(wall, 'subscribe', { scope: 'S01', since: tracker.since() })).toMatchObject({
      resumed: ['S01'],
      snapshot: [],
    });
    // a shared snapshot is followed by the events stored since it was built (earlier tests' reports),
    // and the relay clock may store timing steps meanwhile: count this test's reports, and check that
    // every delta follows on without a hole
    const reports = () =>
      got.deltas.filter(
        (d) => d.event.kind === 'incident' && d.event.type === 'report' && d.event.incidentId.startsWith('S01-res-'),
      );
    await until(() => reports().length === 25);
    expect(got.deltas.map((d) => tracker.accept(d)).every((v) => v === 'apply')).toBe(true);
    expect(reports().map((d) => (d.event.kind === 'incident' ? d.event.incidentId : ''))).toEqual(
      Array.from({ length: 25 }, (_, n) => `S01-res-${n}`),
    );
    expect(got.snapshots).toHaveLength(0);
    // live deltas follow the replay seamlessly
    const seen = got.deltas.length;
    await send(center, 'incident:report', report('S01-res-live'));
    await until(() => reports().length === 26);
    expect(
      got.deltas
        .slice(seen)
        .map((d) => tracker.accept(d))
        .every((v) => v === 'apply'),
    ).toBe(true);

    // more than maxReplay behind: a fresh snapshot instead
    const since = tracker.since();
    wall.disconnect();
    for (const action of ['acknowledge', 'escalate', 'reinforce']) {
      for (let n = 0; n < 25; n++)
        expect(await send(center, 'incident:update', update(`S01-res-${n}`, { action }))).toMatchObject({ ok: true });
    }
    wall = await connect(r.url, '/live', token);
    got = collect(wall);
    expect(await send(wall, 'subscribe', { scope: 'S01', since })).toMatchObject({ resumed: [], snapshot: ['S01'] });
    await until(() => got.snapshots.length === 1);
    const snap = got.snapshots[0]!;
    // the 75 updates, plus any timing steps the relay clock stored meanwhile
    expect(snap.streams.S01).toBeGreaterThanOrEqual(since.S01! + 75);
    expect(snap.incidents.find((i) => i.id === 'S01-res-3')?.acknowledgedAt).not.toBeNull();
  });
});

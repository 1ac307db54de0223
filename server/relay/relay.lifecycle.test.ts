import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_SNAPSHOT_OPTIONS } from './snapshot-cache.ts';
import type { Incident } from '../../src/protocol/incident.schema.ts';
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

// Lifecycle and target rules as a wall sees them, the incidents API, positions frames, cameras.

let r: TestRelay;
beforeAll(async () => {
  r = await startRelay();
});
afterAll(async () => {
  await r?.close();
});

const incidentsIn = (got: ReturnType<typeof collect>, id: string): Incident[] =>
  got.deltas.flatMap((d) => (d.event.kind === 'incident' && d.event.incidentId === id ? [d.event.incident] : []));

describe('incident lifecycle over the wire', () => {
  it('runs the closed loop, refuses illegal steps with a reason, and serves the lifecycle over HTTP', async () => {
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    const wall = await connect(r.url, '/live', await r.token({ role: 'display', scope: 'S01' }));
    const got = collect(wall);
    await send(wall, 'subscribe', { scope: 'S01' });
    const id = 'S01-loop-1';
    expect(
      await send(
        center,
        'incident:report',
        report(id, 'S01', { gridId: 'S01-C01-G01', position: [108.77, 29.53], source: 'app' }),
      ),
    ).toMatchObject({
      ok: true,
    });
    const bad = await send(center, 'incident:update', update(id, { action: 'arrive' }));
    expect(bad).toMatchObject({ ok: false, error: { reason: 'transition' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/dispatched/);
    const steps = [
      { action: 'dispatch', staffIds: ['W1'] },
      { action: 'arrive' },
      { action: 'handle' },
      { action: 'feedback', note: '已协调降噪' },
      { action: 'close' },
      { action: 'rate', rating: 5 },
    ];
    for (const step of steps)
      expect(await send(center, 'incident:update', update(id, step))).toMatchObject({ ok: true });
    expect(await send(center, 'incident:update', update(id, { action: 'rate', rating: 1 }))).toMatchObject({
      ok: false,
      error: { reason: 'transition' },
    });
    expect(await send(center, 'incident:update', update('S01-nope', { action: 'handle' }))).toMatchObject({
      ok: false,
      error: { reason: 'not-found' },
    });
    await until(() => incidentsIn(got, id).length === 7);
    const last = incidentsIn(got, id).at(-1)!;
    expect(last).toMatchObject({
      status: 'closed',
      rating: 5,
      resolution: 'resolved',
      assignees: ['W1'],
      feedback: '已协调降噪',
    });

    const res = await fetch(`${r.url}/api/incidents/${id}`, {
      headers: { authorization: `Bearer ${await r.token({ role: 'officer', scope: 'S01' })}` },
    });
    const body = (await res.json()) as { incident: Incident; lifecycle: { type: string; seq: number }[] };
    expect(body.lifecycle.map((l) => l.type)).toEqual([
      'report',
      'dispatch',
      'arrive',
      'handle',
      'feedback',
      'close',
      'rate',
    ]);
    expect(body.incident.rating).toBe(5);
    // a street token does not see other streets
    const other = await fetch(`${r.url}/api/incidents/${id}`, {
      headers: { authorization: `Bearer ${await r.token({ role: 'display', scope: 'S02' })}` },
    });
    expect(other.status).toBe(404);
  });

  it('marks an incident at risk then overdue by the relay clock, and on time again once dispatched', async () => {
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S02' }));
    const wall = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const got = collect(wall);
    await send(wall, 'subscribe', { scope: 'district' });
    const id = 'S02-clock-1';
    await send(center, 'incident:report', report(id, 'S02'));
    await until(() => incidentsIn(got, id).length === 1);
    expect(incidentsIn(got, id)[0]!.timing).toBe('on-time');
    r.clock.offset += 50_000; // 50 s after the report: dispatch target (60 s) at risk
    await until(() => incidentsIn(got, id).some((i) => i.timing === 'at-risk'), 10_000, 'at-risk');
    r.clock.offset += 15_000; // 65 s: overdue
    await until(() => incidentsIn(got, id).some((i) => i.timing === 'overdue'), 10_000, 'overdue');
    expect(incidentsIn(got, id).at(-1)!.missed).toEqual(['dispatch']);
    expect(await send(center, 'incident:update', update(id, { action: 'dispatch', staffIds: ['W2'] }))).toMatchObject({
      ok: true,
    });
    await until(() => incidentsIn(got, id).at(-1)!.status === 'dispatched');
    expect(incidentsIn(got, id).at(-1)).toMatchObject({ timing: 'on-time', missed: ['dispatch'] });
    const types = got.deltas
      .filter((d) => d.event.kind === 'incident' && d.event.incidentId === id)
      .map((d) => (d.event.kind === 'incident' ? d.event.type : ''));
    expect(types).toEqual(['report', 'timing', 'timing', 'dispatch']);
    r.clock.offset = 0;
  });
});

describe('positions and cameras', () => {
  it('coalesces positions into frames carrying the latest sample, and keeps a trail', async () => {
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    const wall = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const got = collect(wall);
    await send(wall, 'subscribe', { scope: 'district' });
    const t0 = Date.now() - 60_000;
    for (let n = 0; n < 10; n++) {
      const a = await send(center, 'positions', {
        positions: [{ staffId: 'W1', lng: 108.77 + n * 1e-4, lat: 29.53, at: t0 + n * 6000, status: 'responding' }],
      });
      expect(a).toMatchObject({ ok: true, accepted: 1 });
    }
    // an older sample changes nothing
    expect(await send(center, 'positions', { positions: [{ staffId: 'W1', lng: 1, lat: 1, at: t0 }] })).toMatchObject({
      ok: true,
      accepted: 0,
    });
    await until(
      () => got.frames.some((f) => f.rows.some((row) => row[0] === 'W1' && row[3] === t0 + 54_000)),
      10_000,
      'latest frame',
    );
    // A snapshot of S01 cached by the first test may still be shared for a moment (the share window:
    // what moved since then follows it as deltas and frames, without trails). Past that window, with
    // frames noted since, the relay builds a fresh one: that one must carry W1 and its trail.
    await new Promise((resolve) => setTimeout(resolve, DEFAULT_SNAPSHOT_OPTIONS.shareWindowMs + 50));
    const late = await connect(r.url, '/live', await r.token({ role: 'display', scope: 'S01' }));
    const lateGot = collect(late);
    await send(late, 'subscribe', { scope: 'S01' });
    await until(() => lateGot.snapshots.length === 1);
    const snap = lateGot.snapshots[0]!;
    const w1 = snap.staff.find((s) => s.staffId === 'W1')!;
    expect(
      w1,
      `W1 in the late snapshot (t ${snap.t}, streams ${JSON.stringify(snap.streams)}, staff ${snap.staff.map((s) => s.staffId).join(',')}; now ${Date.now()})`,
    ).toMatchObject({ status: 'responding', at: t0 + 54_000 });
    expect(w1.trail.length).toBe(9);
  });

  it('stores camera status in the stream and the snapshot', async () => {
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S02' }));
    const ack = await send(center, 'camera:status', {
      eventId: 'cam-1',
      cameras: [{ cameraId: 'C2', status: 'fault', at: Date.now() }],
    });
    expect(ack).toMatchObject({ ok: true, stream: 'S02' });
    const wall = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const got = collect(wall);
    await send(wall, 'subscribe', { scope: 'S02' });
    await until(() => got.snapshots.length === 1);
    expect(got.snapshots[0]!.cameras).toEqual([
      expect.objectContaining({ cameraId: 'C2', status: 'fault', streetId: 'S02' }),
    ]);
  });
});

describe('center presence (feeds)', () => {
  it('tells walls at once when a street center connects and drops, each wall only about its scope', async () => {
    // a relay of its own: the other tests leave centers connected. Its periodic beat is far off, so
    // any change seen within half of it can only come from the connect/drop announcement itself.
    const feedIntervalMs = 120_000;
    const r = await startRelay({ options: { feedIntervalMs } });
    onTestFinished(() => r.close());
    const district = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const street = await connect(r.url, '/live', await r.token({ role: 'display', scope: 'S02' }));
    const dGot = collect(district);
    const sGot = collect(street);
    await send(district, 'subscribe', { scope: 'district' });
    await send(street, 'subscribe', { scope: 'S02' });
    const row = (got: ReturnType<typeof collect>, id: string) => got.feeds.at(-1)?.feeds.find((f) => f[0] === id);
    // right after the subscribe: every street of the district, S02 offline (no center yet)
    await until(() => dGot.feeds.length > 0 && sGot.feeds.length > 0, 10_000, 'feeds after subscribe');
    expect(dGot.feeds[0]!.feeds.map((f) => f[0])).toEqual(expect.arrayContaining(['S01', 'S02']));
    expect(sGot.feeds.every((f) => f.feeds.every((x) => x[0] === 'S02'))).toBe(true);
    expect(row(sGot, 'S02')?.[1]).toBe(false);

    const before = Date.now();
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S02' }));
    // no wait for the beat: a connect is announced as it happens
    await until(
      () => row(sGot, 'S02')?.[1] === true && row(dGot, 'S02')?.[1] === true,
      feedIntervalMs / 2,
      'S02 online',
    );
    expect(row(sGot, 'S02')![2]).toBeGreaterThanOrEqual(before);
    center.disconnect();
    await until(
      () => row(sGot, 'S02')?.[1] === false && row(dGot, 'S02')?.[1] === false,
      feedIntervalMs / 2,
      'S02 offline',
    );
    expect(sGot.feeds.every((f) => f.feeds.every((x) => x[0] === 'S02'))).toBe(true);
  });
});

describe('HTTP', () => {
  it('filters and pages /api/incidents, needs a token once a secret is set, and exports metrics', async () => {
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    const base = Date.now() - 10_000;
    for (let n = 0; n < 7; n++)
      await send(center, 'incident:report', report(`S01-page-${n}`, 'S01', { reportedAt: base + n }));
    const auth = { authorization: `Bearer ${await r.token({ role: 'admin' })}` };
    expect((await fetch(`${r.url}/api/incidents`)).status).toBe(401);
    expect(
      (
        await fetch(`${r.url}/api/incidents`, {
          headers: { authorization: `Bearer ${await r.token({ role: 'center', scope: 'S01' })}` },
        })
      ).status,
    ).toBe(401);
    expect((await fetch(`${r.url}/api/incidents?status=bogus`, { headers: auth })).status).toBe(400);
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Response = await fetch(
        `${r.url}/api/incidents?street=S01&status=reported&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { headers: auth },
      );
      const page = (await res.json()) as { items: Incident[]; nextCursor: string | null };
      expect(page.items.every((i) => i.streetId === 'S01' && i.status === 'reported')).toBe(true);
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    const expected = Array.from({ length: 7 }, (_, n) => `S01-page-${6 - n}`);
    expect(ids.filter((id) => id.startsWith('S01-page-'))).toEqual(expected);
    expect(new Set(ids).size).toBe(ids.length);
    const range = `from=${base + 5}&to=${new Date(base + 6).toISOString()}`;
    const ranged = (await (await fetch(`${r.url}/api/incidents?${range}&street=S01`, { headers: auth })).json()) as {
      items: Incident[];
    };
    expect(ranged.items.map((i) => i.id).sort()).toEqual(['S01-page-5', 'S01-page-6']);

    const metrics = await (await fetch(`${r.url}/metrics`)).text();
    for (const name of [
      'gridwall_relay_connections{namespace="/ingest"}',
      'gridwall_relay_events_in_total{type="incident:report"}',
      'gridwall_relay_events_out_total{type="report"}',
      'gridwall_relay_rejections_total{reason="unauthorized"}',
      'gridwall_relay_publish_to_deliver_seconds_bucket',
      'gridwall_event_loop_lag_seconds',
    ]) {
      expect(metrics).toContain(name);
    }
    expect((await fetch(`${r.url}/api/session`)).status).toBe(401);
  });
});

// Last in the file: the snapshot it leaves cached would otherwise be shared with the next test's wall.
describe('snapshot cache', () => {
  it('builds a fresh snapshot after the relay clock steps back, instead of reusing one from "the future"', async () => {
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S02' }));
    const early = await connect(r.url, '/live', await r.token({ role: 'display', scope: 'S02' }));
    r.clock.offset = 60_000; // the relay's clock runs a minute fast when the first wall subscribes
    const earlyGot = collect(early);
    await send(early, 'subscribe', { scope: 'S02' });
    await until(() => earlyGot.snapshots.length === 1);
    r.clock.offset = 0; // ... and is stepped back (NTP)
    const at = Date.now();
    expect(
      await send(center, 'positions', {
        positions: [{ staffId: 'W2', lng: 108.8, lat: 29.54, at, status: 'on-duty' }],
      }),
    ).toMatchObject({ ok: true, accepted: 1 });
    await until(() => earlyGot.frames.some((f) => f.rows.some((row) => row[0] === 'W2')), 10_000, 'frame');
    const late = await connect(r.url, '/live', await r.token({ role: 'display', scope: 'S02' }));
    const lateGot = collect(late);
    await send(late, 'subscribe', { scope: 'S02' });
    await until(() => lateGot.snapshots.length === 1);
    expect(lateGot.snapshots[0]!.staff.find((s) => s.staffId === 'W2')).toMatchObject({ at });
  });
});

import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io as ioc } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DISTRICT_FILES } from '../../src/domain/district.types.ts';
import type { Incident } from '../../src/protocol/incident.schema.ts';
import { createApplication } from '../app.ts';
import { loadConfig } from '../config.ts';
import {
  collect,
  connect,
  eid,
  report,
  send,
  SECRET,
  startRelay,
  until,
  type TestRelay,
} from '../../test/support/relay.fixture.ts';

// Promises docs/protocol.md and README.md make that no other test held the relay to. Real relay,
// real sockets on 127.0.0.1.

let r: TestRelay;
beforeAll(async () => {
  r = await startRelay({ options: { liveRate: [5, 10] } });
});
afterAll(async () => {
  await r?.close();
});

const incidentDeltas = (got: ReturnType<typeof collect>, id: string) =>
  got.deltas.filter((d) => d.event.kind === 'incident' && d.event.incidentId === id);

describe('officers and admins', () => {
  it('stores an officer action repeated under one requestId once, and answers the retry as a duplicate', async () => {
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    expect(await send(center, 'incident:report', report('S01-req-1'))).toMatchObject({ ok: true });
    const wall = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const got = collect(wall);
    await send(wall, 'subscribe', { scope: 'district' });
    const officer = await connect(r.url, '/live', await r.token({ role: 'officer', scope: 'S01' }));
    const msg = { requestId: eid('q'), incidentId: 'S01-req-1', step: { action: 'dispatch', staffIds: ['W1'] } };
    const first = await send<{ seq: number }>(officer, 'incident:act', msg);
    const again = await send<{ seq: number }>(officer, 'incident:act', msg);
    expect(first).toMatchObject({ ok: true, duplicate: false });
    expect(again).toMatchObject({ ok: true, duplicate: true });
    expect(again.ok && first.ok && again.seq).toBe(first.ok && first.seq);
    // a different request for the same step is a real second attempt, refused by the lifecycle
    expect(await send(officer, 'incident:act', { ...msg, requestId: eid('q') })).toMatchObject({
      ok: false,
      error: { reason: 'transition' },
    });
    // stored once: the incident's lifecycle holds one dispatch, and the wall saw it once
    const res = await fetch(`${r.url}/api/incidents/S01-req-1`, {
      headers: { authorization: `Bearer ${await r.token({ role: 'admin' })}` },
    });
    const body = (await res.json()) as { lifecycle: { type: string }[] };
    expect(body.lifecycle.map((l) => l.type)).toEqual(['report', 'dispatch']);
    await until(() => incidentDeltas(got, 'S01-req-1').length >= 1, 10_000, 'the dispatch delta');
    expect(
      incidentDeltas(got, 'S01-req-1').filter((d) => d.event.kind === 'incident' && d.event.type === 'dispatch'),
    ).toHaveLength(1);
  });

  it('lets an admin publish for any street of the district, and no street outside it', async () => {
    const admin = await connect(r.url, '/ingest', await r.token({ role: 'admin' }));
    expect(await send(admin, 'incident:report', report('S01-admin-1', 'S01'))).toMatchObject({
      ok: true,
      stream: 'S01',
    });
    expect(await send(admin, 'incident:report', report('S02-admin-1', 'S02'))).toMatchObject({
      ok: true,
      stream: 'S02',
    });
    expect(await send(admin, 'incident:report', report('S09-admin-1', 'S09'))).toMatchObject({
      ok: false,
      error: { reason: 'scope' },
    });
  });
});

describe('the wire', () => {
  it('accepts the token in the handshake query as well as in auth, and checks it there too', async () => {
    const token = await r.token({ role: 'display', scope: 'S02' });
    const viaQuery = await connect(r.url, '/live', undefined, { query: { token } });
    expect(await send(viaQuery, 'subscribe', { scope: 'S02' })).toMatchObject({ ok: true });
    // the query token's scope is the one enforced
    expect(await send(viaQuery, 'subscribe', { scope: 'S01' })).toMatchObject({
      ok: false,
      error: { reason: 'scope' },
    });
    await expect(connect(r.url, '/live', undefined, { query: { token: token.slice(0, -4) + 'AAAA' } })).rejects.toThrow(
      /unauthorized: invalid token/,
    );
  });

  it('serves a wall over HTTP long-polling (no websocket)', async () => {
    const wall = await connect(r.url, '/live', await r.token({ role: 'display' }), { transports: ['polling'] });
    const got = collect(wall);
    expect(wall.io.engine.transport.name).toBe('polling');
    expect(await send(wall, 'subscribe', { scope: 'S02' })).toMatchObject({ ok: true });
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S02' }));
    expect(await send(center, 'incident:report', report('S02-poll-1', 'S02'))).toMatchObject({ ok: true });
    await until(() => incidentDeltas(got, 'S02-poll-1').length === 1, 10_000, 'the delta over polling');
  });

  it('refuses an event sent without an ack callback: nothing is stored or delivered', async () => {
    const wall = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const got = collect(wall);
    await send(wall, 'subscribe', { scope: 'S01' });
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    const schemaRefusals = async () => {
      const text = await (await fetch(`${r.url}/metrics`)).text();
      return Number(/gridwall_relay_rejections_total\{reason="schema"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    const before = await schemaRefusals();
    center.emit('incident:report', report('S01-noack-1'));
    // the next acknowledged event on the same connection is handled after it
    expect(await send(center, 'incident:report', report('S01-noack-2'))).toMatchObject({ ok: true });
    await until(() => incidentDeltas(got, 'S01-noack-2').length === 1, 10_000, 'the acknowledged report');
    expect(incidentDeltas(got, 'S01-noack-1')).toEqual([]);
    expect(await schemaRefusals()).toBe(before + 1);
    const res = await fetch(`${r.url}/api/incidents/S01-noack-1`, {
      headers: { authorization: `Bearer ${await r.token({ role: 'admin' })}` },
    });
    expect(res.status).toBe(404);
  });

  it('clamps future timestamps to the relay clock (report time and positions)', async () => {
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    const wall = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const got = collect(wall);
    await send(wall, 'subscribe', { scope: 'S01' });
    const ahead = Date.now() + 60_000; // a center whose clock runs a minute fast
    expect(await send(center, 'incident:report', report('S01-future-1', 'S01', { reportedAt: ahead }))).toMatchObject({
      ok: true,
    });
    expect(
      await send(center, 'positions', { positions: [{ staffId: 'W1', lng: 108.771, lat: 29.531, at: ahead }] }),
    ).toMatchObject({ ok: true, accepted: 1 });
    const ackedBy = Date.now();
    await until(
      () =>
        incidentDeltas(got, 'S01-future-1').length === 1 &&
        got.frames.some((f) => f.rows.some((row) => row[0] === 'W1')),
      10_000,
      'report and frame',
    );
    const d = incidentDeltas(got, 'S01-future-1')[0]!;
    const incident = (d.event as { incident: Incident }).incident;
    expect(incident.reportedAt).toBeLessThanOrEqual(ackedBy);
    const row = got.frames.flatMap((f) => f.rows).find((x) => x[0] === 'W1')!;
    expect(row[3] as number).toBeLessThanOrEqual(ackedBy);
  });

  it('rate-limits a /live connection: a burst past its allowance is refused with "rate", others are served', async () => {
    const noisy = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const calm = await connect(r.url, '/live', await r.token({ role: 'display' }));
    // liveRate here is 5/s with a burst of 10: 20 subscribes at once cost 5 tokens each
    const acks = await Promise.all(Array.from({ length: 20 }, () => send(noisy, 'subscribe', { scope: 'S01' })));
    const reasons = acks.map((a) => (a.ok ? 'ok' : a.error.reason));
    expect(reasons.filter((x) => x === 'rate').length).toBeGreaterThan(10);
    expect(reasons.filter((x) => x === 'ok').length).toBeGreaterThan(0);
    expect(await send(calm, 'subscribe', { scope: 'S01' })).toMatchObject({ ok: true });
  });
});

describe('shutdown and health', () => {
  it('tells every wall the relay is shutting down before it closes, and /healthz answers while up', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-promises-'));
    const districtDir = path.join(dataDir, 'district');
    fs.mkdirSync(districtDir);
    fs.writeFileSync(
      path.join(districtDir, DISTRICT_FILES.hierarchy),
      JSON.stringify({ version: 1, seed: 0, streets: [{ id: 'S01', level: 'street' }], communities: [], grids: [] }),
    );
    fs.writeFileSync(path.join(districtDir, DISTRICT_FILES.summary), JSON.stringify({ id: 'D1', name: '测试区' }));
    const config = {
      ...loadConfig({ GRIDWALL_DATA_DIR: dataDir, GRIDWALL_SECRET: SECRET }),
      simulate: false,
      port: 0,
      host: '127.0.0.1',
    };
    const app = await createApplication(config);
    let closed = false;
    onTestFinished(async () => {
      if (!closed) await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    await new Promise<void>((res) => app.httpServer.listen(0, '127.0.0.1', res));
    const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, uptimeS: expect.any(Number) });

    const wall = ioc(`${url}/live`, {
      auth: { token: await app.relay.signToken({ role: 'display', scope: 'S01', sub: 'w' }) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    onTestFinished(() => void wall.close());
    const notices: { kind: string }[] = [];
    wall.on('notice', (n: { kind: string }) => notices.push(n));
    await until(() => wall.connected, 10_000, 'wall connected');
    closed = true;
    await app.close();
    await until(() => !wall.connected, 10_000, 'wall disconnected');
    expect(notices).toContainEqual(expect.objectContaining({ kind: 'shutdown' }));
  });
});

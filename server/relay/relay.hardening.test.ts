import { io as ioc } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictStore } from '../http/district-store.ts';
import {
  collect,
  connect,
  eid,
  fixtureDistrict,
  report,
  send,
  startRelay,
  until,
  update,
  type TestRelay,
} from '../../test/support/relay.fixture.ts';

// What an adversarial probe found on the relay's sockets: an open root namespace, cross-street
// dispatch, positions and incidents anywhere on Earth, reports dated decades back, and an event id
// reused for different content answered `ok, duplicate` while the content was dropped.

/** The test district with geometry: S01 and S02 side by side around 108.77 E, 29.53 N. */
function districtWithBounds(): DistrictStore {
  const d = fixtureDistrict();
  const box = (x: number): [number, number][][] => [
    [
      [x, 29.5],
      [x + 0.05, 29.5],
      [x + 0.05, 29.56],
      [x, 29.56],
      [x, 29.5],
    ],
  ];
  d.streetById = new Map([
    ['S01', { id: 'S01', level: 'street', polygon: box(108.72) }],
    ['S02', { id: 'S02', level: 'street', polygon: box(108.77) }],
  ] as unknown as [string, DistrictStore['streetById'] extends Map<string, infer V> ? V : never][]);
  return d;
}

let r: TestRelay;
beforeAll(async () => {
  r = await startRelay({ district: districtWithBounds() });
});
afterAll(async () => {
  await r?.close();
});

const center = async (street = 'S01') => connect(r.url, '/ingest', await r.token({ role: 'center', scope: street }));
const officer = async (scope: string) => connect(r.url, '/live', await r.token({ role: 'officer', scope }));
const act = (incidentId: string, step: Record<string, unknown>) => ({ requestId: eid('a'), incidentId, step });

describe('root namespace', () => {
  it('refuses connections to / with or without a token', async () => {
    const tries: [string, Record<string, unknown>][] = [
      ['none', {}],
      ['display', { token: await r.token({ role: 'display' }) }],
    ];
    for (const [what, auth] of tries) {
      const socket = ioc(r.url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
      const outcome = await new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (e) => resolve(e.message));
      });
      socket.disconnect();
      expect(outcome, what).toMatch(/^unauthorized: namespace \/ is not served/);
    }
  });
});

describe('cross-street staff', () => {
  it("refuses a center's or street officer's dispatch of another street's staff, allows a district officer", async () => {
    const c = await center('S01');
    expect(await send(c, 'incident:report', report('S01-x-1'))).toMatchObject({ ok: true });
    const byCenter = await send(c, 'incident:update', update('S01-x-1', { action: 'dispatch', staffIds: ['W2'] }));
    expect(byCenter).toMatchObject({ ok: false, error: { reason: 'scope' } });
    expect(!byCenter.ok && byCenter.error.message).toContain('W2 belongs to S02');

    const streetOfficer = await officer('S01');
    expect(
      await send(streetOfficer, 'incident:act', act('S01-x-1', { action: 'dispatch', staffIds: ['W1', 'W2'] })),
    ).toMatchObject({
      ok: false,
      error: { reason: 'scope' },
    });
    // nothing was stored by the refusals: the incident can still be dispatched
    const district = await officer('district');
    expect(
      await send(district, 'incident:act', act('S01-x-1', { action: 'dispatch', staffIds: ['W2'] })),
    ).toMatchObject({ ok: true, duplicate: false });
    // own street's people stay fine for the center
    expect(await send(c, 'incident:report', report('S01-x-2'))).toMatchObject({ ok: true });
    expect(await send(c, 'incident:update', update('S01-x-2', { action: 'dispatch', staffIds: ['W1'] }))).toMatchObject(
      { ok: true },
    );
  });
});

describe('out of area', () => {
  it('refuses incident positions and staff positions far outside the district, keeps those near it', async () => {
    const c = await center('S01');
    for (const position of [
      [0, 0],
      [121.47, 31.23], // Shanghai
      [108.77, 29.8], // 30 km north
    ]) {
      const a = await send(c, 'incident:report', report(`S01-far-${position.join('_')}`, 'S01', { position }));
      expect(a, String(position)).toMatchObject({ ok: false, error: { reason: 'out-of-area' } });
    }
    // just over the border (2 km) is still the district's business
    expect(await send(c, 'incident:report', report('S01-near', 'S01', { position: [108.7, 29.53] }))).toMatchObject({
      ok: true,
    });

    const at = Date.now();
    const far = await send(c, 'positions', {
      positions: [
        { staffId: 'W1', lng: 108.75, lat: 29.53, at },
        { staffId: 'W1', lng: 0, lat: 0, at: at + 1 },
      ],
    });
    expect(far).toMatchObject({ ok: false, error: { reason: 'out-of-area' } });
    expect(!far.ok && far.error.message).toContain('W1');
    expect(await send(c, 'positions', { positions: [{ staffId: 'W1', lng: 108.75, lat: 29.53, at }] })).toMatchObject({
      ok: true,
      accepted: 1,
    });
  });
});

describe('clock', () => {
  it('refuses reportedAt and step times far from the relay clock, with a reason; accepts a late backlog', async () => {
    const c = await center('S01');
    const y2000 = Date.UTC(2000, 0, 2);
    const old = await send(c, 'incident:report', report('S01-y2k', 'S01', { reportedAt: y2000 }));
    expect(old).toMatchObject({ ok: false, error: { reason: 'clock' } });
    expect(!old.ok && old.error.message).toMatch(/days before the relay's clock/);
    const ahead = await send(c, 'incident:report', report('S01-ahead', 'S01', { reportedAt: Date.now() + 3600_000 }));
    expect(ahead).toMatchObject({ ok: false, error: { reason: 'clock' } });
    // a center draining its backlog after a few hours offline is not refused
    expect(
      await send(c, 'incident:report', report('S01-backlog', 'S01', { reportedAt: Date.now() - 3 * 3600_000 })),
    ).toMatchObject({ ok: true });
    const step = await send(c, 'incident:update', { ...update('S01-backlog', { action: 'acknowledge' }), at: y2000 });
    expect(step).toMatchObject({ ok: false, error: { reason: 'clock' } });
  });
});

describe('event id reuse', () => {
  it('answers conflict for different content under a used id, duplicate for the same content', async () => {
    const c = await center('S01');
    const wallSocket = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const wall = collect(wallSocket);
    expect(await send(wallSocket, 'subscribe', { scope: 'district' })).toMatchObject({ ok: true });
    const first = report('S01-dup-1');
    const ok = await send(c, 'incident:report', first);
    expect(ok).toMatchObject({ ok: true, duplicate: false });
    expect(await send(c, 'incident:report', first)).toMatchObject({ ok: true, duplicate: true });
    const changed = await send(c, 'incident:report', { ...first, incident: { ...first.incident, title: '另一件事' } });
    expect(changed).toMatchObject({ ok: false, error: { reason: 'conflict' } });
    const other = await send(c, 'incident:report', { ...first, incident: { ...first.incident, id: 'S01-dup-2' } });
    expect(other).toMatchObject({ ok: false, error: { reason: 'conflict' } });

    const step = update('S01-dup-1', { action: 'acknowledge', note: '收到' });
    expect(await send(c, 'incident:update', step)).toMatchObject({ ok: true, duplicate: false });
    expect(await send(c, 'incident:update', step)).toMatchObject({ ok: true, duplicate: true });
    expect(await send(c, 'incident:update', { ...step, step: { action: 'acknowledge', note: '别的' } })).toMatchObject({
      ok: false,
      error: { reason: 'conflict' },
    });
    expect(await send(c, 'incident:update', { ...step, step: { action: 'dispatch', staffIds: ['W1'] } })).toMatchObject(
      { ok: false, error: { reason: 'conflict' } },
    );

    const cams = { eventId: eid('c'), cameras: [{ cameraId: 'C1', status: 'offline', at: Date.now() }] };
    expect(await send(c, 'camera:status', cams)).toMatchObject({ ok: true, duplicate: false });
    expect(await send(c, 'camera:status', cams)).toMatchObject({ ok: true, duplicate: true });
    expect(
      await send(c, 'camera:status', { ...cams, cameras: [{ ...cams.cameras[0], status: 'online' }] }),
    ).toMatchObject({ ok: false, error: { reason: 'conflict' } });

    // an officer's requestId is held to the same rule
    const o = await officer('district');
    const req = act('S01-dup-1', { action: 'escalate', level: 'district' });
    expect(await send(o, 'incident:act', req)).toMatchObject({ ok: true, duplicate: false });
    expect(await send(o, 'incident:act', req)).toMatchObject({ ok: true, duplicate: true });
    expect(await send(o, 'incident:act', { ...req, step: { action: 'escalate', level: 'joint' } })).toMatchObject({
      ok: false,
      error: { reason: 'conflict' },
    });

    // the wall saw each stored event once: report, acknowledge, escalate of S01-dup-1 (and nothing of the refusals)
    await until(() =>
      wall.deltas.some(
        (d) => d.event.kind === 'incident' && d.event.type === 'escalate' && d.event.incidentId === 'S01-dup-1',
      ),
    );
    const seen = wall.deltas
      .filter((d) => d.event.kind === 'incident' && d.event.incidentId.startsWith('S01-dup'))
      .map((d) => d.event.kind === 'incident' && d.event.type);
    expect(seen).toEqual(['report', 'acknowledge', 'escalate']);
  });
});

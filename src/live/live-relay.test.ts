import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { io as ioc, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import type { Camera, Hierarchy, Staff } from '../domain/district.types.ts';
import type { Ack } from '../protocol/ack.ts';
import { cameraStatusOf } from './models/cameras.model.ts';
import { STAFF_CLASS } from './models/staff.model.ts';
import { liveDiagnostics } from './live-diagnostics.ts';
import { createLiveClient, type LiveClient } from './live-client.ts';
import { dispatchStaff } from './officer-actions.ts';
import { makeCamera, makeStaff, ORIGIN } from '../../test/support/live.fixture.ts';

// The live client in Node against the real server (createApplication: relay, storage, HTTP) in demo
// mode: the display token comes from GET /api/session like in a browser. A center publishes on
// /ingest; the store must hold what it published, survive a dropped connection and a relay restart
// without duplicates, and let an officer dispatch.

const square = (x: number, y: number, d: number): [number, number][][] => [
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ],
];
const unit = { population: 100, households: 40, areaKm2: 1, center: ORIGIN, nameEn: 'x' };
const street = (id: string) => ({
  ...unit,
  id,
  level: 'street' as const,
  parentId: 'D1',
  name: `街道${id}`,
  kind: 'street' as const,
  polygon: square(108.7, 29.5, 0.1),
});
const hierarchy: Hierarchy = {
  version: 1,
  seed: 1,
  district: { ...unit, id: 'D1', level: 'district', parentId: null, name: '测试区', polygon: square(108.7, 29.5, 0.2) },
  streets: [street('S01'), street('S02')],
  communities: [],
  grids: [],
};
const staff: Staff[] = [makeStaff('W1', ORIGIN, 'foot', 'S01'), makeStaff('W2', ORIGIN, 'ebike', 'S02')];
const cameras: Camera[] = [makeCamera('C1', ORIGIN, 0, 60, 100, 'S01')];

let tmp: string;
let config: Config;
let app: Application;
let origin: string;
let port = 0;
const sockets: Socket[] = [];
const clients: LiveClient[] = [];

async function start(): Promise<void> {
  app = await createApplication(config);
  await new Promise<void>((resolve) => app.httpServer.listen(port, '127.0.0.1', resolve));
  port = (app.httpServer.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
}

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function center(streetId: string): Promise<Socket> {
  const token = await app.relay.signToken({ role: 'center', scope: streetId, sub: `center-${streetId}` });
  const s = ioc(`${origin}/ingest`, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

const send = (s: Socket, event: string, msg: unknown) => s.timeout(10_000).emitWithAck(event, msg) as Promise<Ack>;
let n = 0;
const reportMsg = (id: string, streetId = 'S01') => ({
  eventId: `e-${process.pid}-${++n}`,
  incident: { id, streetId, category: 'noise', title: `噪音 ${id}`, position: ORIGIN, priority: 'high' },
});

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-live-'));
  const districtDir = path.join(tmp, 'district');
  fs.mkdirSync(districtDir);
  const write = (f: string, v: unknown) => fs.writeFileSync(path.join(districtDir, f), JSON.stringify(v));
  write('hierarchy.json', hierarchy);
  write('summary.json', { id: 'D1', name: '测试区', streets: 2 });
  write('staff.json', staff);
  write('cameras.json', cameras);
  config = {
    ...loadConfig({}),
    dataDir: tmp,
    districtDir,
    tilesDir: path.join(tmp, 'tiles'),
    distDir: path.join(tmp, 'dist'),
    dbPath: path.join(tmp, 'db.sqlite'),
    simulate: false,
    secret: null,
  };
  await start();
});

afterAll(async () => {
  for (const c of clients) c.close();
  for (const s of sockets) s.disconnect();
  await app?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('live client against the real relay', () => {
  it('gets a display token from /api/session, the snapshot, then deltas and positions into the store', async () => {
    const wall = createLiveClient({
      url: origin,
      storeOptions: { roster: staff, cameras },
      socketOptions: { transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 500 },
    });
    clients.push(wall);
    await wall.connect();
    expect(wall.claims.role).toBe('display');
    const s = wall.store;
    await until(() => s.connection === 'live' && s.counts.snapshots === 1, 'snapshot');

    const c1 = await center('S01');
    expect(await send(c1, 'incident:report', reportMsg('S01-live-1'))).toMatchObject({
      ok: true,
      stream: 'S01',
      seq: 1,
    });
    expect(
      await send(c1, 'incident:update', {
        eventId: `e-${++n}`,
        incidentId: 'S01-live-1',
        step: { action: 'dispatch', staffIds: ['W1'] },
      }),
    ).toMatchObject({ ok: true });
    expect(
      await send(c1, 'camera:status', {
        eventId: `e-${++n}`,
        cameras: [{ cameraId: 'C1', status: 'offline', at: Date.now() }],
      }),
    ).toMatchObject({ ok: true });
    expect(
      await send(c1, 'positions', {
        positions: [
          {
            staffId: 'W1',
            lng: ORIGIN[0] + 1e-4,
            lat: ORIGIN[1],
            at: Date.now(),
            status: 'responding',
            heading: 90,
            incidentId: 'S01-live-1',
          },
        ],
      }),
    ).toMatchObject({ ok: true, accepted: 1 });

    await until(() => s.incidents.byId.get('S01-live-1')?.status === 'dispatched', 'dispatch delta');
    await until(() => cameraStatusOf(s.cameras, 'C1') === 'offline', 'camera delta');
    const w1 = s.staff.indexById.get('W1')!;
    await until(() => s.staff.cls[w1] === STAFF_CLASS.enRoute, 'positions frame');
    expect(s.staff.lng[w1]).toBeCloseTo(ORIGIN[0] + 1e-4, 9);
    expect(s.staff.incident[w1]).toBe('S01-live-1');
    expect(s.incidents.ticker.map((t) => t.type)).toEqual(['dispatch', 'report']);
    expect(s.tracker.lastSeq('S01')).toBe(3);
    const diag = liveDiagnostics(s, wall.now());
    expect(diag.connection).toBe('live');
    expect(diag.streets.S01.ageMs).not.toBeNull();
    expect(diag.malformed).toBe(0);
    expect(diag.dropped.surprising).toBe(0);
  });

  it('resumes after a dropped connection and after a relay restart, without duplicates', async () => {
    const wall = clients[0];
    const s = wall.store;
    const c1 = await center('S01');

    // 1. The connection drops; two reports happen meanwhile.
    wall.socket!.io.engine.close();
    await until(() => s.connection === 'stale', 'stale after drop');
    const frozen = s.incidents.byId.size;
    expect(frozen).toBeGreaterThan(0);
    await send(c1, 'incident:report', reportMsg('S01-gap-1'));
    await send(c1, 'incident:report', reportMsg('S01-gap-2'));
    await until(() => s.incidents.byId.has('S01-gap-2') && s.connection === 'live', 'resume after drop');
    expect(s.counts.snapshots).toBe(1); // resumed from the numbers, no second snapshot

    // 2. The relay restarts on the same port and database: stale meanwhile, then back with what was missed.
    await app.close();
    await until(() => s.connection === 'stale', 'stale while the relay is down');
    expect(s.incidents.byId.size).toBe(frozen + 2); // frozen, not emptied
    await start();
    const c2 = await center('S01');
    await send(c2, 'incident:report', reportMsg('S01-after-restart'));
    await until(
      () => s.incidents.byId.has('S01-after-restart') && s.connection === 'live',
      'recovery after restart',
      30_000,
    );
    const ids = s.incidents.ticker.filter((t) => t.type === 'report').map((t) => t.incidentId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['S01-live-1', 'S01-gap-1', 'S01-gap-2', 'S01-after-restart']));
    expect(s.counts.dropped.malformed).toBe(0);
  });

  it('lets an officer dispatch from the panel and the change comes back through /live', async () => {
    const token = await app.relay.signToken({ role: 'officer', scope: 'district', sub: '值班员' });
    const officer = createLiveClient({
      url: origin,
      token,
      storeOptions: { roster: staff, cameras },
      socketOptions: { transports: ['websocket'] },
    });
    clients.push(officer);
    await officer.connect();
    await until(() => officer.store.connection === 'live', 'officer live');
    const c2 = await center('S02');
    await send(c2, 'incident:report', reportMsg('S02-officer-1', 'S02'));
    await until(() => officer.store.incidents.byId.has('S02-officer-1'), 'report reaches the officer');
    const inc = officer.store.incidents.byId.get('S02-officer-1')!;
    const ack = await dispatchStaff(officer, inc, ['W2'], '就近派遣');
    expect(ack).toMatchObject({ ok: true, stream: 'S02' });
    await until(
      () => officer.store.incidents.byId.get('S02-officer-1')?.status === 'dispatched',
      'dispatch comes back',
    );
    const hist = officer.store.incidents.byId.get('S02-officer-1')!.history.at(-1)!;
    expect(hist).toMatchObject({ type: 'dispatch', by: { role: 'officer', id: '值班员' } });
    // The display wall may not: refused before anything is sent.
    expect(await dispatchStaff(clients[0], inc, ['W2'])).toMatchObject({ ok: false, error: { reason: 'scope' } });
  });
});

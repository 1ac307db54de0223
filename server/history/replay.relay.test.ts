// The shift replay against a real relay fed by the simulator (issue 13). A /live display records
// where each person was as the live feed showed them; the replay of the same minutes must put the
// person dispatched to an incident within REPLAY_TOLERANCE_M of that, at the dispatch time; every
// incident's stage at each stored step must be that step's; a street token replays its street only.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICT_FILES } from '../../src/domain/district.types.ts';
import { buildReplayModel, incidentAt, personAt } from '../../src/domain/replay/replay.model.ts';
import type { Incident } from '../../src/protocol/incident.schema.ts';
import type { PositionsFrame } from '../../src/protocol/index.ts';
import { decodeReplay } from '../../src/protocol/replay.codec.ts';
import { fixtureData, fixtureWorld } from '../../test/support/sim.fixture.ts';
import { createApplication, type Application } from '../app.ts';
import { loadConfig } from '../config.ts';
import { startSimulator, type Simulator } from '../sim/simulator.ts';
import { metresBetween } from './track.thin.ts';

/** Thinning keeps a point per 30 m moved; the stated bound is twice that. */
const REPLAY_TOLERANCE_M = 60;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-replay-'));
{
  const { hierarchy, staff, cameras } = fixtureData();
  fs.mkdirSync(path.join(dataDir, 'district'));
  const write = (file: string, v: unknown) => fs.writeFileSync(path.join(dataDir, 'district', file), JSON.stringify(v));
  write(DISTRICT_FILES.hierarchy, { version: 1, seed: 0, communities: [], ...hierarchy });
  write(DISTRICT_FILES.staff, staff);
  write(DISTRICT_FILES.cameras, cameras);
}
const config = loadConfig({
  GRIDWALL_DATA_DIR: dataDir,
  GRIDWALL_SECRET: crypto.randomBytes(24).toString('hex'),
  GRIDWALL_SIMULATE: '0',
  HOST: '127.0.0.1',
  PORT: '0',
});

let app: Application;
let origin = '';
let sim: Simulator;
let wall: Socket;
const seen = new Map<string, [at: number, lng: number, lat: number][]>();
const start = Date.now();
let token = { district: '', s01: '' };

async function until<T>(what: string, probe: () => Promise<T> | T, ok: (v: T) => boolean, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  app = await createApplication(config);
  await new Promise<void>((r) => app.httpServer.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  const sign = (role: 'center' | 'display', scope: string) => app.relay.signToken({ role, scope, sub: `t-${scope}` });
  token = { district: await sign('display', 'district'), s01: await sign('display', 'S01') };
  wall = io(`${origin}/live`, {
    auth: { token: token.district },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  wall.on('positions', (f: PositionsFrame) => {
    for (const [id, lng, lat, at] of f.rows) {
      let l = seen.get(id);
      if (!l) seen.set(id, (l = []));
      l.push([at, lng, lat]);
    }
  });
  await new Promise<void>((resolve, reject) => {
    wall.on('connect', () =>
      wall.emit('subscribe', { scope: 'district' }, (a: { ok: boolean }) =>
        a.ok ? resolve() : reject(new Error(JSON.stringify(a))),
      ),
    );
    wall.on('connect_error', reject);
  });
  sim = startSimulator({
    url: origin,
    tokens: { centers: { S01: await sign('center', 'S01'), S02: await sign('center', 'S02') } },
    world: fixtureWorld(),
    speed: 4,
    incidentsPerHour: 400,
    seed: 11,
    runId: 'replay',
    ackTimeoutMs: 2_000,
    log: () => {},
  });
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  wall?.close();
  await app?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const replay = async (q: string, t = token.district) => {
  const res = await fetch(`${origin}/api/replay?${q}`, { headers: { authorization: `Bearer ${t}` } });
  return { status: res.status, body: res.status === 200 ? decodeReplay(await res.arrayBuffer()) : await res.json() };
};
const stored = async (id: string) =>
  (await (
    await fetch(`${origin}/api/incidents/${id}`, { headers: { authorization: `Bearer ${token.district}` } })
  ).json()) as {
    incident: Incident;
    lifecycle: { type: string; at: number }[];
  };

describe('shift replay on a real relay', () => {
  it('puts the dispatched person where the live feed had them at the dispatch time, and every stage where it was', async () => {
    // an incident dispatched after the first positions were recorded, with two recordings after it
    const dispatched = await until(
      'a dispatched incident with history around it',
      async () => {
        const q = new URLSearchParams({ status: 'dispatched,arrived,handling,fed-back,closed', limit: '100' });
        const r = (await (
          await fetch(`${origin}/api/incidents?${q}`, { headers: { authorization: `Bearer ${token.district}` } })
        ).json()) as { items: Incident[] };
        return (
          r.items.find(
            (i) =>
              i.dispatchedAt !== null &&
              i.dispatchedAt > start + 8_000 &&
              Date.now() > i.dispatchedAt + 12_000 &&
              i.assignees.length > 0,
          ) ?? null
        );
      },
      (v) => v !== null,
    );
    const inc = dispatched!;
    const chunk = (await replay(`scope=district&from=${start}&to=${Date.now()}`)).body as ReturnType<
      typeof decodeReplay
    >;
    const m = buildReplayModel(chunk);
    const person = inc.assignees[0];
    const ix = m.staffIndex.get(person);
    expect(ix, `${person} has a track in the replay`).toBeDefined();
    const at = personAt(m, ix!, inc.dispatchedAt!)!;
    // the live feed's fix nearest the dispatch time, interpolated the same way from what the wall saw
    const fixes = seen.get(person)!.sort((a, b) => a[0] - b[0]);
    const after = fixes.findIndex((f) => f[0] >= inc.dispatchedAt!);
    const [a, b] = after <= 0 ? [fixes[0], fixes[0]] : [fixes[after - 1], fixes[after]];
    const f = b[0] === a[0] ? 0 : (inc.dispatchedAt! - a[0]) / (b[0] - a[0]);
    const live = [a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
    const off = metresBetween(at.lng, at.lat, live[0], live[1]);
    console.log(
      `replay: ${chunk.header.count} points of ${chunk.header.staff.length} people; ${person} at dispatch ${off.toFixed(1)} m from the live feed`,
    );
    expect(off).toBeLessThanOrEqual(REPLAY_TOLERANCE_M);

    // and not only that person at that moment: every fix the wall saw, for everyone, moving or not
    const offs: number[] = [];
    let moving = 0;
    for (const [id, list] of seen) {
      const k = m.staffIndex.get(id);
      if (k === undefined) continue;
      for (let i = 1; i < list.length; i++) {
        const [t, lng, lat] = list[i];
        if (t < start + 6_000 || t > chunk.header.to - 6_000) continue;
        const p = personAt(m, k, t);
        if (!p) continue;
        offs.push(metresBetween(p.lng, p.lat, lng, lat));
        if (metresBetween(list[i - 1][1], list[i - 1][2], lng, lat) > 1) moving++;
      }
    }
    offs.sort((x, y) => x - y);
    const q = (p: number) => offs[Math.min(offs.length - 1, Math.floor(p * offs.length))].toFixed(1);
    console.log(
      `replay vs live feed over ${offs.length} fixes (${moving} of moving people): p50 ${q(0.5)} m, p95 ${q(0.95)} m, max ${q(1)} m`,
    );
    expect(moving).toBeGreaterThan(20);
    expect(offs[offs.length - 1]).toBeLessThanOrEqual(REPLAY_TOLERANCE_M);

    const ids = chunk.header.incidents.map((i) => i.id);
    expect(ids).toContain(inc.id);
    const STAGE: Record<string, Incident['status']> = {
      dispatch: 'dispatched',
      arrive: 'arrived',
      handle: 'handling',
      feedback: 'fed-back',
      close: 'closed',
      report: 'reported',
    };
    // The centers go on while this reads: a step stored after the replay above was read is not in
    // it. So the stored steps are read first, then the same window is replayed again up to now: it
    // must hold every one of them (a dispatch between the two reads failed this once on CI's load).
    const lifecycles = new Map<string, { type: string; at: number }[]>();
    for (const { id } of chunk.header.incidents) lifecycles.set(id, (await stored(id)).lifecycle);
    const again = (await replay(`scope=district&from=${start}&to=${Date.now()}`)).body as ReturnType<
      typeof decodeReplay
    >;
    let checked = 0;
    for (const [id, lifecycle] of lifecycles) {
      const replayed = again.header.incidents.find((i) => i.id === id);
      expect(replayed, `${id} replayed again`).toBeDefined();
      for (const step of lifecycle) {
        if (!(step.type in STAGE)) continue;
        expect(incidentAt(replayed!, step.at)?.status, `${id} at its ${step.type}`).toBe(STAGE[step.type]);
        checked++;
      }
      expect(incidentAt(replayed!, replayed!.reportedAt - 1)).toBeNull();
    }
    expect(checked).toBeGreaterThan(chunk.header.incidents.length);
  });

  it('replays a street token’s own street only, and refuses it the district', async () => {
    const to = Date.now();
    const own = await replay(`from=${start}&to=${to}`, token.s01);
    expect(own.status).toBe(200);
    const chunk = own.body as ReturnType<typeof decodeReplay>;
    const s01 = new Set(
      fixtureWorld()
        .streets.find((s) => s.id === 'S01')!
        .staff.map((p) => p.id),
    );
    expect(chunk.header.scope).toBe('S01');
    expect(chunk.header.staff.length).toBeGreaterThan(0);
    expect(chunk.header.staff.filter((id) => !s01.has(id))).toEqual([]);
    expect(chunk.header.incidents.every((i) => i.streetId === 'S01')).toBe(true);
    expect((await replay(`scope=district&from=${start}&to=${to}`, token.s01)).status).toBe(403);
  });

  it('refuses windows it cannot answer, with a reason', async () => {
    const now = Date.now();
    for (const q of [
      `from=${now}&to=${now - 1}`,
      `from=${now - 25 * 3_600_000}&to=${now}`,
      `from=abc&to=${now}`,
      `scope=S01&scope=S02`,
      `scope=S99&from=${now - 1000}&to=${now}`,
    ]) {
      const r = await replay(q);
      expect(r.status, q).toBe(400);
      expect(r.body.message, q).toBeTruthy();
    }
  });
});

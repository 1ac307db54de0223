import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { DISTRICT_FILES } from '../../src/domain/district.types.ts';
import type { Delta, IncidentEvent, PositionsFrame } from '../../src/protocol/index.ts';
import { createApplication, type Application } from '../app.ts';
import { loadConfig } from '../config.ts';
import { fixtureData, fixtureWorld } from '../../test/support/sim.fixture.ts';
import { startSimulator, type Simulator } from './simulator.ts';

// The simulator against a real relay on an ephemeral loopback port, seen through a /live display.
// Bounded: every wait has a deadline; the relay is restarted once on the same port and data dir.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-sim-'));
// the relay checks every street, person and camera against the district data: give it the fixture's
{
  const { hierarchy, staff, cameras } = fixtureData();
  fs.mkdirSync(path.join(dataDir, 'district'));
  const write = (file: string, v: unknown) => fs.writeFileSync(path.join(dataDir, 'district', file), JSON.stringify(v));
  write(DISTRICT_FILES.hierarchy, { version: 1, seed: 0, communities: [], ...hierarchy });
  write(DISTRICT_FILES.staff, staff);
  write(DISTRICT_FILES.cameras, cameras);
}
const config = {
  ...loadConfig({
    GRIDWALL_DATA_DIR: dataDir,
    GRIDWALL_SECRET: crypto.randomBytes(24).toString('hex'),
    GRIDWALL_SIMULATE: '0',
    HOST: '127.0.0.1',
    PORT: '0',
  }),
};
const cleanup: (() => unknown)[] = [];

afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function startRelay(port = 0): Promise<{ app: Application; port: number }> {
  const app = await createApplication(config);
  await new Promise<void>((resolve, reject) => {
    app.httpServer.once('error', reject);
    app.httpServer.listen(port, '127.0.0.1', () => resolve());
  });
  return { app, port: (app.httpServer.address() as AddressInfo).port };
}

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function display(url: string, token: string) {
  const seen = { reports: [] as IncidentEvent[], steps: [] as IncidentEvent[], rows: new Map<string, number>() };
  const socket: Socket = io(`${url}/live`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  socket.on('delta', (d: Delta) => {
    if (d.event.kind !== 'incident') return;
    (d.event.type === 'report' ? seen.reports : seen.steps).push(d.event);
  });
  socket.on('positions', (f: PositionsFrame) => {
    for (const r of f.rows) seen.rows.set(r[0], (seen.rows.get(r[0]) ?? 0) + 1);
  });
  const subscribed = new Promise<void>((resolve, reject) => {
    socket.on('connect', () =>
      socket.emit('subscribe', { scope: 'district' }, (a: { ok: boolean }) =>
        a.ok ? resolve() : reject(new Error(JSON.stringify(a))),
      ),
    );
    socket.on('connect_error', reject);
  });
  return { socket, seen, subscribed };
}

describe('simulator against a real relay', () => {
  it('publishes incidents and positions that a /live display receives, and survives a relay restart', async () => {
    const first = await startRelay();
    const port = first.port; // the restart below reuses it
    let app = first.app;
    cleanup.push(() => app.close());
    const url = `http://127.0.0.1:${port}`;
    const sign = (role: 'center' | 'display', scope: string) =>
      app.relay.signToken({ role, scope, sub: `test-${scope}` });
    const tokens = { centers: { S01: await sign('center', 'S01'), S02: await sign('center', 'S02') } };
    const displayToken = await sign('display', 'district');

    const wall = display(url, displayToken);
    cleanup.push(() => wall.socket.close());
    await wall.subscribed;

    const logs: string[] = [];
    const sim: Simulator = startSimulator({
      url,
      tokens,
      world: fixtureWorld(),
      speed: 60,
      incidentsPerHour: 60,
      seed: 3,
      runId: 'it1',
      ackTimeoutMs: 2_000,
      log: (m) => logs.push(m),
    });
    cleanup.push(() => sim.stop());

    await until('reports from both streets and dispatches', () => {
      const streets = new Set(wall.seen.reports.map((e) => e.incident.streetId));
      return streets.size === 2 && wall.seen.steps.some((e) => e.type === 'dispatch');
    });
    const staff = fixtureWorld().streets.flatMap((s) => s.staff.map((p) => p.id));
    await until('positions of every staff member', () => staff.every((id) => wall.seen.rows.has(id)));
    expect(wall.seen.reports.every((e) => e.incident.id.includes('-it1-') && e.by.role === 'center')).toBe(true);

    // Restart the relay on the same port and data: the centers reconnect and carry on, and
    // incidents opened before the restart keep moving through their lifecycle afterwards.
    const before = new Set(wall.seen.reports.map((e) => e.incidentId));
    await app.close();
    app = (await startRelay(port)).app;
    cleanup.push(() => app.close());
    const wall2 = display(url, displayToken);
    cleanup.push(() => wall2.socket.close());
    await wall2.subscribed;
    await until(
      'new reports after the restart',
      () => wall2.seen.reports.some((e) => !before.has(e.incidentId)),
      30_000,
    );
    await until(
      'a step of an incident reported before the restart',
      () => wall2.seen.steps.some((e) => before.has(e.incidentId)),
      30_000,
    );

    await until('both centers reconnected', () => sim.stats().connected === 2).catch((e) => {
      console.log(logs, JSON.stringify(sim.stats().links));
      throw e;
    });
    const stats = sim.stats();
    for (const link of Object.values(stats.links)) {
      expect(link.connects).toBeGreaterThanOrEqual(2);
      // Nothing was lost or reordered: the relay never saw a step for an unknown incident or an illegal one.
      expect(link.rejected).toEqual({});
    }
    expect(logs.filter((l) => l.includes('refused'))).toEqual([]);

    // A new simulator run takes over what the first one left open (read back from the relay).
    await sim.stop();
    const mark = wall2.seen.steps.length;
    const logs2: string[] = [];
    const sim2 = startSimulator({
      url,
      tokens: { ...tokens, display: displayToken },
      world: fixtureWorld(),
      speed: 60,
      incidentsPerHour: 60,
      seed: 4,
      runId: 'it2',
      ackTimeoutMs: 2_000,
      log: (m) => logs2.push(m),
    });
    cleanup.push(() => sim2.stop());
    await until('the new run to take over open incidents', () => logs2.some((l) => l.startsWith('took over')));
    await until(
      'a step of an incident of the first run',
      () => wall2.seen.steps.slice(mark).some((e) => e.incidentId.includes('-it1-')),
      30_000,
    );
    expect(logs2.filter((l) => l.includes('refused'))).toEqual([]);
  });
});

import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io as ioc } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../src/protocol/ack.ts';
import type { KpiResponse } from '../../src/protocol/kpi.schema.ts';
import type { SceneListing } from '../../src/protocol/scene.schema.ts';
import type { HeartbeatAck, WallListing } from '../../src/protocol/wall.schema.ts';
import { createApplication, type Application } from '../app.ts';
import { loadConfig } from '../config.ts';

// The hall's routes as the real application wires them (no district data, demo mode): the scene,
// tour, KPI and wall endpoints answer, and a wall's heartbeat over /wall shows up in /api/walls.

let dir: string;
let app: Application;
let base: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-hall-'));
  fs.mkdirSync(path.join(dir, 'scenes'));
  fs.writeFileSync(path.join(dir, 'scenes', 'bad.json'), JSON.stringify({ version: 2, id: 'bad' }));
  const config = {
    ...loadConfig({ GRIDWALL_DATA_DIR: dir, GRIDWALL_SIMULATE: '0' }),
    port: 0,
    host: '127.0.0.1',
    secret: null,
  };
  app = await createApplication(config);
  await new Promise<void>((r) => app.httpServer.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('hall routes in the application', () => {
  it('serves scenes (with the refused drop-in), tours, figures and the version', async () => {
    const scenes = (await (await fetch(`${base}/api/scenes`)).json()) as SceneListing;
    expect(scenes.scenes.map((s) => s.id)).toContain('incident-focus');
    expect(scenes.refused[0]?.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['kind', 'title', 'camera', 'focus', 'layers']),
    );
    expect((await fetch(`${base}/api/tours/briefing`)).status).toBe(200);
    const kpi = (await (await fetch(`${base}/api/kpi`)).json()) as KpiResponse;
    expect(kpi.total.received).toBe(0);
    expect(kpi.trend).toHaveLength(24);
    expect(((await (await fetch(`${base}/api/version`)).json()) as { version: string }).version).toMatch(
      /^\d+\.\d+\.\d+\+/,
    );
  });

  it("a wall's heartbeat on /wall is listed by GET /api/walls", async () => {
    const token = app.relay.devTokens!.display;
    const socket = ioc(`${base}/wall`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    try {
      await new Promise<void>(
        (resolve, reject) => (socket.once('connect', () => resolve()), socket.once('connect_error', reject)),
      );
      const version = ((await (await fetch(`${base}/api/version`)).json()) as { version: string }).version;
      const hb = { name: 'hall-main', scene: 'kpi-board', lastFrameAt: Date.now(), version, errors: [] };
      const ack = await new Promise<Ack<HeartbeatAck>>((r) => socket.emit('wall:heartbeat', hb, r));
      expect(ack).toMatchObject({ ok: true, serverVersion: version });
      const walls = (await (await fetch(`${base}/api/walls`)).json()) as WallListing;
      expect(walls.walls).toEqual([expect.objectContaining({ name: 'hall-main', sub: 'demo-wall', worries: [] })]);
    } finally {
      socket.disconnect();
    }
  });
});

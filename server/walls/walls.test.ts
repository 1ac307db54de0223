import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeartbeatAck, WallHeartbeat, WallListing } from '../../src/protocol/wall.schema.ts';
import { ask, startWallServer, WALL_SECRET as SECRET, type WallServer } from '../../test/support/walls.fixture.ts';
import { signToken } from '../relay/auth.ts';
import { serverVersion } from './server-version.ts';

// Walls report over a real Socket.IO connection; GET /api/walls names what an operator should
// worry about. The server's clock is movable so "stale" needs no waiting.

let dir: string;
let base: string;
let server: WallServer;
const clock = { t: Date.UTC(2026, 10, 29, 4, 0) };
let versionOf: () => string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-walls-'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ version: '1.2.3' }));
  fs.mkdirSync(path.join(dir, 'dist'));
  versionOf = serverVersion(dir, path.join(dir, 'dist'));
  server = await startWallServer({ version: versionOf, now: () => clock.t });
  base = server.base;
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const connect = (token: string) => server.connect(token);
const beat = (s: ClientSocket, hb: unknown) => ask<HeartbeatAck>(s, 'wall:heartbeat', hb);
const heartbeat = (name: string, over: Partial<WallHeartbeat> = {}): WallHeartbeat => ({
  name,
  scene: 'district-overview',
  tour: null,
  lastFrameAt: clock.t - 1000,
  version: versionOf(),
  errors: [],
  tile: null,
  canvas: { width: 3840, height: 2160 },
  memoryMB: 300,
  relayDown: false,
  ...over,
});
const list = async (token: string) =>
  (await (await fetch(`${base}/api/walls`, { headers: { authorization: `Bearer ${token}` } })).json()) as WallListing;

describe('server version', () => {
  it('changes when the bundle is rebuilt, without a restart', async () => {
    expect(versionOf()).toBe('1.2.3+dev');
    fs.writeFileSync(path.join(dir, 'dist', 'index.html'), '<script src="/assets/index-aaaa.js"></script>');
    const v1 = versionOf();
    expect(v1).toMatch(/^1\.2\.3\+[0-9a-f]{10}$/);
    fs.writeFileSync(path.join(dir, 'dist', 'index.html'), '<script src="/assets/index-bbbbbbbb.js"></script>');
    expect(versionOf()).not.toBe(v1);
    expect(((await (await fetch(`${base}/api/version`)).json()) as { version: string }).version).toBe(versionOf());
  });
});

describe('wall heartbeats → GET /api/walls', () => {
  it('acks with the server version and lists what to worry about', async () => {
    const display = await signToken(SECRET, { role: 'display', scope: 'district', sub: 'hall-a' }, 600);
    const s = await connect(display);
    const ack = await beat(s, heartbeat('hall-left'));
    expect(ack).toEqual({ ok: true, serverVersion: versionOf(), t: clock.t });
    await beat(s, heartbeat('hall-old', { version: '1.2.2+0123456789' }));
    await beat(s, heartbeat('hall-broken', { errors: ['WebGL context lost'], lastFrameAt: clock.t - 5 * 60_000 }));
    await beat(s, heartbeat('hall-cut', { relayDown: true, memoryMB: 2500 }));

    const officer = await signToken(SECRET, { role: 'officer', scope: 'district', sub: 'duty' }, 600);
    const now = await list(officer);
    expect(now.walls.map((w) => [w.name, w.worries])).toEqual([
      ['hall-broken', ['stale-frame', 'errors']],
      ['hall-cut', ['relay-down', 'memory']],
      ['hall-old', ['version-mismatch']],
      ['hall-left', []],
    ]);
    expect(now.worrying).toBe(3);
    expect(now.walls.find((w) => w.name === 'hall-left')).toMatchObject({
      sub: 'hall-a',
      scope: 'district',
      heartbeat: { scene: 'district-overview' },
    });

    clock.t += 31_000; // three heartbeats missed
    await beat(s, heartbeat('hall-left'));
    const later = await list(officer);
    expect(later.walls.find((w) => w.name === 'hall-left')!.worries).toEqual([]);
    expect(later.walls.find((w) => w.name === 'hall-old')!.worries).toEqual(['stale-heartbeat', 'version-mismatch']);
  });

  it('refuses a bad heartbeat naming the field, and a center token at the door', async () => {
    const display = await signToken(SECRET, { role: 'display', scope: 'district', sub: 'hall-b' }, 600);
    const s = await connect(display);
    const bad = await beat(s, { ...heartbeat('hall-x'), name: 'has space', lastFrameAt: 'yesterday' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.reason).toBe('schema');
    expect(bad.error.issues?.map((i) => i.path.join('.')).sort()).toEqual(['lastFrameAt', 'name']);
    const center = await signToken(SECRET, { role: 'center', scope: 'S01', sub: 'center-S01' }, 600);
    await expect(connect(center)).rejects.toThrow(/cannot connect/);
  });

  it('a street token lists only the walls reporting with its street', async () => {
    const street = await signToken(SECRET, { role: 'display', scope: 'S05', sub: 'street-hall' }, 600);
    const s = await connect(street);
    await beat(s, heartbeat('street-5-wall'));
    expect((await list(street)).walls.map((w) => w.name)).toEqual(['street-5-wall']);
    expect((await fetch(`${base}/api/walls`)).status).toBe(401);
  });
});

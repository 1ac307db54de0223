import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delta } from '../../src/protocol/live.schema.ts';
import { createApplication, type Application } from '../app.ts';
import { loadConfig } from '../config.ts';
import { collect, connect, send, until } from '../../test/support/relay.fixture.ts';
import { camera, writeVideoDistrict } from '../../test/support/video.fixture.ts';

// The whole server (issue 12): a stream that fails on one wall, or that the proxy itself cannot
// reach, marks its camera faulty on every wall's map through the relay; a stream that plays again
// marks it online. Real Socket.IO walls listen; a stand-in media server plays the video network.

let media: http.Server;
let app: Application;
let origin: string;
let tmp: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  media = http.createServer((req, res) => {
    if (req.url?.startsWith('/ok/'))
      return res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end('#EXTM3U\n');
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => media.listen(0, '127.0.0.1', r));
  const up = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
  tmp = writeVideoDistrict([
    camera('C1', 'S01', 'S01-C01-G01', { kind: 'hls', url: `${up}/ok/c1/index.m3u8` }),
    camera('C2', 'S01', 'S01-C01-G01', { kind: 'hls', url: `${up}/gone/c2/index.m3u8` }),
    camera('C3', 'S02', 'S02-C01-G01', { kind: 'hls', url: `${up}/ok/c3/index.m3u8` }),
  ]);
  app = await createApplication({
    ...loadConfig({}),
    dataDir: tmp,
    districtDir: path.join(tmp, 'district'),
    dbPath: path.join(tmp, 'db.sqlite'),
    simulate: false,
    videoDemo: 0,
  });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  for (const [k, scope] of [
    ['district', 'district'],
    ['s01', 'S01'],
    ['s02', 'S02'],
  ])
    tokens[k] = await app.relay.signToken({ role: 'display', scope, sub: `wall-${k}` });
});

afterAll(async () => {
  await app?.close();
  await new Promise((r) => media?.close(r));
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const post = (p: string, token: string, body?: unknown) =>
  fetch(`${origin}${p}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const statuses = (deltas: Delta[], id: string) =>
  deltas.flatMap((d) =>
    d.event.kind === 'camera' ? d.event.cameras.filter((c) => c.cameraId === id).map((c) => c.status) : [],
  );

async function wall(token: string, scope: string) {
  const socket = await connect(origin, '/live', token);
  const got = collect(socket);
  expect(await send(socket, 'subscribe', { scope })).toMatchObject({ ok: true });
  return { socket, got };
}

describe('camera health from the streams', () => {
  it("one wall's failed stream marks the camera faulty on another wall's map; playing again marks it online", async () => {
    const other = await wall(tokens.district, 'district');
    try {
      // refused, nonsense and out-of-scope reports change nothing
      expect((await post('/video/C1/fault', tokens.s01, { reason: 'nonsense' })).status).toBe(400);
      expect((await post('/video/C1/fault', tokens.s02, { reason: 'network' })).status).toBe(404);
      expect((await post('/video/C1/fault', tokens.s01, { reason: 'refused' })).status).toBe(204);
      expect((await post('/video/C1/playing', tokens.s02)).status).toBe(404);

      expect((await post('/video/C1/fault', tokens.s01, { reason: 'decode', detail: 'bad frame' })).status).toBe(204);
      await until(() => statuses(other.got.deltas, 'C1').length > 0, 10_000, 'the fault delta');
      expect(statuses(other.got.deltas, 'C1')).toEqual(['fault']);

      // the interval between two changes of one camera (server/relay/camera-health.ts) is real time here
      await new Promise((r) => setTimeout(r, 5_100));
      expect((await post('/video/C1/playing', tokens.district)).status).toBe(204);
      await until(() => statuses(other.got.deltas, 'C1').length > 1, 10_000, 'the online delta');
      expect(statuses(other.got.deltas, 'C1')).toEqual(['fault', 'online']);
      // already online: no second event
      expect((await post('/video/C1/playing', tokens.s01)).status).toBe(204);
      await new Promise((r) => setTimeout(r, 300));
      expect(statuses(other.got.deltas, 'C1')).toEqual(['fault', 'online']);
    } finally {
      other.socket.disconnect();
    }
  }, 30_000);

  it('a camera whose upstream does not answer is marked faulty by the proxy itself, for its street only', async () => {
    const s01 = await wall(tokens.s01, 'S01');
    const s02 = await wall(tokens.s02, 'S02');
    try {
      const res = await fetch(`${origin}/video/C2/index.m3u8`, { headers: { authorization: `Bearer ${tokens.s01}` } });
      expect(res.status).toBe(502);
      await until(() => statuses(s01.got.deltas, 'C2').length > 0, 10_000, 'the proxy fault delta');
      expect(statuses(s01.got.deltas, 'C2')).toEqual(['fault']);
      // a camera that answers is not marked
      expect((await fetch(`${origin}/video/C3/index.m3u8?token=${tokens.s02}`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect(s02.got.deltas.filter((d) => d.event.kind === 'camera')).toEqual([]);
      // and the status page lists what the proxy saw
      const status = await (
        await fetch(`${origin}/video/_status`, { headers: { authorization: `Bearer ${tokens.district}` } })
      ).json();
      expect(status.faults.map((f: { cameraId: string }) => f.cameraId)).toContain('C2');
    } finally {
      s01.socket.disconnect();
      s02.socket.disconnect();
    }
  });
});

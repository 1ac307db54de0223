import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Camera } from '../../src/domain/district.types.ts';
import { createApplication, type Application } from '../app.ts';
import { loadConfig } from '../config.ts';
import { camera, readBytes, writeVideoDistrict } from '../../test/support/video.fixture.ts';
import { findFfmpeg } from './ffmpeg.ts';
import { readFlvTags } from './flv-fanout.ts';
import { WebSocket } from 'ws';

// The real server with ffmpeg test streams: what the wall relies on from /video. ffmpeg is a
// requirement of this suite (.ci/run installs it); its absence fails here rather than skipping.

let app: Application;
let origin: string;
let tmp: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  expect(findFfmpeg(), 'ffmpeg is required for the video tests (apt-get install ffmpeg)').not.toBeNull();
  // grid G1 of S01 has the most cameras, so the two demo streams go to C1 (HLS) and C2 (FLV)
  tmp = writeVideoDistrict([
    camera('C1', 'S01', 'S01-C01-G01'),
    camera('C2', 'S01', 'S01-C01-G01'),
    camera('C3', 'S01', 'S01-C01-G01'),
    camera('C4', 'S02', 'S02-C01-G01'),
  ]);
  const config = {
    ...loadConfig({}),
    dataDir: tmp,
    districtDir: path.join(tmp, 'district'),
    dbPath: path.join(tmp, 'db.sqlite'),
    simulate: false,
    videoDemo: 2,
  };
  app = await createApplication(config);
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  const sign = (role: 'display' | 'center' | 'officer', scope: string) =>
    app.relay.signToken({ role, scope, sub: `t-${role}-${scope}` });
  tokens.district = await sign('display', 'district');
  tokens.s01 = await sign('display', 'S01');
  tokens.s02 = await sign('display', 'S02');
  tokens.center = await sign('center', 'S01');
});

afterAll(async () => {
  await app?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const get = (p: string, token?: string, header = true) =>
  fetch(`${origin}${p}${token && !header ? `${p.includes('?') ? '&' : '?'}token=${token}` : ''}`, {
    headers: token && header ? { authorization: `Bearer ${token}` } : {},
  });

describe('video proxy', () => {
  it('the data API names same-origin /video paths, never an upstream, and only for the demo cameras', async () => {
    const cams = (await (await fetch(`${origin}/api/cameras`)).json()) as Camera[];
    const byId = new Map(cams.map((c) => [c.id, c]));
    expect(byId.get('C1')!.stream).toEqual({ kind: 'hls', url: '/video/C1/index.m3u8' });
    expect(byId.get('C2')!.stream).toEqual({ kind: 'flv', url: '/video/C2/live.flv' });
    expect(byId.get('C3')!.stream).toBeNull();
    expect(byId.get('C4')!.stream).toBeNull();
  });

  it('refuses without a token, a center token, and a display scoped to another street', async () => {
    expect((await get('/video/C1/index.m3u8')).status).toBe(401);
    expect((await get('/video/C1/index.m3u8', 'not-a-token')).status).toBe(401);
    expect((await get('/video/C1/index.m3u8', tokens.center)).status).toBe(401);
    const other = await get('/video/C1/index.m3u8', tokens.s02);
    expect(other.status).toBe(403);
    expect((await other.json()).error).toBe('forbidden');
    // the query form is checked the same way
    expect((await get('/video/C2/live.flv', tokens.s02, false)).status).toBe(403);
    // a camera with no stream, and one that does not exist
    expect((await get('/video/C3/index.m3u8', tokens.district)).status).toBe(404);
    expect((await get('/video/C9/index.m3u8', tokens.district)).status).toBe(404);
  });

  it('serves the live playlist and its segments; a query token is carried on to segment URIs', async () => {
    const res = await get('/video/C1/index.m3u8', tokens.s01, false);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('mpegurl');
    const text = await res.text();
    expect(text.startsWith('#EXTM3U')).toBe(true);
    const uris = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(uris.length).toBeGreaterThan(0);
    for (const u of uris) expect(u).toMatch(new RegExp(`^s\\d+\\.ts\\?token=${tokens.s01}$`));
    // the segment URI as the browser resolves it against the playlist URL
    const seg = await fetch(new URL(uris[uris.length - 1], `${origin}/video/C1/index.m3u8`));
    expect(seg.status).toBe(200);
    expect(seg.headers.get('content-type')).toBe('video/mp2t');
    // an encoder restarted (idle stop, crash) names its segments from s0 again: a browser must not
    // play an old run's s0.ts from its cache
    expect(seg.headers.get('cache-control')).toContain('no-cache');
    expect(seg.headers.get('etag')).toBeTruthy();
    const body = Buffer.from(await seg.arrayBuffer());
    expect(body.length % 188).toBe(0); // whole MPEG-TS packets
    expect(body[0]).toBe(0x47);
    expect(body[188]).toBe(0x47);
    // a segment is reachable only with the token too, and nothing outside the stream is
    expect((await fetch(new URL(uris[0].split('?')[0], `${origin}/video/C1/`))).status).toBe(401);
    expect((await get('/video/C1/..%2f..%2fetc%2fpasswd', tokens.district)).status).toBe(404);
  });

  it('the FLV stream starts with an FLV header, the AVC config and a keyframe, then keeps coming', async () => {
    const res = await get('/video/C2/live.flv', tokens.district);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/x-flv');
    const buf = await readBytes(res, 60_000);
    expect(buf.toString('latin1', 0, 3)).toBe('FLV');
    expect(buf[4] & 0x01).toBe(1); // has video
    const tags = readFlvTags(buf);
    const video = tags.filter((t) => t.type === 9);
    expect(video[0].size).toBeGreaterThan(10); // a real AVCDecoderConfigurationRecord, not an empty one
    expect(video[1].keyframe).toBe(true);
    const ts = video.slice(1).map((t) => t.timestamp);
    expect(ts[ts.length - 1]).toBeGreaterThan(ts[0]);
  });

  it('two walls on one FLV stream share one encoder, and each starts decodable', async () => {
    const [a, b] = await Promise.all([
      get('/video/C2/live.flv', tokens.district),
      get('/video/C2/live.flv', tokens.s01),
    ]);
    const [ba, bb] = await Promise.all([readBytes(a, 20_000), readBytes(b, 20_000)]);
    for (const buf of [ba, bb]) expect(readFlvTags(buf).filter((t) => t.type === 9)[1].keyframe).toBe(true);
    const local = app.video.catalog.get('C2');
    expect(local?.type === 'local' && local.source.starts).toBe(1);
  });

  it('serves the same FLV stream over WebSocket (walls: no HTTP connection held), and its viewer leaves with it', async () => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/video/C2/live.flv?token=${tokens.s01}`);
    const chunks: Buffer[] = [];
    let bytes = 0;
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (d: Buffer) => {
        chunks.push(d);
        bytes += d.length;
        if (bytes >= 20_000) resolve();
      });
      ws.on('close', (code, why) => reject(new Error(`closed ${code} ${why.toString()}`)));
      ws.on('error', reject);
    });
    const buf = Buffer.concat(chunks);
    expect(buf.toString('latin1', 0, 3)).toBe('FLV');
    expect(readFlvTags(buf).filter((t) => t.type === 9)[1].keyframe).toBe(true);
    const local = app.video.catalog.get('C2');
    if (local?.type !== 'local') throw new Error('C2 is a local stream');
    expect(local.source.fanout.clientCount).toBeGreaterThan(0);
    ws.close();
    const end = Date.now() + 5_000;
    while (local.source.fanout.clientCount > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(local.source.fanout.clientCount).toBe(0);
  });

  it('refuses a WebSocket viewer as the HTTP route does, with the status in the close code', async () => {
    const closeOf = (p: string) =>
      new Promise<{ code: number; reason: string; bytes: number }>((resolve) => {
        const ws = new WebSocket(`${origin.replace('http', 'ws')}${p}`);
        let bytes = 0;
        ws.on('message', (d: Buffer) => (bytes += d.length));
        ws.on('close', (code, why) => resolve({ code, reason: why.toString(), bytes }));
        ws.on('error', () => {});
      });
    const outside = await closeOf(`/video/C2/live.flv?token=${tokens.s02}`);
    expect(outside).toMatchObject({ code: 4403, bytes: 0 });
    expect(outside.reason).toContain('scope');
    expect(await closeOf('/video/C2/live.flv')).toMatchObject({ code: 4401, bytes: 0 });
    expect(await closeOf(`/video/C3/live.flv?token=${tokens.s01}`)).toMatchObject({ code: 4404, bytes: 0 });
    // the relay's own socket path is untouched
    const res = await fetch(`${origin}/socket.io/?EIO=4&transport=polling`);
    expect(res.status).toBe(200);
  });

  it('takes a fault report from a wall in scope and lists it in the status', async () => {
    const post = (token: string, body: unknown) =>
      fetch(`${origin}/video/C4/fault`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post(tokens.s01, { reason: 'network' })).status).toBe(404); // C4 is in S02
    expect((await post(tokens.s02, { reason: 'nonsense' })).status).toBe(400);
    expect((await post(tokens.s02, { reason: 'network', detail: 'manifest timeout' })).status).toBe(204);
    const status = await (await get('/video/_status', tokens.district)).json();
    expect(status).toMatchObject({ ffmpeg: true, localStreams: 2, streamCameras: 2 });
    expect(status.faults[0]).toMatchObject({ cameraId: 'C4', reason: 'network' });
    const s01 = await (await get('/video/_status', tokens.s01)).json();
    expect(s01.faults).toEqual([]);
  });
});

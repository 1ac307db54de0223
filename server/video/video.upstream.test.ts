import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../relay/auth.ts';
import { camera, readBytes } from '../../test/support/video.fixture.ts';
import { createVideo, type Video } from './video.routes.ts';

// A real district's cameras: the proxy reaches a media server on the "video network" (here a
// local HTTP server standing in for ZLMediaKit) and nothing else on it.

const SECRET = 'video-upstream-test-secret-0123456789abcdef';
let media: http.Server;
let mediaOrigin: string;
let proxy: http.Server;
let origin: string;
let video: Video;
let tmp: string;
let token: string;
const mediaHits: string[] = [];

beforeAll(async () => {
  media = http.createServer((req, res) => {
    mediaHits.push(req.url!);
    const u = new URL(req.url!, 'http://x');
    if (u.pathname === '/rtp/cam1/hls.m3u8') {
      if (u.searchParams.get('vhost') !== 'v1') return res.writeHead(400).end();
      res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' });
      return res.end(
        [
          '#EXTM3U',
          '#EXT-X-TARGETDURATION:2',
          '#EXTINF:2.0,',
          `${mediaOrigin}/rtp/cam1/a.ts`,
          '#EXTINF:2.0,',
          'b.ts',
          '#EXTINF:2.0,',
          `${mediaOrigin}/rtp/other/c.ts`,
          '#EXTINF:2.0,',
          'http://evil.example/d.ts',
          '',
        ].join('\n'),
      );
    }
    if (u.pathname === '/rtp/cam1/a.ts' || u.pathname === '/rtp/cam1/b.ts')
      return res.writeHead(200, { 'content-type': 'video/mp2t' }).end(Buffer.alloc(188, 0x47));
    if (u.pathname === '/rtp/cam2.live.flv') {
      res.writeHead(200, { 'content-type': 'video/x-flv' });
      res.write(Buffer.from('FLV\x01\x01\x00\x00\x00\x09\x00\x00\x00\x00', 'latin1'));
      const t = setInterval(() => res.write(Buffer.alloc(1000, 1)), 20);
      res.on('close', () => clearInterval(t));
      return;
    }
    if (u.pathname === '/rtp/cam3/hls.m3u8') return res.writeHead(302, { location: 'http://evil.example/' }).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => media.listen(0, '127.0.0.1', r));
  mediaOrigin = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-video-up-'));
  const cams = [
    camera('U1', 'S01', 'G1', { kind: 'hls', url: `${mediaOrigin}/rtp/cam1/hls.m3u8?vhost=v1` }),
    camera('U2', 'S01', 'G1', { kind: 'flv', url: `${mediaOrigin}/rtp/cam2.live.flv` }),
    camera('U3', 'S01', 'G1', { kind: 'hls', url: `${mediaOrigin}/rtp/cam3/hls.m3u8` }),
    camera('U4', 'S01', 'G1', { kind: 'hls', url: 'http://127.0.0.1:9/rtp/down/hls.m3u8' }),
    { ...camera('U5', 'S01', 'G1'), streamUrl: `${mediaOrigin}/rtp/cam2.live.flv` },
  ];
  video = createVideo({ cameras: cams, dataDir: tmp, secret: SECRET, demoStreams: 4, ffmpeg: null, log: () => {} });
  const app = express();
  app.use('/video', video.router);
  proxy = http.createServer(app);
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  token = await signToken(SECRET, { role: 'display', scope: 'district', sub: 'wall' });
  // the cameras as the API would serve them: rewritten in place
  expect(cams.map((c) => c.stream?.url)).toEqual([
    '/video/U1/hls.m3u8',
    '/video/U2/cam2.live.flv',
    '/video/U3/hls.m3u8',
    '/video/U4/hls.m3u8',
    '/video/U5/cam2.live.flv',
  ]);
  expect(cams[4].streamUrl).toBeNull();
});

afterAll(async () => {
  await video?.close();
  await new Promise((r) => proxy?.close(r));
  await new Promise((r) => media?.close(r));
  fs.rmSync(tmp, { recursive: true, force: true });
});

const get = (p: string) => fetch(`${origin}${p}`, { headers: { authorization: `Bearer ${token}` } });

describe('upstream proxy', () => {
  it('keeps only URIs under the camera stream, relative, with the query token', async () => {
    const text = await (await fetch(`${origin}/video/U1/hls.m3u8?token=${token}`)).text();
    const uris = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(uris).toEqual([`a.ts?token=${token}`, `b.ts?token=${token}`]);
    // the dropped segments take their durations with them
    expect(text.split('\n').filter((l) => l.startsWith('#EXTINF'))).toHaveLength(2);
    expect(text).not.toContain('evil.example');
    expect(mediaHits).toContain('/rtp/cam1/hls.m3u8?vhost=v1'); // the upstream's own query is kept
    const seg = await fetch(new URL(uris[0], `${origin}/video/U1/hls.m3u8`));
    expect(seg.status).toBe(200);
    expect(Buffer.from(await seg.arrayBuffer())[0]).toBe(0x47);
  });

  it('never leaves the camera stream directory, and does not follow redirects', async () => {
    const before = mediaHits.length;
    for (const p of [
      '/video/U1/../other/c.ts',
      '/video/U1/%2e%2e/other/c.ts',
      '/video/U1/..%2fother%2fc.ts',
      '/video/U1/http:%2f%2fevil.example%2fx',
    ]) {
      expect((await get(p)).status, p).toBe(404);
    }
    expect(mediaHits.slice(before).filter((h) => h.includes('other') || h.includes('evil'))).toEqual([]);
    expect((await get('/video/U3/hls.m3u8')).status).toBe(502);
  });

  it('passes a live FLV body through as it arrives, and says when the upstream is down', async () => {
    const res = await get('/video/U2/cam2.live.flv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/x-flv');
    const buf = await readBytes(res, 5000);
    expect(buf.toString('latin1', 0, 3)).toBe('FLV');
    const legacy = await get('/video/U5/cam2.live.flv'); // a legacy streamUrl, kind from its extension
    expect(legacy.status).toBe(200);
    await legacy.body?.cancel();
    const down = await get('/video/U4/hls.m3u8');
    expect(down.status).toBe(502);
    expect((await down.json()).error).toBe('upstream-unreachable');
  });

  it('without ffmpeg and with upstreams, no local streams are made', () => {
    expect(video.status()).toMatchObject({ ffmpeg: false, localStreams: 0, streamCameras: 5 });
  });
});

describe('demo data without ffmpeg', () => {
  it('keeps the stand-in, says so, and tells the wall there are no streams', async () => {
    const cams = [camera('C1', 'S01', 'G1'), camera('C2', 'S01', 'G1')];
    const lines: string[] = [];
    const v = createVideo({
      cameras: cams,
      dataDir: tmp,
      secret: SECRET,
      demoStreams: 4,
      ffmpeg: null,
      log: (m) => lines.push(m),
    });
    try {
      expect(cams.map((c) => c.stream)).toEqual([null, null]);
      expect(v.status()).toMatchObject({ ffmpeg: false, localStreams: 0, streamCameras: 0 });
      expect(lines.join('\n')).toMatch(/ffmpeg not found.*stand-in/);
    } finally {
      await v.close();
    }
  });
});

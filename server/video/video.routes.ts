import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import type { Camera } from '../../src/domain/district.types.ts';
import { DISTRICT_SCOPE } from '../../src/protocol/common.schema.ts';
import {
  STREAM_FAULTS,
  VIDEO_TOKEN_QUERY,
  videoFaultSchema,
  type VideoFault,
  type VideoStatus,
} from '../../src/protocol/video.schema.ts';
import { resolveSecret, tokenFromRequest, verifyToken, type VerifiedClaims } from '../relay/auth.ts';
import { findFfmpeg } from './ffmpeg.ts';
import type { LocalSource } from './local-source.ts';
import { rewritePlaylist } from './playlist.ts';
import { proxyUpstream, upstreamTarget } from './upstream-proxy.ts';
import { VideoCatalog } from './video-catalog.ts';

// /video/<cameraId>/...: the wall's only way to a camera. Every request carries the viewer's token
// (header, or ?token= for elements that cannot set headers) and is answered only for a camera in
// the token's scope. Local demo streams are served from ffmpeg's files and FLV fanout; real
// cameras are proxied from their upstream on the video network.

export interface VideoDeps {
  cameras: Camera[];
  dataDir: string;
  secret: string | null;
  /** local test streams for a district without any (GRIDWALL_VIDEO_DEMO, default 4; 0: none) */
  demoStreams: number;
  /** ffmpeg binary; default: look it up (GRIDWALL_FFMPEG=none forces the no-ffmpeg path) */
  ffmpeg?: string | null;
  log?: (msg: string) => void;
  /**
   * Publishes a camera's health seen from its stream (the relay's cameraHealth). Without it faults
   * are only listed in /video/_status, and other walls never hear of them.
   */
  health?: (cameraId: string, status: 'online' | 'fault', by: string) => Promise<HealthAnswer>;
}
/** what the relay answers a health report (server/relay/camera-health.ts HealthAck, structurally) */
type HealthAnswer = { ok: true; changed: boolean } | { ok: false; error: { reason: string; message: string } };

export interface Video {
  router: express.Router;
  catalog: VideoCatalog;
  status(scope?: string): VideoStatus;
  close(): Promise<void>;
}

const READERS = new Set<VerifiedClaims['role']>(['display', 'officer', 'admin']);
const LOCAL_WAIT_MS = 8_000;
const MAX_FLV_CLIENTS_PER_SOURCE = 32;
const MAX_FAULTS = 200;
const SEGMENT = /^s\d{1,9}\.ts$/;

export function createVideo(d: VideoDeps): Video {
  const log = d.log ?? ((m: string) => console.log(m));
  const ffmpeg = d.ffmpeg === undefined ? findFfmpeg() : d.ffmpeg;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-video-'));
  const catalog = new VideoCatalog(d.cameras, { ffmpeg, demoStreams: d.demoStreams, root, log });
  const cameraById = new Map(d.cameras.map((c) => [c.id, c]));
  const { secret } = resolveSecret(d.secret, d.dataDir, true);
  const faults: VideoStatus['faults'] = [];
  const lastFaultLog = new Map<string, number>();
  let closing = false;

  if (catalog.locals.length > 0)
    log(
      `gridwall video: ${catalog.locals.length} live test streams (ffmpeg, started on demand) on cameras ${[...catalog.sources.keys()].join(', ')}`,
    );
  else if (!ffmpeg && d.cameras.length > 0 && catalog.sources.size === 0)
    log(
      'gridwall video: ffmpeg not found: demo cameras keep the drawn stand-in (install ffmpeg for live test streams)',
    );

  const router = express.Router();

  /** 401 without a valid reader token; the claims otherwise. */
  const reader = async (req: express.Request, res: express.Response): Promise<VerifiedClaims | null> => {
    try {
      const c = await verifyToken(secret, tokenFromRequest(req));
      if (!READERS.has(c.role)) throw new Error(`a ${c.role} token does not watch video`);
      return c;
    } catch (e) {
      res.status(401).json({ error: 'unauthorized', message: (e as Error).message });
      return null;
    }
  };
  const inScope = (c: VerifiedClaims, cam: Camera) => c.scope === DISTRICT_SCOPE || c.scope === cam.streetId;

  const status = (scope: string = DISTRICT_SCOPE): VideoStatus => ({
    ffmpeg: ffmpeg !== null,
    localStreams: catalog.locals.length,
    streamCameras: catalog.sources.size,
    faults: faults.filter((f) => scope === DISTRICT_SCOPE || cameraById.get(f.cameraId)?.streetId === scope),
  });

  router.get('/_status', async (req, res) => {
    const c = await reader(req, res);
    if (c) res.set('Cache-Control', 'no-store').json(status(c.scope));
  });

  router.post('/:cameraId/fault', express.json({ limit: '4kb' }), async (req, res) => {
    const c = await reader(req, res);
    if (!c) return;
    const cam = cameraById.get(req.params.cameraId);
    if (!cam || !inScope(c, cam))
      return res.status(404).json({ error: 'not-found', message: `no camera ${req.params.cameraId} here` });
    const body = videoFaultSchema.safeParse(req.body);
    if (!body.success) return res.status(400).json({ error: 'bad-request', message: 'expected { reason, detail? }' });
    recordFault(cam.id, body.data);
    if (!STREAM_FAULTS.includes(body.data.reason)) return res.status(204).end();
    answerHealth(res, await publish(cam.id, 'fault', `${c.role}:${c.sub}`));
  });

  // the wall saw frames advance on a camera it had marked faulty or offline
  router.post('/:cameraId/playing', async (req, res) => {
    const c = await reader(req, res);
    if (!c) return;
    const cam = cameraById.get(req.params.cameraId);
    if (!cam || !inScope(c, cam) || !catalog.get(cam.id))
      return res.status(404).json({ error: 'not-found', message: `no camera stream ${req.params.cameraId} here` });
    answerHealth(res, await publish(cam.id, 'online', `${c.role}:${c.sub}`));
  });

  async function publish(cameraId: string, status: 'online' | 'fault', by: string): Promise<HealthAnswer | null> {
    if (!d.health) return null;
    try {
      return await d.health(cameraId, status, by);
    } catch (e) {
      log(`gridwall video: camera ${cameraId} ${status} not published: ${(e as Error).message}`);
      return null;
    }
  }

  function answerHealth(res: express.Response, a: HealthAnswer | null) {
    if (a && !a.ok) {
      const code = a.error.reason === 'rate' ? 429 : a.error.reason === 'unavailable' ? 503 : 400;
      return res.status(code).json({ error: a.error.reason, message: a.error.message });
    }
    res.status(204).end();
  }

  /** what the proxy itself sees: a camera whose stream entry does not answer is faulty */
  function sourceFailed(cameraId: string, f: VideoFault) {
    recordFault(cameraId, f);
    void publish(cameraId, 'fault', 'proxy');
  }

  function recordFault(cameraId: string, f: VideoFault) {
    const now = Date.now();
    const i = faults.findIndex((x) => x.cameraId === cameraId);
    if (i >= 0) faults.splice(i, 1);
    faults.unshift({ cameraId, reason: f.reason, at: now });
    faults.length = Math.min(faults.length, MAX_FAULTS);
    // many walls may report the same camera: one log line per camera a minute is enough
    if (now - (lastFaultLog.get(cameraId) ?? 0) > 60_000) {
      lastFaultLog.set(cameraId, now);
      log(
        `gridwall video: camera ${cameraId} reported faulty (${f.reason}${f.detail ? `: ${f.detail.slice(0, 100)}` : ''})`,
      );
    }
  }

  router.get(/^\/([^/]+)\/(.+)$/, async (req, res) => {
    const params = req.params as unknown as Record<string, string>;
    const c = await reader(req, res);
    if (!c) return;
    // Express has already percent-decoded both (a malformed escape never gets here)
    const cameraId = params[0];
    const rest = params[1];
    const cam = cameraById.get(cameraId);
    if (!cam) return res.status(404).json({ error: 'not-found', message: `no camera ${cameraId}` });
    if (!inScope(c, cam))
      return res
        .status(403)
        .json({ error: 'forbidden', message: `camera ${cameraId} is outside this token's scope (${c.scope})` });
    const src = catalog.get(cameraId);
    if (!src) return res.status(404).json({ error: 'no-stream', message: `camera ${cameraId} has no video stream` });
    const queryToken =
      typeof req.query[VIDEO_TOKEN_QUERY] === 'string' ? (req.query[VIDEO_TOKEN_QUERY] as string) : null;
    if (src.type === 'upstream') {
      const target = upstreamTarget(src.url, src.entry, rest);
      if (!target) return res.status(404).json({ error: 'not-found', message: 'outside the camera stream' });
      const r = await proxyUpstream(target, src.url, req, res, queryToken);
      // only the entry (playlist, FLV stream) speaks for the camera: a late segment can 404 in a live HLS
      if (!r.ok && rest === src.entry)
        sourceFailed(cameraId, {
          reason: r.status === 404 ? 'not-found' : 'network',
          detail: `upstream answered ${r.status === 502 ? 'nothing' : r.status}`,
        });
      return;
    }
    if ((await serveLocal(src.source, rest, queryToken, res)) === 'not-started' && !closing)
      sourceFailed(cameraId, { reason: 'stalled', detail: `ffmpeg: ${src.source.lastError ?? 'no output in time'}` });
  });

  /** Answers a local stream request; 'not-started' when ffmpeg gave nothing to serve in time. */
  async function serveLocal(
    source: LocalSource,
    rest: string,
    queryToken: string | null,
    res: express.Response,
  ): Promise<'not-started' | void> {
    source.touch();
    if (rest === 'index.m3u8') {
      if (!(await source.waitForFile(rest, LOCAL_WAIT_MS))) {
        res.status(503).json({ error: 'stream-starting', message: 'the test stream has not started yet' });
        return 'not-started';
      }
      const text = await fs.promises.readFile(path.join(source.dir, rest), 'utf8');
      res
        .type('application/vnd.apple.mpegurl')
        .set('Cache-Control', 'no-cache')
        .send(rewritePlaylist(text, null, queryToken));
      return;
    }
    if (SEGMENT.test(rest)) {
      const data = await fs.promises.readFile(path.join(source.dir, rest)).catch(() => null);
      if (!data) res.status(404).json({ error: 'not-found', message: `segment ${rest} is gone` });
      // revalidated, never reused blind: a restarted encoder names its segments from s0 again
      else res.type('video/mp2t').set('Cache-Control', 'no-cache, no-transform').send(data);
      return;
    }
    if (rest === 'live.flv') {
      if (source.fanout.clientCount >= MAX_FLV_CLIENTS_PER_SOURCE) {
        res.status(503).json({ error: 'busy', message: 'too many viewers on this stream' });
        return;
      }
      if (!(await source.waitForFlv(LOCAL_WAIT_MS))) {
        res.status(503).json({ error: 'stream-starting', message: 'the test stream has not started yet' });
        return 'not-started';
      }
      if (res.destroyed) return;
      res
        .status(200)
        .set({ 'Content-Type': 'video/x-flv', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' });
      res.flushHeaders();
      const client = { out: res, onDrop: () => res.end() };
      source.fanout.add(client);
      // keeps the source "watched" for as long as this client stays
      res.on('close', () => {
        source.fanout.remove(client);
        source.touch();
      });
      return;
    }
    res.status(404).json({ error: 'not-found', message: `no ${rest} on this stream` });
  }

  return {
    router,
    catalog,
    status,
    async close() {
      closing = true;
      await catalog.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

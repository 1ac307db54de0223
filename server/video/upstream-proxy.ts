import { Readable } from 'node:stream';
import type express from 'express';
import { dirOf, isPlaylist, rewritePlaylist } from './playlist.ts';

// Proxying a camera's upstream (a media server on the video private network) to the wall. Only
// the camera's own stream directory is reachable: /video/<id>/<rest> resolves <rest> against the
// upstream URL and is refused if it leaves that directory, so the proxy is no open relay into the
// video network.

/** how long an upstream may take to answer with headers; a live FLV body then streams on */
export const UPSTREAM_HEADERS_TIMEOUT_MS = 8_000;
/** playlists are small; a huge one is a misconfigured upstream, not something to buffer */
const MAX_PLAYLIST_BYTES = 512 * 1024;
const PASS_HEADERS = [
  'content-type',
  'content-length',
  'cache-control',
  'last-modified',
  'etag',
  'accept-ranges',
  'content-range',
];

/** The upstream URL for <rest>, or null when <rest> leaves the camera's stream directory. */
export function upstreamTarget(upstream: URL, entry: string, rest: string): URL | null {
  if (rest === entry) return upstream;
  if (
    rest.includes('\\') ||
    /(^|\/)\.\.?(\/|$)/.test(rest) ||
    /^[a-z][a-z0-9+.-]*:/i.test(rest) ||
    rest.startsWith('/')
  )
    return null;
  let target: URL;
  try {
    target = new URL(rest, upstream);
  } catch {
    return null;
  }
  if (target.origin !== upstream.origin || !target.pathname.startsWith(dirOf(upstream))) return null;
  return target;
}

export async function proxyUpstream(
  target: URL,
  upstream: URL,
  req: express.Request,
  res: express.Response,
  token: string | null,
): Promise<{ ok: boolean; status: number }> {
  const abort = new AbortController();
  const onClose = () => abort.abort();
  res.on('close', onClose);
  const timer = setTimeout(() => abort.abort(), UPSTREAM_HEADERS_TIMEOUT_MS);
  let up: Response;
  try {
    const headers: Record<string, string> = {};
    if (typeof req.headers.range === 'string') headers.range = req.headers.range;
    up = await fetch(target, { signal: abort.signal, headers, redirect: 'manual' });
  } catch (e) {
    clearTimeout(timer);
    res.off('close', onClose);
    if (!res.headersSent && !res.destroyed) {
      res.status(502).json({
        error: 'upstream-unreachable',
        message: abort.signal.aborted ? 'the camera stream did not answer in time' : 'the camera stream is unreachable',
      });
    }
    return { ok: false, status: 502 };
  }
  clearTimeout(timer);
  if (up.status >= 300) {
    res.off('close', onClose);
    await up.body?.cancel().catch(() => {});
    // 3xx too: following a redirect could lead anywhere on the video network
    res.status(502).json({ error: 'upstream-status', message: `the camera stream answered ${up.status}` });
    return { ok: false, status: up.status };
  }
  const type = up.headers.get('content-type');
  if (isPlaylist(target.pathname, type)) {
    const len = Number(up.headers.get('content-length') ?? 0);
    if (len > MAX_PLAYLIST_BYTES) {
      abort.abort();
      res.status(502).json({ error: 'upstream-playlist-too-large', message: 'the camera playlist is too large' });
      return { ok: false, status: 502 };
    }
    const text = await up.text();
    res.off('close', onClose);
    res
      .status(200)
      .type('application/vnd.apple.mpegurl')
      .set('Cache-Control', 'no-cache')
      .send(rewritePlaylist(text.slice(0, MAX_PLAYLIST_BYTES), upstream, token));
    return { ok: true, status: 200 };
  }
  res.status(up.status);
  for (const h of PASS_HEADERS) {
    const v = up.headers.get(h);
    if (v) res.setHeader(h, v);
  }
  // a live FLV/MJPEG body must reach the wall as it arrives: no compression buffering
  res.setHeader('Cache-Control', `${up.headers.get('cache-control') ?? 'no-cache'}, no-transform`);
  if (!up.body) {
    res.end();
    return { ok: true, status: up.status };
  }
  const body = Readable.fromWeb(up.body as import('node:stream/web').ReadableStream);
  body.on('error', () => res.destroy());
  res.on('close', () => body.destroy());
  body.pipe(res);
  return { ok: true, status: up.status };
}

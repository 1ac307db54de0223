import { z } from 'zod';
import { idSchema } from './common.schema.ts';

// The same-origin video proxy (/video/<cameraId>/...), shared by the server and the wall.
// Cameras live on the video private network; the browser never talks to them directly.
//
// Auth: the viewer's relay token (role display, officer or admin; a center token is refused), as
// `Authorization: Bearer <token>` or, because <video>/<img> elements cannot set headers, as the
// `?token=` query. A district-scoped token sees every camera, a street-scoped one only that
// street's cameras. Playlists served with a query token carry it on to their segment URIs.

export const VIDEO_PREFIX = '/video';
export const VIDEO_TOKEN_QUERY = 'token';

export const STREAM_KINDS = ['hls', 'flv', 'mjpeg'] as const;
export const streamKindSchema = z.enum(STREAM_KINDS);
export type StreamKind = z.infer<typeof streamKindSchema>;

export const cameraStreamSchema = z.object({
  kind: streamKindSchema,
  url: z.string().min(1).max(2048),
});

/** The file names the local demo streams answer to under /video/<cameraId>/. */
export const LOCAL_FILES = { hls: 'index.m3u8', flv: 'live.flv' } as const;

/** `/video/<cameraId>/<file>`; `file` may hold a relative sub-path (HLS variants, segments). */
export function videoPath(cameraId: string, file: string): string {
  return `${VIDEO_PREFIX}/${encodeURIComponent(cameraId)}/${file.replace(/^\/+/, '')}`;
}

/** Appends the token query a <video>/<img> element needs; hls.js and mpegts.js send a header instead. */
export function withVideoToken(url: string, token: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${VIDEO_TOKEN_QUERY}=${encodeURIComponent(token)}`;
}

/**
 * What went wrong with a stream, as the wall reports it (POST /video/<cameraId>/fault). A stream
 * that plays again is reported as POST /video/<cameraId>/playing (no body). The server publishes
 * both as the camera's status on the relay (server/relay/camera-health.ts).
 */
export const VIDEO_FAULTS = ['refused', 'not-found', 'network', 'decode', 'stalled', 'unsupported'] as const;
export const videoFaultSchema = z.object({
  reason: z.enum(VIDEO_FAULTS),
  detail: z.string().max(200).optional(),
});
export type VideoFault = z.infer<typeof videoFaultSchema>;
/**
 * The faults that say the camera's stream is broken, so its camera is marked `fault` for every wall.
 * `refused` and `unsupported` are this viewer's rights or browser: they mark nothing.
 */
export const STREAM_FAULTS: readonly VideoFault['reason'][] = ['not-found', 'network', 'decode', 'stalled'];

/** GET /video/_status: whether real streams exist here, so the wall can say why it shows a stand-in. */
export const videoStatusSchema = z.object({
  /** ffmpeg found: the demo server produces live test streams */
  ffmpeg: z.boolean(),
  /** local test streams (0 without ffmpeg or with GRIDWALL_VIDEO_DEMO=0) */
  localStreams: z.number().int().nonnegative(),
  /** cameras with a stream at all (local or upstream) */
  streamCameras: z.number().int().nonnegative(),
  /** cameras the walls reported as failing, most recent first (bounded) */
  faults: z.array(z.object({ cameraId: idSchema, reason: z.enum(VIDEO_FAULTS), at: z.number() })).max(200),
});
export type VideoStatus = z.infer<typeof videoStatusSchema>;

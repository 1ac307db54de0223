// The wall's video state, one instance made in src/app: the decoder ceiling shared by the patrol
// and the camera panel, what the patrol shows, and the stream faults this wall saw. A fault marks
// the camera on the map (the cameras layer reads the same live model) at once and is reported to
// the server; a stream that plays marks its camera online, and is reported when the map had it
// faulty or offline. The server publishes both on the relay as the camera's status
// (server/relay/camera-health.ts), so every wall's map agrees with what plays, until the street
// center reports the camera again.
import type { LiveRuntime } from '../../live/live-hub.ts';
import { applyCameraStatuses, cameraStatusOf } from '../../live/models/cameras.model.ts';
import type { PatrolState } from '../../live/video/patrol.model.ts';
import {
  STREAM_FAULTS,
  VIDEO_PREFIX,
  videoPath,
  videoStatusSchema,
  type VideoStatus,
} from '../../protocol/video.schema.ts';
import { VideoDecoders } from './video-decoders.ts';
import type { FaultReason } from './video-player.ts';

const MAX_FAULTS = 100;

export interface VideoDiagnostics {
  decoders: { count: number; peak: number; refused: number; max: number };
  patrol: { layout: number; tiles: (string | null)[]; rounds: number; failed: string[] } | null;
  /** the cameras layer's status of every camera this wall's video touched */
  marks: Record<string, string>;
  faults: { cameraId: string; reason: FaultReason; at: number }[];
}

export class VideoWall {
  readonly decoders = new VideoDecoders();
  patrol: PatrolState | null = null;
  readonly faults: { cameraId: string; reason: FaultReason; at: number }[] = [];
  private readonly touched = new Set<string>();
  private status: Promise<VideoStatus | null> | null = null;

  constructor(private readonly fetchImpl: typeof fetch = (...a) => fetch(...a)) {}

  playing(rt: LiveRuntime | null, cameraId: string): void {
    this.touched.add(cameraId);
    // only a change is news: a camera the map already shows online needs no report per tile
    if (rt && this.mark(rt, cameraId, 'online')) this.report(rt, cameraId, 'playing');
  }

  fault(rt: LiveRuntime | null, cameraId: string, reason: FaultReason, detail: string): void {
    this.touched.add(cameraId);
    this.faults.unshift({ cameraId, reason, at: Date.now() });
    this.faults.length = Math.min(this.faults.length, MAX_FAULTS);
    if (!rt || !STREAM_FAULTS.includes(reason)) return;
    this.mark(rt, cameraId, 'fault');
    this.report(rt, cameraId, 'fault', { reason, detail: detail.slice(0, 200) });
  }

  private report(rt: LiveRuntime, cameraId: string, what: 'fault' | 'playing', body?: object): void {
    const token = rt.client.token;
    void this.fetchImpl(videoPath(cameraId, what), {
      method: 'POST',
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    }).catch(() => {});
  }

  /** The server's video status (asked once): whether it has ffmpeg, so a stand-in can say why. */
  serverStatus(token: string | null): Promise<VideoStatus | null> {
    this.status ??= this.fetchImpl(`${VIDEO_PREFIX}/_status`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    })
      .then(async (r) => (r.ok ? videoStatusSchema.parse(await r.json()) : null))
      .catch(() => null);
    return this.status;
  }

  /** Marks the camera on this wall's map; true when that changed it from faulty or offline (or to faulty). */
  private mark(rt: LiveRuntime, cameraId: string, status: 'online' | 'fault'): boolean {
    const store = rt.client.store;
    const was = cameraStatusOf(store.cameras, cameraId);
    if (was === status) return false;
    applyCameraStatuses(store.cameras, [{ cameraId, status, at: Date.now() }]);
    store.signals.markDirty('cameras');
    return status === 'fault' || was === 'fault' || was === 'offline';
  }

  diagnostics(rt: LiveRuntime | null): VideoDiagnostics {
    const p = this.patrol;
    const marks: Record<string, string> = {};
    if (rt) for (const id of this.touched) marks[id] = cameraStatusOf(rt.client.store.cameras, id) ?? 'unknown';
    return {
      decoders: {
        count: this.decoders.count,
        peak: this.decoders.peak,
        refused: this.decoders.refused,
        max: this.decoders.max,
      },
      patrol: p ? { layout: p.layout, tiles: [...p.tiles], rounds: p.rounds, failed: [...p.failedAt.keys()] } : null,
      marks,
      faults: this.faults.map((f) => ({ ...f })),
    };
  }
}

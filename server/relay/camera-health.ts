import { randomUUID } from 'node:crypto';
import { fail, type Ack, type StoredAck } from '../../src/protocol/ack.ts';
import type { RelayContext } from './context.ts';
import { TokenBucket } from './rate-limit.ts';

// Camera health seen from the video streams (issue 12): a stream that fails marks its camera
// `fault` for every wall, one that plays marks it `online` again. The street centers' camera:status
// stays the other voice on the same numbered stream; whichever spoke last is what the map shows.
//
// Why here and not a new /live event: the video server is where both witnesses already arrive. The
// wall reports a failed or playing stream to POST /video/<camera>/fault|playing (validated against
// src/protocol/video.schema.ts, checked against the viewer's token and scope), and the proxy sees
// for itself when a camera's upstream or ffmpeg source does not answer. Both end in this one call,
// which stores an ordinary `camera` event through the publisher: walls get it as a delta, late walls
// in their snapshot, the replay history with the rest, and no client had to learn a new message.

export type HealthStatus = 'online' | 'fault';
export type HealthAck = Ack<StoredAck & { changed: true }> | { ok: true; changed: false };

/** one camera's health may change this often from video reports; more is flapping or abuse */
export const HEALTH_MIN_INTERVAL_MS = 5_000;
/** all cameras together: changes per second and burst (a wall of nine tiles failing at once fits) */
const HEALTH_RATE: [number, number] = [10, 50];

export class CameraHealth {
  private readonly lastChange = new Map<string, number>();
  private readonly bucket: TokenBucket;

  constructor(private readonly ctx: RelayContext) {
    this.bucket = new TokenBucket(HEALTH_RATE[0], HEALTH_RATE[1], ctx.now);
  }

  /**
   * Publishes `status` for `cameraId` when it changes what the relay holds. A fault on a camera a
   * center already reports offline changes nothing (offline says more: the camera is unreachable).
   */
  async report(cameraId: string, status: HealthStatus, by: string): Promise<HealthAck> {
    const { ctx } = this;
    const street = ctx.district.cameraStreet(cameraId);
    if (typeof street !== 'string') return fail('scope', `unknown camera ${cameraId}`);
    if (!this.wouldChange(cameraId, status)) return { ok: true, changed: false };
    const now = ctx.now();
    if (now - (this.lastChange.get(cameraId) ?? -Infinity) < HEALTH_MIN_INTERVAL_MS)
      return fail('rate', `camera ${cameraId} changed less than ${HEALTH_MIN_INTERVAL_MS / 1000} s ago`);
    if (!this.bucket.take()) return fail('rate', 'too many camera health changes');
    this.lastChange.set(cameraId, now);
    if (this.lastChange.size > 10_000) this.forgetOld(now);
    // source 'relay': the event id is ours and fresh, so the publisher skips the duplicate lookup
    const a = await ctx.publisher.submit('relay', `health:${randomUUID()}`, now, () => {
      // checked again synchronously: two walls reporting the same fault store it once
      if (!this.wouldChange(cameraId, status)) return fail('transition', 'unchanged');
      const at = ctx.now();
      return {
        stream: street,
        event: { kind: 'camera', at, cameras: [{ cameraId, status, at }] },
        cameras: [{ cameraId, status, at, streetId: street }],
      };
    });
    if (!a.ok) return a.error.reason === 'transition' ? { ok: true, changed: false } : a;
    ctx.print(`relay: camera ${cameraId} ${status} (video, ${by})`);
    return { ...a, changed: true };
  }

  private wouldChange(cameraId: string, status: HealthStatus): boolean {
    const cur = this.ctx.state.cameras.get(cameraId)?.status;
    if (status === 'fault') return cur !== 'fault' && cur !== 'offline';
    // a camera nobody has reported yet is taken as online: a playing stream needs no event
    return cur === 'fault' || cur === 'offline';
  }

  private forgetOld(now: number) {
    for (const [id, t] of this.lastChange) if (now - t >= HEALTH_MIN_INTERVAL_MS) this.lastChange.delete(id);
  }
}

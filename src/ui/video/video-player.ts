// One camera's stream on one element: HLS through hls.js (native HLS where hls.js cannot run),
// FLV through mpegts.js over our WebSocket (what GB/T 28181 media servers such as ZLMediaKit give
// browsers), MJPEG into an <img>. Every URL is our own /video path; the token goes as a header
// where the library can send one (hls.js) and as ?token= on the FLV socket and where an element
// fetches by itself. The players are loaded on first use so the wall's bundle does not carry them
// until a tile plays.
import type { CameraStream } from '../../domain/district.types.ts';
import { withVideoToken } from '../../protocol/video.schema.ts';
import { watchProgress, type FaultReason } from './video-progress.ts';

export type { FaultReason };

export interface PlayerEvents {
  /** frames are advancing */
  onPlaying?: () => void;
  /** the stream failed for good (the player has already stopped) */
  onFault: (reason: FaultReason, detail: string) => void;
}

export interface VideoPlayer {
  readonly kind: CameraStream['kind'];
  /** stops the download and releases the decoder; safe to call twice */
  destroy(): void;
}

const statusReason = (code: number | undefined): FaultReason =>
  code === 401 || code === 403 ? 'refused' : code === 404 ? 'not-found' : 'network';

/**
 * Live FLV goes over WebSocket from our own origin: a browser gives an HTTP/1.1 origin six
 * connections and an FLV download holds one while the tile plays, so six FLV tiles would stop
 * every tile, API and HLS request of the wall. A socket cannot send headers: the token rides in
 * the query, as for elements that fetch by themselves.
 */
export function flvSocketUrl(url: string, token: string | null): string {
  const u = new URL(token ? withVideoToken(url, token) : url, location.href);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.href;
}

export function attachVideoPlayer(
  el: HTMLVideoElement | HTMLImageElement,
  stream: CameraStream,
  token: string | null,
  ev: PlayerEvents,
): VideoPlayer {
  let destroyed = false;
  let cleanup: (() => void)[] = [];
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    for (const f of cleanup.reverse()) {
      try {
        f();
      } catch {
        // a player that fails while stopping has nothing more to give
      }
    }
    cleanup = [];
  };
  const fail = (reason: FaultReason, detail: string) => {
    if (destroyed) return;
    destroy();
    ev.onFault(reason, detail);
  };

  if (stream.kind === 'mjpeg') {
    const img = el as HTMLImageElement;
    img.onload = () => ev.onPlaying?.();
    img.onerror = () => fail('network', 'MJPEG stream unavailable');
    img.src = token ? withVideoToken(stream.url, token) : stream.url;
    // an <img> keeps the multipart download open until its src goes
    cleanup.push(() => {
      img.onload = img.onerror = null;
      img.removeAttribute('src');
    });
    return { kind: stream.kind, destroy };
  }

  const video = el as HTMLVideoElement;
  video.muted = true;
  video.playsInline = true;
  const watch = watchProgress(video, () => ev.onPlaying?.(), fail);
  cleanup.push(watch.stop);
  cleanup.push(() => {
    video.pause();
    video.removeAttribute('src');
    video.load(); // releases the decoder now, not at garbage collection
  });

  if (stream.kind === 'hls') {
    void import('hls.js').then(
      ({ default: Hls }) => {
        if (destroyed) return;
        if (!Hls.isSupported()) {
          if (!video.canPlayType('application/vnd.apple.mpegurl')) return fail('unsupported', 'no HLS in this browser');
          video.src = token ? withVideoToken(stream.url, token) : stream.url;
          void video.play().catch(() => {});
          return;
        }
        const hls = new Hls({
          enableWorker: false,
          lowLatencyMode: true,
          liveSyncDurationCount: 2,
          // hls.js keeps everything played (Infinity) by default: a camera panel left open on a live
          // stream would grow its SourceBuffer until Chromium evicts; 10 s behind is plenty to seek
          backBufferLength: 10,
          xhrSetup: (xhr) => {
            if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
          },
        });
        hls.on(Hls.Events.ERROR, (_e, data) => {
          if (!data.fatal) return;
          if (data.type === Hls.ErrorTypes.MEDIA_ERROR) fail('decode', `HLS ${data.details}`);
          else
            fail(
              statusReason(data.response?.code),
              `HLS ${data.details}${data.response?.code ? ` (${data.response.code})` : ''}`,
            );
        });
        hls.on(Hls.Events.FRAG_LOADED, watch.noteData);
        hls.loadSource(stream.url);
        hls.attachMedia(video);
        void video.play().catch(() => {});
        cleanup.push(() => hls.destroy());
      },
      () => fail('unsupported', 'HLS player failed to load'),
    );
    return { kind: stream.kind, destroy };
  }

  void import('mpegts.js').then(
    ({ default: mpegts }) => {
      if (destroyed) return;
      if (!mpegts.isSupported()) return fail('unsupported', 'no MediaSource in this browser');
      const player = mpegts.createPlayer(
        { type: 'flv', isLive: true, hasAudio: false, url: flvSocketUrl(stream.url, token) },
        {
          enableWorker: false,
          lazyLoad: false,
          liveBufferLatencyChasing: true,
          enableStashBuffer: false,
          autoCleanupSourceBuffer: true,
        },
      );
      player.on(mpegts.Events.ERROR, (type: string, detail: string, info?: { code?: number; msg?: string }) => {
        if (type === mpegts.ErrorTypes.MEDIA_ERROR) fail('decode', `FLV ${detail}`);
        else fail(statusReason(info?.code), `FLV ${detail}${info?.code ? ` (${info.code})` : ''}`);
      });
      // the live download's periodic statistics: data is arriving, the picture may just be late
      player.on(mpegts.Events.STATISTICS_INFO, (info: { speed?: number }) => {
        if ((info.speed ?? 0) > 0) watch.noteData();
      });
      player.attachMediaElement(video);
      player.load();
      void Promise.resolve(player.play()).catch(() => {});
      cleanup.push(() => {
        player.pause();
        player.unload();
        player.detachMediaElement();
        player.destroy();
      });
    },
    () => fail('unsupported', 'FLV player failed to load'),
  );
  return { kind: stream.kind, destroy };
}

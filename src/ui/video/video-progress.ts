// When does a camera's stream count as failed? A wall reports a failed camera to the relay, which
// marks it faulty on every wall's map, so a false report costs the hall a healthy camera. Two
// things made healthy streams look dead on a busy wall:
// - the page itself did not get turns: a software-rendered city frame can hold the main thread
//   for seconds, and hls.js / mpegts.js (main-thread transmuxing) wait behind it. Time the page
//   was not running is not time the stream failed, so only the page's own time is counted;
// - a stream started on demand (ffmpeg here, an RTSP pull in a media server) sends its first data
//   late, then its first picture a little later. Data arriving is progress: it restarts the wait,
//   up to a hard cap after which data without a picture is a fault of its own.
import type { VideoFault } from '../../protocol/video.schema.ts';

export type FaultReason = VideoFault['reason'];

/** no first frame, and no data either, within this much of the page's own time: failed */
export const START_TIMEOUT_MS = 15_000;
/** data kept arriving without a first frame for this long: failed all the same */
export const START_CAP_MS = 60_000;
/** frames stopped advancing for this much of the page's time: failed */
export const STALL_TIMEOUT_MS = 12_000;
export const TICK_MS = 1000;
/** a tick later than this was the page not running; only this much of it counts */
const MAX_STEP_MS = 2 * TICK_MS;

/** what the watcher reads of a media element */
export interface MediaClock {
  readonly currentTime: number;
  readonly buffered: { readonly length: number; end(i: number): number };
}

export interface ProgressWatch {
  /** the player library saw data arrive (a fragment, a chunk of the live download) */
  noteData(): void;
  stop(): void;
}

export interface WatchEnv {
  now(): number;
  every(ms: number, f: () => void): () => void;
}

const browserEnv: WatchEnv = {
  now: () => Date.now(),
  every: (ms, f) => {
    const t = window.setInterval(f, ms);
    return () => window.clearInterval(t);
  },
};

const bufferedEnd = (m: MediaClock) => (m.buffered.length ? m.buffered.end(m.buffered.length - 1) : 0);

/** Watches currentTime: one `onPlaying` when it first moves, at most one `fail` when it never does or stops. */
export function watchProgress(
  media: MediaClock,
  onPlaying: () => void,
  fail: (r: FaultReason, detail: string) => void,
  env: WatchEnv = browserEnv,
): ProgressWatch {
  let lastTick = env.now();
  let last = -1;
  let playing = false;
  let sinceData = 0; // page time since data last arrived (before the first picture)
  let waited = 0; // page time since the player started, before the first picture
  let still = 0; // page time since the picture last moved
  let dataSeen = false;
  let lastBuffered = 0;
  let failed = false;
  const failOnce = (r: FaultReason, detail: string) => {
    if (failed) return;
    failed = true;
    stop();
    fail(r, detail);
  };
  const stop = env.every(TICK_MS, () => {
    const now = env.now();
    const step = Math.min(now - lastTick, MAX_STEP_MS);
    lastTick = now;
    const end = bufferedEnd(media);
    if (end > lastBuffered) {
      lastBuffered = end;
      dataSeen = true;
    }
    if (media.currentTime !== last) {
      if (last >= 0 && !playing) {
        playing = true;
        onPlaying();
      }
      last = media.currentTime;
      still = 0;
      return;
    }
    if (playing) {
      still += step;
      if (still > STALL_TIMEOUT_MS) failOnce('stalled', 'picture stopped');
      return;
    }
    waited += step;
    sinceData = dataSeen ? 0 : sinceData + step;
    dataSeen = false;
    if (sinceData > START_TIMEOUT_MS) failOnce('stalled', 'no picture after start');
    else if (waited > START_CAP_MS) failOnce('stalled', 'data but no picture');
  });
  return {
    noteData: () => {
      dataSeen = true;
    },
    stop,
  };
}

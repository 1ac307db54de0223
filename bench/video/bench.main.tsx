// The video patrol alone on a page: the wall's own panel, tiles and players over the real server's
// cameras and proxy, without the 3D map, so the bench measures what the patrol itself holds.
import { createRoot } from 'react-dom/client';
import type { Camera } from '../../src/domain/district.types.ts';
import { videoZh } from '../../src/i18n/video.messages.ts';
import type { Translate } from '../../src/i18n/i18n.ts';
import type { PatrolState } from '../../src/live/video/patrol.model.ts';
import { VideoDecoders } from '../../src/ui/video/video-decoders.ts';
import { VideoPatrolPanel } from '../../src/ui/video/VideoPatrolPanel.tsx';

interface BenchState {
  decoders: VideoDecoders;
  patrol: PatrolState | null;
  faults: number;
  playing: number;
  /** what the players may leave behind: object URLs not revoked, intervals not cleared, MediaSources made */
  live: { blobUrls: number; intervals: number; mediaSources: number };
  /** MediaSources and SourceBuffers still reachable (call after a GC): a destroyed player's should be gone */
  alive(): { mediaSources: number; sourceBuffers: number };
  /** requests the page made to anywhere but its own origin (Chromium cannot resolve them; counted here) */
  outside: number;
}
declare global {
  interface Window {
    bench: BenchState;
  }
}

// Counted from outside the players (hls.js and mpegts.js load later, so they use these): a player
// that is destroyed but keeps its blob URL or its timer shows here as a count that climbs.
const live = { blobUrls: 0, intervals: 0, mediaSources: 0 };
const blobs = new Set<string>();
const timers = new Set<number>();
const sources: WeakRef<MediaSource>[] = [];
const buffers: WeakRef<SourceBuffer>[] = [];
const { createObjectURL, revokeObjectURL } = URL;
URL.createObjectURL = (o: Blob | MediaSource) => {
  const u = createObjectURL(o);
  blobs.add(u);
  live.blobUrls = blobs.size;
  if (o instanceof MediaSource) {
    live.mediaSources++;
    sources.push(new WeakRef(o));
  }
  return u;
};
const { addSourceBuffer } = MediaSource.prototype;
MediaSource.prototype.addSourceBuffer = function (this: MediaSource, type: string) {
  const b = addSourceBuffer.call(this, type);
  buffers.push(new WeakRef(b));
  return b;
};
const alive = () => {
  const count = <T extends object>(refs: WeakRef<T>[]) => {
    for (let i = refs.length - 1; i >= 0; i--) if (!refs[i].deref()) refs.splice(i, 1);
    return refs.length;
  };
  return { mediaSources: count(sources), sourceBuffers: count(buffers) };
};
URL.revokeObjectURL = (u: string) => {
  blobs.delete(u);
  live.blobUrls = blobs.size;
  revokeObjectURL(u);
};
const { setInterval: si, clearInterval: ci } = window;
window.setInterval = ((...a: Parameters<typeof si>) => {
  const id = si(...a);
  timers.add(id);
  live.intervals = timers.size;
  return id;
}) as typeof si;
window.clearInterval = ((id?: number) => {
  if (id !== undefined) timers.delete(id);
  live.intervals = timers.size;
  ci(id);
}) as typeof ci;

// the bench reads the page over a bare DevTools pipe without the Network domain (bench/video/cdp-page.ts),
// so the page counts its own requests that went elsewhere
let outside = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (!e.name.startsWith(location.origin)) outside++;
  if (window.bench) window.bench.outside = outside;
}).observe({ type: 'resource', buffered: true });

const q = new URLSearchParams(location.search);
const everyS = Number(q.get('every') ?? 10);
const table = videoZh as Record<string, string>;
const t = ((key: string, params?: Record<string, string | number>) =>
  (table[key] ?? key).replace(/\{(\w+)\}/g, (m, n: string) =>
    params && n in params ? String(params[n]) : m,
  )) as unknown as Translate;

async function main() {
  const { token } = (await (await fetch('/api/session')).json()) as { token: string };
  const cameras = (await (await fetch('/api/cameras')).json()) as Camera[];
  // the cameras with video: every page of the patrol is all live tiles, the worst case for decoders
  const ids = cameras.filter((c) => c.stream).map((c) => c.id);
  const state: BenchState = {
    decoders: new VideoDecoders(),
    patrol: null,
    faults: 0,
    playing: 0,
    live,
    alive,
    outside,
  };
  window.bench = state;
  createRoot(document.getElementById('root')!).render(
    <VideoPatrolPanel
      cameras={cameras}
      source={{ kind: 'cameras', ids }}
      title={`${ids.length} cameras`}
      token={token}
      decoders={state.decoders}
      t={t}
      layout={9}
      everyS={everyS}
      onFault={() => state.faults++}
      onPlaying={() => state.playing++}
      onClose={() => {}}
      onState={(s) => (state.patrol = s)}
    />,
  );
}
void main();

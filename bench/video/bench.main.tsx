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
}
declare global {
  interface Window {
    bench: BenchState;
  }
}

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
  const state: BenchState = { decoders: new VideoDecoders(), patrol: null, faults: 0, playing: 0 };
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

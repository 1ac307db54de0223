import './video.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Camera } from '../../domain/district.types.ts';
import type { Translate } from '../../i18n/i18n.ts';
import {
  createPatrol,
  MAX_PATROL_TILES,
  PATROL_LAYOUTS,
  patrolAdvance,
  patrolCandidates,
  patrolSetLayout,
  patrolCameraFailed,
  type PatrolLayout,
  type PatrolSource,
  type PatrolState,
} from '../../live/video/patrol.model.ts';
import { PatrolTile } from './PatrolTile.tsx';
import type { VideoDecoders } from './video-decoders.ts';
import type { FaultReason } from './video-player.ts';

// The video patrol panel (视频轮巡): 1/4/9 live tiles cycling through the cameras of an area or
// those that see an incident. The rules live in the patrol model; this panel owns the timer, the
// page-visibility switch (a hidden wall stops every stream) and the tiles.

export interface VideoPatrolProps {
  cameras: readonly Camera[];
  source: PatrolSource;
  /** what the header says the patrol is over (area name, incident id) */
  title: string;
  token: string | null;
  decoders: VideoDecoders;
  t: Translate;
  layout?: PatrolLayout;
  everyS?: number;
  /** a tile's stream failed: the wall marks the camera faulty and reports it */
  onFault: (cameraId: string, reason: FaultReason, detail: string) => void;
  onPlaying?: (cameraId: string) => void;
  onClose: () => void;
  /** every state change, for ?diag=1 */
  onState?: (s: PatrolState) => void;
}

function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => typeof document === 'undefined' || !document.hidden);
  useEffect(() => {
    const on = () => setVisible(!document.hidden);
    document.addEventListener('visibilitychange', on);
    return () => document.removeEventListener('visibilitychange', on);
  }, []);
  return visible;
}

export function VideoPatrolPanel(p: VideoPatrolProps) {
  const { cameras, source, decoders, t, onFault, onState } = p;
  const everyS = Math.max(3, Math.min(600, p.everyS ?? 10));
  const sourceKey = source.kind === 'area' ? `area:${source.areaId}` : `cams:${source.ids.join(',')}`;
  // the host keeps `source` stable (memoised): a new object means a new patrol
  const candidates = useMemo(() => patrolCandidates(cameras, source), [cameras, source]);
  const byId = useMemo(() => new Map(cameras.map((c) => [c.id, c])), [cameras]);
  const [state, setState] = useState<PatrolState>(() => createPatrol(candidates, p.layout ?? 4, Date.now()));
  const visible = usePageVisible();

  // a new area or incident starts a new patrol, keeping the layout the operator chose
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    setState((s) => createPatrol(candidates, s.layout, Date.now()));
  }, [candidates]);
  useEffect(() => {
    if (p.layout) setState((s) => (s.layout === p.layout ? s : patrolSetLayout(s, p.layout!, Date.now())));
  }, [p.layout]);
  useEffect(() => {
    if (!visible) return;
    const timer = window.setInterval(() => setState((s) => patrolAdvance(s, Date.now())), everyS * 1000);
    return () => window.clearInterval(timer);
  }, [everyS, visible, sourceKey]);
  useEffect(() => {
    onState?.(state);
  }, [state, onState]);

  const tileFault = useCallback(
    (cameraId: string, reason: FaultReason, detail: string) => {
      setState((s) => patrolCameraFailed(s, cameraId, Date.now()));
      onFault(cameraId, reason, detail);
    },
    [onFault],
  );

  const shown = state.tiles.filter(Boolean).length;
  return (
    <section
      className={`video-patrol video-patrol-${state.layout}`}
      data-testid="video-patrol"
      data-layout={state.layout}
      data-rounds={state.rounds}
    >
      <header className="video-patrol-head">
        <span className="video-patrol-title">{t('video.patrol.title')}</span>
        <span className="video-patrol-source">{p.title}</span>
        <span className="video-patrol-meta">
          {t('video.patrol.count', { shown, total: candidates.length })} · {t('video.patrol.every', { s: everyS })}
        </span>
        <span className="video-patrol-layouts">
          {PATROL_LAYOUTS.map((n) => (
            <button
              key={n}
              type="button"
              className={n === state.layout ? 'active' : ''}
              data-testid={`patrol-layout-${n}`}
              onClick={() => setState((s) => patrolSetLayout(s, n, Date.now()))}
            >
              {t('video.patrol.layout', { n })}
            </button>
          ))}
        </span>
        <button type="button" className="video-patrol-close" onClick={p.onClose} aria-label={t('video.patrol.close')}>
          ×
        </button>
      </header>
      {candidates.length === 0 ? <div className="video-patrol-empty">{t('video.patrol.none')}</div> : null}
      <div className="video-patrol-grid">
        {state.tiles.slice(0, MAX_PATROL_TILES).map((id, i) => (
          <PatrolTile
            key={i}
            slot={`patrol-${i}`}
            camera={id ? (byId.get(id) ?? null) : null}
            token={p.token}
            decoders={decoders}
            active={visible}
            t={t}
            onFault={tileFault}
            onPlaying={p.onPlaying}
          />
        ))}
      </div>
    </section>
  );
}

import { useEffect, useReducer, useRef, useSyncExternalStore } from 'react';
import { formatTime, tOr } from '../../i18n/i18n.ts';
import { REPLAY_SPEEDS } from '../../live/replay/replay.state.ts';
import { useLiveRuntime, useLiveTopics } from '../live/live-hooks.ts';
import { useLiveSource, useT, useWall } from '../wall-context.ts';
import './replay.css';

// The shift replay's time bar (issue 13): the last 24 hours with one tick per incident (red when a
// response target was missed), the playhead, play/pause, 1×–600×, ±1 minute, and one click back to
// live. The live feed keeps running underneath; the bar says both where the replay is and how live is.

const STEP_MS = 60_000;

export function ReplayBar() {
  const t = useT();
  const lang = useWall((s) => s.lang);
  const replay = useLiveSource().replay;
  const state = useSyncExternalStore(replay.subscribe, () => replay.state);
  const rt = useLiveRuntime();
  useLiveTopics(rt, ['connection'], 500);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const track = useRef<HTMLDivElement>(null);

  // the playhead moves between state updates while playing: redraw the clock a few times a second
  useEffect(() => {
    if (!state.playing) return;
    const id = setInterval(redraw, 250);
    return () => clearInterval(id);
  }, [state.playing]);

  if (state.mode !== 'replay') {
    return (
      <button type="button" className="replay-open" data-testid="replay-open" onClick={() => replay.enterRecent(24)}>
        ⏪ {t('replay.open')}
      </button>
    );
  }
  const now = replay.timeNow();
  const span = state.to - state.from;
  const x = (ms: number) => `${(((ms - state.from) / span) * 100).toFixed(3)}%`;
  const seekTo = (clientX: number) => {
    const box = track.current?.getBoundingClientRect();
    if (!box) return;
    replay.dispatch({ type: 'replay/seek', t: state.from + ((clientX - box.left) / box.width) * span });
  };
  const incidents = replay.incidents ?? [];
  const conn = rt?.client.store.connection ?? 'connecting';
  return (
    <div className="replay-bar" data-testid="replay-bar" data-t={Math.round(now)} data-data={state.data}>
      <div className="replay-row">
        <span className="replay-badge" data-testid="replay-badge">
          {t('replay.badge', { time: formatTime(lang, now) })}
        </span>
        <span className={`replay-live replay-live-${conn}`} data-testid="replay-live">
          {t('replay.live', { state: tOr(t, `live.conn.${conn}`, conn) })}
        </span>
        <button
          type="button"
          data-testid="replay-step-back"
          onClick={() => replay.dispatch({ type: 'replay/step', byMs: -STEP_MS })}
          title={t('replay.step-back')}
        >
          −1′
        </button>
        <button
          type="button"
          data-testid="replay-play"
          onClick={() => replay.dispatch({ type: 'replay/play', playing: !state.playing })}
        >
          {state.playing ? `⏸ ${t('replay.pause')}` : `▶ ${t('replay.play')}`}
        </button>
        <button
          type="button"
          data-testid="replay-step-forward"
          onClick={() => replay.dispatch({ type: 'replay/step', byMs: STEP_MS })}
          title={t('replay.step-forward')}
        >
          +1′
        </button>
        <span className="replay-speeds" role="group" aria-label={t('replay.speed')}>
          {REPLAY_SPEEDS.map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={state.speed === s}
              className={state.speed === s ? 'on' : ''}
              onClick={() => replay.dispatch({ type: 'replay/speed', speed: s })}
            >
              {s}×
            </button>
          ))}
        </span>
        {state.data === 'loading' && <span className="replay-note">{t('replay.loading')}</span>}
        {state.data === 'error' && (
          <span className="replay-note replay-error">{t('replay.error', { error: state.error ?? '' })}</span>
        )}
        <button
          type="button"
          className="replay-live-button"
          data-testid="replay-back-live"
          onClick={() => replay.dispatch({ type: 'replay/exit' })}
        >
          {t('replay.back-live')}
        </button>
      </div>
      <div className="replay-track" ref={track} data-testid="replay-track" onClick={(e) => seekTo(e.clientX)}>
        {incidents.map((inc) => (
          <button
            key={inc.id}
            type="button"
            className={inc.missed.length ? 'replay-tick overdue' : 'replay-tick'}
            data-testid="replay-tick"
            data-id={inc.id}
            data-at={inc.reportedAt}
            style={{ left: x(Math.max(state.from, inc.reportedAt)) }}
            title={t('replay.tick', { id: inc.id, title: inc.title, time: formatTime(lang, inc.reportedAt) })}
            onClick={(e) => {
              e.stopPropagation();
              replay.dispatch({ type: 'replay/seek', t: inc.reportedAt });
            }}
          />
        ))}
        <div className="replay-head" style={{ left: x(now) }} />
      </div>
      <div className="replay-row replay-scale">
        <span>{formatTime(lang, state.from)}</span>
        <span>{t('replay.ticks', { count: incidents.length })}</span>
        <span>{formatTime(lang, state.to)}</span>
      </div>
    </div>
  );
}

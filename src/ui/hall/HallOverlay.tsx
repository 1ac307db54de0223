import { useEffect } from 'react';
import { useLiveRuntime, useLiveTopics } from '../live/live-hooks.ts';
import { useT, useWall } from '../wall-context.ts';
import { useHall, useHallSnapshot } from './hall-context.ts';
import { KpiBoard } from './KpiBoard.tsx';
import './hall.css';

// What the hall adds over the map: the briefing's caption and progress, the KPI board when the
// scene or a tour step asks for it, the presenter's blank screen, the officer's scene picker (not on
// a kiosk wall: no pointer chrome there), auto-focus and relay-loss banners.

function ScenePicker() {
  const hall = useHall();
  const snap = useHallSnapshot();
  const t = useT();
  const lang = useWall((s) => s.lang);
  if (!hall || !snap || hall.kiosk.wall) return null;
  return (
    <label className="scene-picker" title={t('hall.scene.pickTitle')}>
      <span>{t('hall.scene.pick')}</span>
      <select
        data-testid="scene-picker"
        value={snap.sceneId ?? ''}
        onChange={(e) => hall.director.showScene(e.target.value)}
      >
        {snap.scenes.map((s) => (
          <option key={s.id} value={s.id}>
            {s.title[lang] ?? s.title['zh-CN']}
          </option>
        ))}
      </select>
    </label>
  );
}

function RelayBanner() {
  const hall = useHall();
  const rt = useLiveRuntime();
  useLiveTopics(rt, ['connection'], 250);
  const t = useT();
  const lost =
    !!hall?.kiosk.wall && !!rt && rt.client.store.counts.snapshots > 0 && rt.client.store.connection !== 'live';
  useEffect(() => {
    document.documentElement.classList.toggle('relay-lost', lost);
  }, [lost]);
  return lost ? (
    <div className="hall-banner hall-banner-danger" data-testid="relay-lost">
      {t('hall.relayLost')}
    </div>
  ) : null;
}

export function HallOverlay() {
  const hall = useHall();
  const snap = useHallSnapshot();
  const t = useT();
  const lang = useWall((s) => s.lang);
  const rt = useLiveRuntime();

  useEffect(() => {
    if (!hall) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
      if (hall.director.key(e.key)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [hall]);

  if (!hall || !snap) return null;
  const showKpi = snap.scene?.panels.includes('kpi-board') || snap.kpi !== null;
  const tour = snap.tour;
  const pausedHere = tour && !tour.ended && tour.index >= 0;
  const focusedTitle = snap.autoFocus
    ? (rt?.client.store.incidents.byId.get(snap.autoFocus.incidentId)?.title ?? snap.autoFocus.incidentId)
    : '';
  return (
    <div className="hall-layer" data-testid="hall-layer" data-scene={snap.sceneId ?? ''}>
      <ScenePicker />
      <RelayBanner />
      {snap.autoFocus ? (
        <div className="hall-banner" data-testid="auto-focus" data-incident={snap.autoFocus.incidentId}>
          {t('hall.autoFocus', { title: focusedTitle })}
        </div>
      ) : null}
      {showKpi ? <KpiBoard highlight={snap.kpi?.key ?? null} /> : null}
      {snap.caption ? (
        <div className="tour-caption" data-testid="tour-caption">
          <div className="tour-caption-title">{snap.caption.title[lang]}</div>
          <div className="tour-caption-text">{snap.caption.text[lang]}</div>
        </div>
      ) : null}
      {tour ? (
        <div className="tour-progress" data-testid="tour-progress" data-step={tour.index}>
          <span>{tour.title[lang]}</span>
          <span>
            {tour.ended ? t('hall.tour.ended') : t('hall.tour.step', { n: tour.index + 1, count: tour.count })}
          </span>
          {pausedHere && !hall.kiosk.wall ? <span className="tour-keys">{t('hall.tour.keys')}</span> : null}
        </div>
      ) : null}
      {snap.blank ? <div className="hall-blank" data-testid="blank" /> : null}
    </div>
  );
}

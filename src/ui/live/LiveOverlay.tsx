import './live.css';
import { useDispatch, useWall } from '../wall-context.ts';
import { offlineCenters } from '../../live/live-feeds.ts';
import { CATEGORY_LABELS } from '../../protocol/categories.ts';
import { CameraPanel } from './CameraPanel.tsx';
import { IncidentPanel } from './IncidentPanel.tsx';
import { StaffPanel } from './StaffPanel.tsx';
import { useLiveRuntime, useLiveTopics } from './live-hooks.ts';
import { formatTime, liveT } from './live.i18n.ts';
import { liveUi, useLiveSelection } from '../../state/selection.store.ts';

// Everything the live layers add to the wall's overlay: the connection badge, the layer toggles, the
// live ticker and the panel of the selected camera, incident or person.

const LIVE_LAYERS = ['cameras', 'incidents', 'staff', 'analysis'] as const;

function ConnectionBadge() {
  const lang = useWall((s) => s.lang);
  const focus = useWall((s) => s.focus);
  const index = useWall((s) => s.index);
  const rt = useLiveRuntime();
  useLiveTopics(rt, ['connection', 'streets'], 500, 2000);
  const t = liveT(lang);
  const store = rt?.client.store;
  const state = store?.connection ?? 'connecting';
  // A street whose center the relay reports disconnected is named as such; others are just behind.
  const offline = store ? offlineCenters(store) : [];
  const stale: string[] = [];
  if (store) for (const [id, h] of store.streets) if (h.stale && h.centerOnline !== false) stale.push(id);
  const name = (id: string) => {
    const u = index?.byId.get(id);
    return u ? (lang === 'en' ? u.nameEn : u.name) : id;
  };
  // Focused on a street or below: that street's feed age, the figure an officer checks first.
  const streetId = focus.level !== 'district' && focus.id ? focus.id.split('-')[0] : null;
  const h = streetId ? store?.streets.get(streetId) : undefined;
  const age = h && h.lastMessageAt > 0 && rt ? Math.round((rt.client.now() - h.lastMessageAt) / 1000) : null;
  return (
    <div
      className={`live-badge live-badge-${state}`}
      data-testid="live-badge"
      data-state={state}
      data-stale-streets={stale.length + offline.length}
      data-offline-centers={offline.length}
    >
      <span className="live-dot" />
      <span>{t(`conn.${state}`)}</span>
      {offline.length > 0 && state === 'live' ? (
        <span className="live-badge-stale" title={offline.map(name).join('、')} data-testid="offline-centers">
          {t('conn.offlineCenters', { n: offline.length })}：{offline.slice(0, 3).map(name).join('、')}
          {offline.length > 3 ? '…' : ''}
        </span>
      ) : null}
      {stale.length > 0 && state === 'live' ? (
        <span className="live-badge-stale" title={stale.map(name).join('、')}>
          {t('conn.staleStreets', { n: stale.length })}：{stale.slice(0, 3).map(name).join('、')}
          {stale.length > 3 ? '…' : ''}
        </span>
      ) : null}
      {streetId && h ? (
        <span className={h.stale ? 'live-badge-stale' : 'live-badge-age'} data-testid="street-feed-age">
          {h.centerOnline === false ? t('conn.streetOffline', { name: name(streetId) }) : t('conn.streetAge', { name: name(streetId), s: age ?? '—' })}
        </span>
      ) : null}
    </div>
  );
}

function LayerToggles() {
  const lang = useWall((s) => s.lang);
  const layers = useWall((s) => s.layers);
  const dispatch = useDispatch();
  const t = liveT(lang);
  const metric = typeof layers.grids?.options.metric === 'string' ? layers.grids.options.metric : 'density';
  return (
    <fieldset className="live-toggles" data-testid="live-toggles">
      <legend>{t('layers.title')}</legend>
      {LIVE_LAYERS.map((id) => {
        const visible = layers[id]?.visible ?? true;
        return (
          <label key={id}>
            <input type="checkbox" checked={visible} data-testid={`toggle-${id}`} onChange={(e) => dispatch({ type: 'layer/set', id, visible: e.target.checked })} />
            {t(`layer.${id}`)}
          </label>
        );
      })}
      <label className="live-metric">
        {t('metric.title')}
        <select value={metric} data-testid="grid-metric" onChange={(e) => dispatch({ type: 'layer/set', id: 'grids', options: { metric: e.target.value } })}>
          {(['density', 'incidents-open', 'incidents-overdue'] as const).map((m) => (
            <option key={m} value={m}>
              {t(`metric.${m}`)}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}

function Ticker() {
  const lang = useWall((s) => s.lang);
  const rt = useLiveRuntime();
  useLiveTopics(rt, ['incidents'], 1000);
  const t = liveT(lang);
  const entries = rt?.client.store.incidents.ticker.slice(0, 8) ?? [];
  if (!entries.length) return null;
  return (
    <div className="live-ticker" data-testid="live-ticker" aria-live="polite">
      <span className="live-ticker-title">{t('ticker.title')}</span>
      <ul>
        {entries.map((e) => (
          <li key={e.key} className={`ticker-${e.type}`} onClick={() => liveUi.select({ kind: 'incident', id: e.incidentId })}>
            <time>{formatTime(lang, e.at)}</time>
            <b>{t(`ticker.${e.type}` as never) || e.type}</b>
            <span>{CATEGORY_LABELS[e.category]?.[lang === 'en' ? 'en' : 'zh'] ?? e.category}</span>
            <span className="ticker-title">{e.title}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function SelectedPanel() {
  const sel = useLiveSelection();
  if (!sel) return null;
  if (sel.kind === 'incident') return <IncidentPanel id={sel.id} />;
  if (sel.kind === 'camera') return <CameraPanel id={sel.id} />;
  return <StaffPanel id={sel.id} />;
}

export function LiveOverlay() {
  return (
    <div className="live-overlay">
      <div className="live-top-left">
        <ConnectionBadge />
        <LayerToggles />
      </div>
      <SelectedPanel />
      <Ticker />
    </div>
  );
}

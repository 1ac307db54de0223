import './live.css';
import { areaName, formatTime, tOr } from '../../i18n/i18n.ts';
import { LAYER_TOGGLES } from '../../layers/registry.ts';
import { offlineCenters } from '../../live/live-feeds.ts';
import { ObjectPanel } from '../panels/ObjectPanel.tsx';
import { useDispatch, useSelect, useT, useWall } from '../wall-context.ts';
import { useLiveRuntime, useLiveTopics } from './live-hooks.ts';

// Everything the live layers add to the wall's overlay: the connection badge, the layer toggles, the
// live ticker and the panel of the selected map object (panels/panel.registry.ts).

function ConnectionBadge() {
  const lang = useWall((s) => s.lang);
  const focus = useWall((s) => s.focus);
  const index = useWall((s) => s.index);
  const rt = useLiveRuntime();
  useLiveTopics(rt, ['connection', 'streets'], 500, 2000);
  const t = useT();
  const store = rt?.client.store;
  const state = store?.connection ?? 'connecting';
  // A street whose center the relay reports disconnected is named as such; others are just behind.
  const offline = store ? offlineCenters(store) : [];
  const stale: string[] = [];
  if (store) for (const [id, h] of store.streets) if (h.stale && h.centerOnline !== false) stale.push(id);
  const name = (id: string) => {
    const u = index?.byId.get(id);
    return u ? areaName(lang, u) : id;
  };
  // Focused on a street or below: that street's feed age, the figure an officer checks first.
  const streetId = focus.level !== 'district' && focus.id ? focus.id.split('-')[0] : null;
  const h = streetId ? store?.streets.get(streetId) : undefined;
  const age = h && h.lastMessageAt > 0 && rt ? Math.round((rt.client.now() - h.lastMessageAt) / 1000) : null;
  // A street hall's wall sees its street only: say so, and say why when the relay refused more
  const scope = rt?.client.scope ?? null;
  const refusal = rt?.client.refusal ?? null;
  return (
    <div
      className={`live-badge live-badge-${state}`}
      data-testid="live-badge"
      data-scope={scope ?? ''}
      data-state={state}
      data-stale-streets={stale.length + offline.length}
      data-offline-centers={offline.length}
    >
      <span className="live-dot" />
      <span>{t(`live.conn.${state}`)}</span>
      {scope && scope !== 'district' ? (
        <span className="live-badge-age" data-testid="live-scope">
          {t('live.conn.scope', { name: name(scope) })}
        </span>
      ) : null}
      {refusal ? (
        <span className="live-badge-stale" data-testid="scope-refusal" title={refusal}>
          {t('live.conn.refused', { reason: refusal })}
        </span>
      ) : null}
      {offline.length > 0 && state === 'live' ? (
        <span className="live-badge-stale" title={offline.map(name).join('、')} data-testid="offline-centers">
          {t('live.conn.offlineCenters', { n: offline.length })}：{offline.slice(0, 3).map(name).join('、')}
          {offline.length > 3 ? '…' : ''}
        </span>
      ) : null}
      {stale.length > 0 && state === 'live' ? (
        <span className="live-badge-stale" title={stale.map(name).join('、')}>
          {t('live.conn.staleStreets', { n: stale.length })}：{stale.slice(0, 3).map(name).join('、')}
          {stale.length > 3 ? '…' : ''}
        </span>
      ) : null}
      {streetId && h ? (
        <span className={h.stale ? 'live-badge-stale' : 'live-badge-age'} data-testid="street-feed-age">
          {h.centerOnline === false
            ? t('live.conn.streetOffline', { name: name(streetId) })
            : t('live.conn.streetAge', { name: name(streetId), s: age ?? '—' })}
        </span>
      ) : null}
    </div>
  );
}

function LayerToggles() {
  const layers = useWall((s) => s.layers);
  const dispatch = useDispatch();
  const t = useT();
  const metric = typeof layers.grids?.options.metric === 'string' ? layers.grids.options.metric : 'density';
  return (
    <fieldset className="live-toggles" data-testid="live-toggles">
      <legend>{t('live.layers.title')}</legend>
      {LAYER_TOGGLES.map((id) => {
        const visible = layers[id]?.visible ?? true;
        return (
          <label key={id}>
            <input
              type="checkbox"
              checked={visible}
              data-testid={`toggle-${id}`}
              onChange={(e) => dispatch({ type: 'layer/set', id, visible: e.target.checked })}
            />
            {tOr(t, `layer.${id}`, id)}
          </label>
        );
      })}
      <label className="live-metric">
        {t('live.metric.title')}
        <select
          value={metric}
          data-testid="grid-metric"
          onChange={(e) => dispatch({ type: 'layer/set', id: 'grids', options: { metric: e.target.value } })}
        >
          {(['density', 'incidents-open', 'incidents-overdue'] as const).map((m) => (
            <option key={m} value={m}>
              {t(`live.metric.${m}`)}
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
  const t = useT();
  const select = useSelect();
  const entries = rt?.client.store.incidents.ticker.slice(0, 8) ?? [];
  if (!entries.length) return null;
  return (
    <div className="live-ticker" data-testid="live-ticker" aria-live="polite">
      <span className="live-ticker-title">{t('live.ticker.title')}</span>
      <ul>
        {entries.map((e) => (
          <li key={e.key} className={`ticker-${e.type}`} onClick={() => select({ kind: 'incident', id: e.incidentId })}>
            <time>{formatTime(lang, e.at)}</time>
            <b>{tOr(t, `live.ticker.${e.type}`, e.type)}</b>
            <span>{tOr(t, `incident.category.${e.category}`, e.category)}</span>
            <span className="ticker-title">{e.title}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function LiveOverlay() {
  return (
    <div className="live-overlay">
      <div className="live-top-left">
        <ConnectionBadge />
        <LayerToggles />
      </div>
      <ObjectPanel />
      <Ticker />
    </div>
  );
}

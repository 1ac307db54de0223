import { useState } from 'react';
import { formatDistance, formatTime, tOr } from '../../i18n/i18n.ts';
import { formatClock } from '../../layers/shared/incident-countdown.ts';
import { TIMING_CSS } from '../../layers/incidents/incidents.style.ts';
import { incidentPanel } from '../../live/incident-panel.ts';
import { withinScope } from '../../live/live-scope.ts';
import { canAct, dispatchStaff } from '../../live/officer-actions.ts';
import { useLiveRuntime, useLiveTopics } from '../live/live-hooks.ts';
import { useSelect, useT, useWall } from '../wall-context.ts';

// The incident panel: stage and countdown, the closed-loop timeline, who is assigned, the cameras that
// see the spot, the three nearest free staff by road with distance and ETA, and (officer/admin
// tokens only) a dispatch button for each of them. Refreshed once a second while open.

export function IncidentPanel({ id }: { id: string }) {
  const lang = useWall((s) => s.lang);
  const rt = useLiveRuntime();
  useLiveTopics(rt, ['incidents', 'staff'], 1000, 1000);
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const t = useT();
  const select = useSelect();
  if (!rt) return null;
  const role = rt.client.claims.role;
  const data = incidentPanel(rt.client.store, id, { graph: rt.graph, roster: rt.roster, role, nowMs: rt.client.now() });
  if (!data) return null;
  const { incident: inc, response } = data;
  // a street officer dispatches in its own street only (the relay refuses the rest anyway)
  const officer = canAct(role) && data.actions.includes('dispatch') && withinScope(rt.client.claims, inc.streetId);
  const dispatch = async (staffId: string, name: string) => {
    setBusy(staffId);
    setResult(null);
    const ack = await dispatchStaff(rt.client, inc, [staffId]);
    setBusy(null);
    setResult(ack.ok ? t('live.inc.dispatched', { name }) : `${ack.error.reason}: ${ack.error.message}`);
  };
  return (
    <section className="live-panel" data-testid="incident-panel" data-incident-id={inc.id}>
      <button
        type="button"
        className="live-panel-close"
        onClick={() => select(null)}
        aria-label={t('live.panel.close')}
      >
        ×
      </button>
      <div className="panel-kicker">
        {t('live.inc.kicker')} · {t(`incident.category.${inc.category}`)} · {t(`incident.source.${inc.source}`)}
      </div>
      <h2 className="live-panel-title">{inc.title}</h2>
      <div className="live-row">
        <span className="live-chip">{t(`incident.stage.${inc.status}`)}</span>
        <span
          className="live-chip"
          style={{ borderColor: TIMING_CSS[response.timing], color: TIMING_CSS[response.timing] }}
          data-testid="incident-timing"
        >
          {t(`incident.timing.${response.timing}`)}
          {response.target
            ? ` · ${response.leftMs >= 0 ? `${t('live.inc.left')} ${formatClock(response.leftMs)}` : `${t('live.inc.late')} ${formatClock(-response.leftMs)}`}`
            : ''}
        </span>
      </div>
      <div className="live-meta">
        {t('live.inc.street')} {inc.streetId} · {t('live.inc.reported')} {formatTime(lang, inc.reportedAt)}
      </div>

      <h3>{t('live.inc.nearest')}</h3>
      {data.nearest === null ? (
        <p className="live-muted">{t('live.inc.noGraph')}</p>
      ) : (
        <ol className="live-list" data-testid="incident-nearest">
          {data.nearest.map((n) => (
            <li key={n.staffId}>
              <button type="button" className="linkish" onClick={() => select({ kind: 'staff', id: n.staffId })}>
                {n.name ?? n.staffId}
              </button>
              <span className="live-muted">
                {formatDistance(t, n.roadM)} · {Math.max(1, Math.round(n.etaS / 60))} {t('live.min')}
              </span>
              {officer ? (
                <button
                  type="button"
                  className="live-action"
                  disabled={busy !== null}
                  data-testid="dispatch-button"
                  onClick={() => void dispatch(n.staffId, n.name ?? n.staffId)}
                >
                  {busy === n.staffId ? t('live.inc.dispatching') : t('live.inc.dispatch')}
                </button>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {!canAct(role) ? <p className="live-muted">{t('live.inc.displayOnly')}</p> : null}
      {result ? <p className="live-result">{result}</p> : null}

      <h3>{t('live.inc.assignees')}</h3>
      {data.assignees.length === 0 ? (
        <p className="live-muted">{t('live.inc.none')}</p>
      ) : (
        <ul className="live-list">
          {data.assignees.map((a) => (
            <li key={a.staffId}>
              <button type="button" className="linkish" onClick={() => select({ kind: 'staff', id: a.staffId })}>
                {a.name ?? a.staffId}
              </button>
              <span className="live-muted">{tOr(t, `staff.assignee.${a.cls}`, a.cls)}</span>
            </li>
          ))}
        </ul>
      )}

      <h3>{t('live.inc.cameras')}</h3>
      {data.cameras.length === 0 ? (
        <p className="live-muted">{t('live.inc.none')}</p>
      ) : (
        <ul className="live-cams" data-testid="incident-cameras">
          {data.cameras.slice(0, 8).map((c) => (
            <li key={c}>
              <button type="button" className="linkish" onClick={() => select({ kind: 'camera', id: c })}>
                {rt.cameraById.get(c)?.name ?? c}
              </button>
            </li>
          ))}
        </ul>
      )}

      <h3>{t('live.inc.timeline')}</h3>
      <ol className="live-timeline" data-testid="incident-timeline">
        {data.timeline.map((r, k) => (
          <li key={`${r.at}-${k}`}>
            <time>{formatTime(lang, r.at)}</time> <b>{tOr(t, `incident.action.${r.type}`, r.type)}</b>{' '}
            <span className="live-muted">
              {r.byRole}:{r.byId}
            </span>
            {r.note ? <div className="live-note">{r.note}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

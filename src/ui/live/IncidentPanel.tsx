import { useState } from 'react';
import { useWall } from '../wall-context.ts';
import { incidentPanel } from '../../live/incident-panel.ts';
import { canAct, dispatchStaff } from '../../live/officer-actions.ts';
import { CATEGORY_LABELS, SOURCE_LABELS } from '../../protocol/categories.ts';
import { STAGE_LABELS, TIMING_LABELS, formatClock } from '../../layers/incidents/incidents.countdown.ts';
import { TIMING_CSS } from '../../layers/incidents/incidents.style.ts';
import { useLiveRuntime, useLiveTopics } from './live-hooks.ts';
import { formatDistance, formatTime, liveT } from './live.i18n.ts';
import { liveUi } from '../../state/selection.store.ts';

// The incident panel: stage and countdown, the closed-loop timeline, who is assigned, the cameras that
// see the spot, the three nearest free staff by road with distance and ETA, and (officer/admin
// tokens only) a dispatch button for each of them. Refreshed once a second while open.

const ACTION_LABELS: Record<string, [string, string]> = {
  report: ['上报', 'Reported'],
  acknowledge: ['受理', 'Acknowledged'],
  dispatch: ['派遣', 'Dispatched'],
  arrive: ['到场', 'Arrived'],
  handle: ['处置', 'Handling'],
  feedback: ['反馈', 'Fed back'],
  close: ['办结', 'Closed'],
  rate: ['评价', 'Rated'],
  escalate: ['申请增援', 'Escalated'],
  reinforce: ['增援到场', 'Reinforced'],
  timing: ['时限提醒', 'Target timing'],
};

const CLASS_LABELS: Record<string, [string, string]> = {
  free: ['空闲', 'free'],
  'en-route': ['赶赴中', 'en route'],
  'on-scene': ['在现场', 'on scene'],
  'off-duty': ['休息/下班', 'off duty'],
  'no-fix': ['无定位', 'no position'],
};

export function IncidentPanel({ id }: { id: string }) {
  const lang = useWall((s) => s.lang);
  const rt = useLiveRuntime();
  useLiveTopics(rt, ['incidents', 'staff'], 1000, 1000);
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const t = liveT(lang);
  const en = lang === 'en';
  if (!rt) return null;
  const role = rt.client.claims.role;
  const data = incidentPanel(rt.client.store, id, { graph: rt.graph, roster: rt.roster, role, nowMs: rt.client.now() });
  if (!data) return null;
  const { incident: inc, response } = data;
  const officer = canAct(role) && data.actions.includes('dispatch');
  const dispatch = async (staffId: string, name: string) => {
    setBusy(staffId);
    setResult(null);
    const ack = await dispatchStaff(rt.client, inc, [staffId]);
    setBusy(null);
    setResult(ack.ok ? t('inc.dispatched', { name }) : `${ack.error.reason}: ${ack.error.message}`);
  };
  return (
    <section className="live-panel" data-testid="incident-panel" data-incident-id={inc.id}>
      <button type="button" className="live-panel-close" onClick={() => liveUi.select(null)} aria-label={t('panel.close')}>
        ×
      </button>
      <div className="panel-kicker">
        {t('inc.kicker')} · {CATEGORY_LABELS[inc.category][en ? 'en' : 'zh']} · {SOURCE_LABELS[inc.source][en ? 'en' : 'zh']}
      </div>
      <h2 className="live-panel-title">{inc.title}</h2>
      <div className="live-row">
        <span className="live-chip">{STAGE_LABELS[inc.status][en ? 'en' : 'zh']}</span>
        <span className="live-chip" style={{ borderColor: TIMING_CSS[response.timing], color: TIMING_CSS[response.timing] }} data-testid="incident-timing">
          {TIMING_LABELS[response.timing][en ? 'en' : 'zh']}
          {response.target ? ` · ${response.leftMs >= 0 ? `${t('inc.left')} ${formatClock(response.leftMs)}` : `${t('inc.late')} ${formatClock(-response.leftMs)}`}` : ''}
        </span>
      </div>
      <div className="live-meta">
        {t('inc.street')} {inc.streetId} · {t('inc.reported')} {formatTime(lang, inc.reportedAt)}
      </div>

      <h3>{t('inc.nearest')}</h3>
      {data.nearest === null ? (
        <p className="live-muted">{t('inc.noGraph')}</p>
      ) : (
        <ol className="live-list" data-testid="incident-nearest">
          {data.nearest.map((n) => (
            <li key={n.staffId}>
              <button type="button" className="linkish" onClick={() => liveUi.select({ kind: 'staff', id: n.staffId })}>
                {n.name ?? n.staffId}
              </button>
              <span className="live-muted">
                {formatDistance(lang, n.roadM)} · {Math.max(1, Math.round(n.etaS / 60))} {t('min')}
              </span>
              {officer ? (
                <button type="button" className="live-action" disabled={busy !== null} data-testid="dispatch-button" onClick={() => dispatch(n.staffId, n.name ?? n.staffId)}>
                  {busy === n.staffId ? t('inc.dispatching') : t('inc.dispatch')}
                </button>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {!canAct(role) ? <p className="live-muted">{t('inc.displayOnly')}</p> : null}
      {result ? <p className="live-result">{result}</p> : null}

      <h3>{t('inc.assignees')}</h3>
      {data.assignees.length === 0 ? (
        <p className="live-muted">{t('inc.none')}</p>
      ) : (
        <ul className="live-list">
          {data.assignees.map((a) => (
            <li key={a.staffId}>
              <button type="button" className="linkish" onClick={() => liveUi.select({ kind: 'staff', id: a.staffId })}>
                {a.name ?? a.staffId}
              </button>
              <span className="live-muted">{CLASS_LABELS[a.cls]?.[en ? 1 : 0] ?? a.cls}</span>
            </li>
          ))}
        </ul>
      )}

      <h3>{t('inc.cameras')}</h3>
      {data.cameras.length === 0 ? (
        <p className="live-muted">{t('inc.none')}</p>
      ) : (
        <ul className="live-cams" data-testid="incident-cameras">
          {data.cameras.slice(0, 8).map((c) => (
            <li key={c}>
              <button type="button" className="linkish" onClick={() => liveUi.select({ kind: 'camera', id: c })}>
                {rt.cameraById.get(c)?.name ?? c}
              </button>
            </li>
          ))}
        </ul>
      )}

      <h3>{t('inc.timeline')}</h3>
      <ol className="live-timeline" data-testid="incident-timeline">
        {data.timeline.map((r, k) => (
          <li key={`${r.at}-${k}`}>
            <time>{formatTime(lang, r.at)}</time> <b>{ACTION_LABELS[r.type]?.[en ? 1 : 0] ?? r.type}</b> <span className="live-muted">{r.byRole}:{r.byId}</span>
            {r.note ? <div className="live-note">{r.note}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

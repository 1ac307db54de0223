import { useWall } from '../wall-context.ts';
import { STAFF_CLASS_NAMES } from '../../live/models/staff.model.ts';
import { STAFF_CLASS_CSS } from '../../layers/staff/staff.style.ts';
import { useLiveRuntime, useLiveTopics } from './live-hooks.ts';
import { liveT } from './live.i18n.ts';
import { liveUi } from '../../state/selection.store.ts';

const CLASS_LABELS: Record<string, [string, string]> = {
  free: ['空闲', 'Free'],
  'en-route': ['赶赴中', 'En route'],
  'on-scene': ['在现场', 'On scene'],
  'off-duty': ['休息/下班', 'Off duty'],
  'no-fix': ['无定位', 'No position'],
};
const ROLE_LABELS: Record<string, [string, string]> = {
  'grid-worker': ['网格员', 'Grid worker'],
  police: ['社区民警', 'Community police'],
  mediator: ['调解员', 'Mediator'],
  volunteer: ['志愿者', 'Volunteer'],
};

export function StaffPanel({ id }: { id: string }) {
  const lang = useWall((s) => s.lang);
  const rt = useLiveRuntime();
  useLiveTopics(rt, ['staff'], 1000);
  const t = liveT(lang);
  const en = lang === 'en' ? 1 : 0;
  if (!rt) return null;
  const m = rt.client.store.staff;
  const i = m.indexById.get(id);
  const person = rt.roster.get(id);
  if (i === undefined) return null;
  const cls = STAFF_CLASS_NAMES[m.cls[i]];
  const incident = m.incident[i];
  return (
    <section className="live-panel" data-testid="staff-panel" data-staff-id={id}>
      <button type="button" className="live-panel-close" onClick={() => liveUi.select(null)} aria-label={t('panel.close')}>
        ×
      </button>
      <div className="panel-kicker">
        {t('staff.kicker')} · {id}
      </div>
      <h2 className="live-panel-title">{person?.name ?? id}</h2>
      <div className="live-row">
        <span className="live-chip" style={{ borderColor: STAFF_CLASS_CSS[m.cls[i]], color: STAFF_CLASS_CSS[m.cls[i]] }}>
          {CLASS_LABELS[cls][en]}
        </span>
        {person ? <span className="live-chip">{ROLE_LABELS[person.role]?.[en] ?? person.role}</span> : null}
      </div>
      <dl className="live-dl">
        {person ? (
          <>
            <dt>{t('staff.phone')}</dt>
            <dd>{person.phone}</dd>
          </>
        ) : null}
        {incident ? (
          <>
            <dt>{t('staff.incident')}</dt>
            <dd>
              <button type="button" className="linkish" onClick={() => liveUi.select({ kind: 'incident', id: incident })}>
                {rt.client.store.incidents.byId.get(incident)?.title ?? incident}
              </button>
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

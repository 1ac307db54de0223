import { tOr } from '../../i18n/i18n.ts';
import { STAFF_CLASS_CSS } from '../../layers/staff/staff.style.ts';
import { STAFF_CLASS_NAMES } from '../../live/models/staff.model.ts';
import { useLiveRuntime, useLiveTopics } from '../live/live-hooks.ts';
import { useSelect, useT } from '../wall-context.ts';

export function StaffPanel({ id }: { id: string }) {
  const rt = useLiveRuntime();
  useLiveTopics(rt, ['staff'], 1000);
  const t = useT();
  const select = useSelect();
  if (!rt) return null;
  const m = rt.client.store.staff;
  const i = m.indexById.get(id);
  const person = rt.roster.get(id);
  if (i === undefined) return null;
  const cls = STAFF_CLASS_NAMES[m.cls[i]];
  const incident = m.incident[i];
  return (
    <section className="live-panel" data-testid="staff-panel" data-staff-id={id}>
      <button
        type="button"
        className="live-panel-close"
        onClick={() => select(null)}
        aria-label={t('live.panel.close')}
      >
        ×
      </button>
      <div className="panel-kicker">
        {t('live.staff.kicker')} · {id}
      </div>
      <h2 className="live-panel-title">{person?.name ?? id}</h2>
      <div className="live-row">
        <span
          className="live-chip"
          style={{ borderColor: STAFF_CLASS_CSS[m.cls[i]], color: STAFF_CLASS_CSS[m.cls[i]] }}
        >
          {t(`staff.class.${cls}`)}
        </span>
        {person ? <span className="live-chip">{tOr(t, `role.${person.role}`, person.role)}</span> : null}
      </div>
      <dl className="live-dl">
        {person ? (
          <>
            <dt>{t('live.staff.phone')}</dt>
            <dd>{person.phone}</dd>
          </>
        ) : null}
        {incident ? (
          <>
            <dt>{t('live.staff.incident')}</dt>
            <dd>
              <button type="button" className="linkish" onClick={() => select({ kind: 'incident', id: incident })}>
                {rt.client.store.incidents.byId.get(incident)?.title ?? incident}
              </button>
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

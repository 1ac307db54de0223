import { useT, useWall } from './wall-context.ts';
import type { Grid } from '../domain/district.types.ts';
import { areaName, formatNumber } from '../i18n/i18n.ts';
import type { MessageKey } from '../i18n/messages.types.ts';
import { Stat } from './Stat.tsx';
import { withoutMissing } from '../domain/missing-figures.ts';

/** A grid's 人、事、地、物、情、组织 summary, its grid worker and its highlighted buildings. */
export function GridPanel() {
  const t = useT();
  const lang = useWall((s) => s.lang);
  const focus = useWall((s) => s.focus);
  const index = useWall((s) => s.index);
  const details = useWall((s) => s.gridDetails);
  // an imported district names the figures its files lack: shown as '—', not as the 0 written for them
  const missing = useWall((s) => s.summary?.missing);
  const grid = index?.byId.get(focus.id) as Grid | undefined;
  if (!grid || grid.level !== 'grid') return null;
  const p = grid.profile ? withoutMissing(grid.profile, missing) : grid.profile;
  const n = (v: number | undefined, digits = 0) =>
    typeof v === 'number' && Number.isFinite(v) ? formatNumber(lang, v, digits) : '—';
  const pct = (v: number | undefined) =>
    typeof v === 'number' ? `${formatNumber(lang, v <= 1 ? v * 100 : v, 1)}%` : '—';
  const worker = details?.data?.worker ?? null;
  return (
    <aside
      className="panel grid-panel"
      data-testid="grid-panel"
      data-grid-id={grid.id}
      data-details={details?.status ?? 'none'}
    >
      <div className="panel-kicker">{t(`gridKind.${grid.kind}` as MessageKey)}</div>
      <h2 className="panel-title">{areaName(lang, grid)}</h2>
      <div className="panel-id">{grid.id}</div>

      <section className="worker" data-testid="grid-worker">
        <h3>{t('panel.worker')}</h3>
        {details?.status === 'loading' ? <div className="muted">{t('panel.loading')}</div> : null}
        {details?.status === 'error' ? <div className="error">{t('panel.loadError')}</div> : null}
        {details?.status === 'ok' && !worker ? <div className="muted">{t('panel.workerNone')}</div> : null}
        {worker ? (
          <div className="worker-card">
            <span className="worker-name" data-testid="grid-worker-name">
              {worker.name}
            </span>
            <span className="worker-role">{t(`role.${worker.role}` as MessageKey)}</span>
            <span className="worker-phone" data-testid="grid-worker-phone">
              {t('panel.phone')} {worker.phone}
            </span>
          </div>
        ) : null}
        {details?.status === 'ok' && details.data ? (
          <div className="muted" data-testid="grid-buildings-highlighted" data-count={details.data.buildingIds.length}>
            {t('panel.buildingsHighlighted', { n: details.data.buildingIds.length })} · {t('stat.microGrids')}{' '}
            {details.data.microGrids.length}
          </div>
        ) : null}
      </section>

      {p ? (
        <div className="six-grid" data-testid="grid-profile">
          <section className="six" data-testid="profile-people">
            <h3>{t('panel.people')}</h3>
            <Stat label={t('stat.population')} value={n(p.people?.population)} />
            <Stat label={t('stat.households')} value={n(p.people?.households)} />
            <Stat label={t('panel.floating')} value={n(p.people?.floating)} />
            <Stat label={t('panel.keyCare')} value={n(p.people?.keyCare)} />
          </section>
          <section className="six" data-testid="profile-events">
            <h3>{t('panel.events')}</h3>
            <Stat label={t('panel.events30')} value={n(p.events?.last30Days)} />
            <Stat label={t('panel.resolved30')} value={n(p.events?.resolved30Days)} />
            <Stat label={t('panel.disputes30')} value={n(p.events?.disputes30Days)} />
          </section>
          <section className="six" data-testid="profile-places">
            <h3>{t('panel.places')}</h3>
            <Stat label={t('panel.placesTotal')} value={n(p.places?.total)} />
            <Stat label={t('stat.area')} value={`${n(grid.areaKm2, 2)} ${t('stat.areaUnit')}`} />
          </section>
          <section className="six" data-testid="profile-things">
            <h3>{t('panel.things')}</h3>
            <Stat label={t('stat.buildings')} value={n(p.things?.buildings)} />
            <Stat label={t('stat.cameras')} value={n(details?.data?.cameras ?? p.things?.cameras)} />
            <Stat label={t('panel.hazards')} value={n(p.things?.hazards)} />
            <Stat label={t('panel.hydrants')} value={n(p.things?.fireHydrants)} />
          </section>
          <section className="six" data-testid="profile-situation">
            <h3>{t('panel.situation')}</h3>
            <Stat label={t('panel.satisfaction')} value={pct(p.situation?.satisfaction)} />
            <Stat label={t('panel.security')} value={pct(p.situation?.securitySense)} />
            <Stat
              label={t('panel.risk')}
              value={
                <span className={`risk risk-${p.situation?.riskLevel}`}>
                  {p.situation ? t(`panel.risk.${p.situation.riskLevel}` as MessageKey) : '—'}
                </span>
              }
            />
          </section>
          <section className="six" data-testid="profile-organizations">
            <h3>{t('panel.organizations')}</h3>
            <Stat label={t('panel.orgTotal')} value={n(p.organizations?.total)} />
            <Stat label={t('panel.partyBranches')} value={n(p.organizations?.partyBranches)} />
            <Stat label={t('panel.mediationRooms')} value={n(p.organizations?.mediationRooms)} />
          </section>
        </div>
      ) : null}
    </aside>
  );
}

import { useT, useWall } from './wall-context.ts';
import type { Community, Street } from '../domain/district.types.ts';
import { areaName, formatNumber } from '../i18n/i18n.ts';
import type { MessageKey } from '../i18n/messages.types.ts';
import { densityOf } from '../state/hierarchy.model.ts';
import { GridPanel } from './GridPanel.tsx';
import { Stat } from './Stat.tsx';

/** The right-hand panel for whatever is focused: district figures, a street/community, or a grid. */
export function Panel() {
  const t = useT();
  const lang = useWall((s) => s.lang);
  const focus = useWall((s) => s.focus);
  const index = useWall((s) => s.index);
  const summary = useWall((s) => s.summary);
  if (!index || !summary) return null;
  const n = (v: number, digits = 0) => formatNumber(lang, v, digits);

  if (focus.level === 'grid') return <GridPanel />;

  if (focus.level === 'district') {
    return (
      <aside className="panel" data-testid="area-panel" data-level="district" data-id={focus.id}>
        <h2 className="panel-title">{areaName(lang, summary)}</h2>
        <div className="stats">
          <Stat label={t('stat.population')} value={n(summary.population)} />
          <Stat label={t('stat.households')} value={n(summary.households)} />
          <Stat label={t('stat.streets')} value={n(summary.streets)} />
          <Stat label={t('stat.communities')} value={n(summary.communities)} />
          <Stat label={t('stat.grids')} value={n(summary.grids)} testId="stat-grids" />
          <Stat label={t('stat.microGrids')} value={n(summary.microGrids)} />
          <Stat label={t('stat.buildings')} value={n(summary.buildings)} />
          <Stat label={t('stat.cameras')} value={n(summary.cameras)} />
          <Stat label={t('stat.staff')} value={n(summary.staff)} />
          <Stat label={t('stat.modelArea')} value={`${n(summary.modelAreaKm2, 1)} ${t('stat.areaUnit')}`} />
        </div>
      </aside>
    );
  }

  const unit = index.byId.get(focus.id) as Street | Community | undefined;
  if (!unit) return null;
  const children = index.children.get(unit.id) ?? [];
  const density = densityOf(unit);
  const childLevel = focus.level === 'street' ? 'community' : 'grid';
  const grids =
    focus.level === 'street'
      ? children.reduce((sum, c) => sum + (index.children.get(c.id)?.length ?? 0), 0)
      : children.length;
  return (
    <aside className="panel" data-testid="area-panel" data-level={focus.level} data-id={focus.id}>
      <div className="panel-kicker">{t(`kind.${unit.kind}` as MessageKey)}</div>
      <h2 className="panel-title">{areaName(lang, unit)}</h2>
      <div className="stats">
        <Stat label={t('stat.population')} value={n(unit.population)} />
        <Stat label={t('stat.households')} value={n(unit.households)} />
        <Stat label={t('stat.area')} value={`${n(unit.areaKm2, 2)} ${t('stat.areaUnit')}`} />
        <Stat label={t('stat.density')} value={density === null ? '—' : `${n(density)} ${t('metric.density.unit')}`} />
        <Stat label={t(`stat.children.${childLevel}`)} value={n(children.length)} testId="stat-children" />
        {focus.level === 'street' ? <Stat label={t('stat.grids')} value={n(grids)} /> : null}
      </div>
    </aside>
  );
}

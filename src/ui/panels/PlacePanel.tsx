import type { Place } from '../../domain/district.types.ts';
import { areaName, tOr } from '../../i18n/i18n.ts';
import { PLACE_STYLE } from '../../layers/places/places.style.ts';
import { useSelect, useSelection, useT, useWall } from '../wall-context.ts';

// The panel of a clicked place (地): its kind, name, street and grid, and whether it is an
// organization's site. The place itself comes with the selection (the places layer's data).

function isPlace(v: unknown): v is Place {
  const p = v as Place | undefined;
  return !!p && typeof p.id === 'string' && typeof p.name === 'string' && typeof p.kind === 'string';
}

export function PlacePanel({ id }: { id: string }) {
  const t = useT();
  const lang = useWall((s) => s.lang);
  const index = useWall((s) => s.index);
  const select = useSelect();
  const detail = useSelection()?.detail;
  if (!isPlace(detail) || detail.id !== id) return null;
  const place = detail;
  const style = PLACE_STYLE[place.kind];
  const street = index?.byId.get(place.streetId);
  const grid = index?.byId.get(place.gridId);
  return (
    <section className="live-panel" data-testid="place-panel" data-place-id={place.id}>
      <button
        type="button"
        className="live-panel-close"
        onClick={() => select(null)}
        aria-label={t('live.panel.close')}
      >
        ×
      </button>
      <div className="panel-kicker">
        {t('places.kicker')} · {place.id}
      </div>
      <h2 className="live-panel-title">{place.name}</h2>
      <div className="live-row">
        <span className="live-chip" style={{ borderColor: style?.color, color: style?.color }} data-testid="place-kind">
          {tOr(t, `places.kind.${place.kind}`, place.kind)}
        </span>
      </div>
      <dl className="live-dl">
        <dt>{t('places.street')}</dt>
        <dd>{street ? areaName(lang, street) : place.streetId}</dd>
        <dt>{t('places.grid')}</dt>
        <dd>{grid ? areaName(lang, grid) : place.gridId}</dd>
        <dt>{t('places.organization')}</dt>
        <dd>{place.organization ? t('places.organization.yes') : t('places.organization.no')}</dd>
      </dl>
    </section>
  );
}

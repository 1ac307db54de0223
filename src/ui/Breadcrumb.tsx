import { useMemo } from 'react';
import { useDispatch, useT, useWall } from './wall-context.ts';
import { areaName } from '../i18n/i18n.ts';
import { breadcrumbOf } from '../state/focus.model.ts';

export function Breadcrumb() {
  const t = useT();
  const lang = useWall((s) => s.lang);
  const focus = useWall((s) => s.focus);
  const index = useWall((s) => s.index);
  const dispatch = useDispatch();
  const crumbs = useMemo(() => breadcrumbOf(focus, index), [focus, index]);
  if (!index) return null;
  return (
    <nav
      className="breadcrumb"
      aria-label={t('nav.breadcrumb')}
      data-testid="breadcrumb"
      data-focus-level={focus.level}
      data-focus-id={focus.id}
    >
      <button
        type="button"
        className="back-button"
        data-testid="back-button"
        disabled={focus.level === 'district'}
        onClick={() => dispatch({ type: 'focus/back' })}
      >
        ← {t('nav.back')}
      </button>
      <ol>
        {crumbs.map((crumb, i) => {
          const last = i === crumbs.length - 1;
          return (
            <li
              key={crumb.id}
              data-testid={`crumb-${crumb.level}`}
              data-id={crumb.id}
              className={last ? 'current' : ''}
            >
              <span className="crumb-level">{t(`level.${crumb.level}`)}</span>
              {last ? (
                <span className="crumb-name" aria-current="location">
                  {areaName(lang, crumb)}
                </span>
              ) : (
                <button
                  type="button"
                  className="crumb-name"
                  onClick={() => dispatch({ type: 'focus/set', id: crumb.id })}
                >
                  {areaName(lang, crumb)}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

import { useEffect, useMemo, useState } from 'react';
import { useEngine, useStore, useT, useWall } from './wall-context.ts';

// The legend shares the right-hand column with the panel. At district level it is open; once an
// officer drills into a street, community or grid the panel is what they came for, so the legend
// folds into one line (a tap opens it) and the panel gets the height.

export function Legend() {
  const t = useT();
  const engine = useEngine();
  const store = useStore();
  const focus = useWall((s) => s.focus);
  const layers = useWall((s) => s.layers);
  const index = useWall((s) => s.index);
  const lang = useWall((s) => s.lang);
  // Legends depend on focus, layer options, data and language only, never on hover or the camera.
  // The slices are the triggers: the legends are read from the store's state whenever one of them changes.
  const legends = useMemo(
    () => (engine && index ? engine.legends(store.getState()) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [engine, store, focus, layers, index, lang],
  );
  // an explicit open/close holds until the focus moves
  const [choice, setChoice] = useState<boolean | null>(null);
  useEffect(() => setChoice(null), [focus.level, focus.id]);
  if (legends.length === 0) return null;
  const open = choice ?? focus.level === 'district';
  return (
    <aside
      className={`legend${open ? '' : ' legend-folded'}`}
      data-testid="legend"
      data-open={open}
      aria-label={t('legend.title')}
    >
      <button
        type="button"
        className="legend-toggle"
        data-testid="legend-toggle"
        aria-expanded={open}
        onClick={() => setChoice(!open)}
      >
        {t('legend.title')}
        <span aria-hidden="true">{open ? ' ▾' : ' ▸'}</span>
      </button>
      {open
        ? legends.map((legend) => (
            <section key={legend.layerId} className="legend-section" data-testid={`legend-${legend.layerId}`}>
              <h3>
                {legend.title}
                {legend.unit ? <span className="legend-unit">（{legend.unit}）</span> : null}
              </h3>
              <ul>
                {legend.items.map((item) => (
                  <li key={`${item.color}-${item.label}`}>
                    <span className="swatch" style={{ background: item.color }} />
                    {item.label}
                  </li>
                ))}
              </ul>
            </section>
          ))
        : null}
    </aside>
  );
}

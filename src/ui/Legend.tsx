import { useMemo } from 'react';
import { useEngine, useStore, useT, useWall } from '../app/wall-context.ts';

export function Legend() {
  const t = useT();
  const engine = useEngine();
  const store = useStore();
  const focus = useWall((s) => s.focus);
  const layers = useWall((s) => s.layers);
  const index = useWall((s) => s.index);
  const lang = useWall((s) => s.lang);
  // Legends depend on focus, layer options, data and language only, never on hover or the camera.
  const legends = useMemo(() => (engine && index ? engine.legends(store.getState()) : []), [engine, store, focus, layers, index, lang]);
  if (legends.length === 0) return null;
  return (
    <aside className="legend" data-testid="legend" aria-label={t('legend.title')}>
      {legends.map((legend) => (
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
      ))}
    </aside>
  );
}

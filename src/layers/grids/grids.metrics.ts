import type { AreaUnit } from '../../domain/district.types.ts';
import type { MessageKey } from '../../i18n/messages.types.ts';
import { densityOf } from '../../state/hierarchy.model.ts';

/**
 * Whatever else a metric may need besides the area itself. The live metrics (open / overdue
 * incidents per area) read their counts from here: the grid layer passes the live hub's area counts
 * (ctx.live.areaCounts); density needs nothing.
 */
export interface MetricContext {
  countsByArea?: ReadonlyMap<string, Readonly<Record<string, number>>>;
}

/** Metrics whose values come from the live feed (the grid layer recolours when their counts change). */
export function isLiveMetric(metric: GridMetric): boolean {
  return metric.id.startsWith('incidents');
}

export interface GridMetric {
  id: string;
  labelKey: MessageKey;
  unitKey: MessageKey;
  value(unit: AreaUnit, ctx: MetricContext): number | null;
  /** Low to high; one class per colour. */
  palette: readonly string[];
  /** 'quantile' spreads the areas of a level evenly over the classes; fixed breaks suit counts. */
  breaks: 'quantile' | readonly number[];
}

// Sequential, dark-background friendly: deep blue (sparse) to hot red (dense).
const HEAT = ['#1d4f91', '#1f8fa8', '#3bb273', '#e8c547', '#ee6c3b', '#e0303f'] as const;

export const METRICS: Record<string, GridMetric> = {
  density: {
    id: 'density',
    labelKey: 'metric.density',
    unitKey: 'metric.density.unit',
    value: (unit) => densityOf(unit),
    palette: HEAT,
    breaks: 'quantile',
  },
};

const countOf = (key: 'open' | 'overdue') => (unit: AreaUnit, ctx: MetricContext) =>
  ctx.countsByArea?.get(unit.id)?.[key] ?? 0;
// Counts of incidents: white-ish (none) to alarm red; fixed breaks so colours mean the same all day.
const ALARM = ['#23415f', '#3b82a6', '#e8c547', '#ee6c3b', '#e0303f'] as const;

METRICS['incidents-open'] = {
  id: 'incidents-open',
  labelKey: 'metric.incidentsOpen',
  unitKey: 'metric.incidents.unit',
  value: countOf('open'),
  palette: ALARM,
  breaks: [1, 3, 6, 10],
};
METRICS['incidents-overdue'] = {
  id: 'incidents-overdue',
  labelKey: 'metric.incidentsOverdue',
  unitKey: 'metric.incidents.unit',
  value: countOf('overdue'),
  palette: ALARM,
  breaks: [1, 2, 4, 8],
};

export const DEFAULT_METRIC = 'density';
export const NO_DATA_COLOR = '#5b6472';

export function metricOf(id: unknown): GridMetric {
  return (typeof id === 'string' && METRICS[id]) || METRICS[DEFAULT_METRIC];
}

/**
 * Rounds down to two significant figures so legend labels read as 1,100 rather than 1,187.43.
 * Down, never up: the area whose value set the break must still reach the class above it.
 */
export function niceRound(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const magnitude = 10 ** (Math.floor(Math.log10(Math.abs(value))) - 1);
  return Math.floor(value / magnitude + 1e-9) * magnitude;
}

/**
 * `classes - 1` ascending thresholds splitting the values into classes of about equal size.
 * Duplicate thresholds (many equal values) are dropped, so fewer classes may result.
 */
export function quantileBreaks(values: readonly number[], classes: number): number[] {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0 || classes < 2) return [];
  const breaks: number[] = [];
  for (let i = 1; i < classes; i++) {
    const b = niceRound(sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / classes))]);
    if (b > sorted[0] && (breaks.length === 0 || b > breaks[breaks.length - 1])) breaks.push(b);
  }
  return breaks;
}

/** Index of the class a value falls in: class i holds breaks[i-1] <= v < breaks[i]. */
export function classIndex(value: number, breaks: readonly number[]): number {
  let i = 0;
  while (i < breaks.length && value >= breaks[i]) i++;
  return i;
}

export interface ColourScale {
  metricId: string;
  breaks: number[];
  colors: string[];
  colorOf(value: number | null): string;
}

/** The scale for one level: computed over all the level's areas, so colours hold while drilling. */
export function colourScale(metric: GridMetric, units: readonly AreaUnit[], ctx: MetricContext): ColourScale {
  const values = units.map((u) => metric.value(u, ctx)).filter((v): v is number => v !== null && Number.isFinite(v));
  const breaks = metric.breaks === 'quantile' ? quantileBreaks(values, metric.palette.length) : [...metric.breaks];
  // With fewer breaks than the palette has room for, spread the classes over the whole ramp.
  const n = breaks.length + 1;
  const colors =
    n >= metric.palette.length
      ? [...metric.palette]
      : Array.from(
          { length: n },
          (_, i) =>
            metric.palette[
              n === 1 ? metric.palette.length - 1 : Math.round((i * (metric.palette.length - 1)) / (n - 1))
            ],
        );
  return {
    metricId: metric.id,
    breaks,
    colors,
    colorOf: (value) =>
      value === null || !Number.isFinite(value)
        ? NO_DATA_COLOR
        : colors[Math.min(colors.length - 1, classIndex(value, breaks))],
  };
}

/** Legend rows for a scale: "< 1,200", "1,200 – 3,400", …, "≥ 9,000". */
export function legendRows(scale: ColourScale, format: (v: number) => string): { color: string; label: string }[] {
  const { breaks, colors } = scale;
  if (breaks.length === 0) return [{ color: colors[colors.length - 1], label: '—' }];
  return colors.map((color, i) => {
    const label =
      i === 0
        ? `< ${format(breaks[0])}`
        : i === breaks.length
          ? `≥ ${format(breaks[i - 1])}`
          : `${format(breaks[i - 1])} – ${format(breaks[i])}`;
    return { color, label };
  });
}

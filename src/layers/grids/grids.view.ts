import type { AreaUnit } from '../../domain/district.types.ts';
import { childLevelOf, fillSetOf, type HierarchyIndex } from '../../state/hierarchy.model.ts';
import type { WallState } from '../../state/wall.model.ts';
import { layerState } from '../../state/wall.model.ts';
import { colourScale, metricOf, type ColourScale, type GridMetric, type MetricContext } from './grids.metrics.ts';

export type AreaLevelKey = 'street' | 'community' | 'grid';
export const AREA_LEVELS: readonly AreaLevelKey[] = ['street', 'community', 'grid'];

/** Everything the grid layer draws, derived from the state alone (so it is testable in Node). */
export interface GridsView {
  visible: boolean;
  metric: GridMetric;
  /** The level whose areas are filled, labelled and clickable. */
  fillLevel: AreaLevelKey;
  fillIds: ReadonlySet<string>;
  /** The focused area (outlined brightly); the district id at district level. */
  focusId: string;
  /** The focused grid, drawn as selected among its siblings. */
  selectedId: string | null;
  hoverId: string | null;
  /** Fill colour of every area of the fill level (whether shown or not), by id. */
  colors: ReadonlyMap<string, string>;
  scale: ColourScale;
}

export function unitsAt(index: HierarchyIndex, level: AreaLevelKey): readonly AreaUnit[] {
  return level === 'street' ? index.streets : level === 'community' ? index.communities : index.grids;
}

const scaleCache = new WeakMap<readonly AreaUnit[], Map<string, ColourScale>>();

/** Scales depend only on the level's data and the metric, so they are computed once per pair. */
function scaleFor(units: readonly AreaUnit[], metric: GridMetric, ctx: MetricContext): ColourScale {
  let byMetric = scaleCache.get(units);
  if (!byMetric) scaleCache.set(units, (byMetric = new Map()));
  let scale = byMetric.get(metric.id);
  if (!scale) byMetric.set(metric.id, (scale = colourScale(metric, units, ctx)));
  return scale;
}

const NO_COUNTS: NonNullable<MetricContext['countsByArea']> = new Map();
const viewCache = new WeakMap<WallState, WeakMap<object, GridsView | null>>();

/**
 * Memoised per state object and per counts map (the live counts are replaced, never mutated, when
 * they change): the layer, the legend, diagnostics and the input routing all ask for the same view.
 * Without a context the live metrics read no counts (their fill sets and scales are the same).
 */
export function gridsView(state: WallState, ctx: MetricContext = {}): GridsView | null {
  const key = ctx.countsByArea ?? NO_COUNTS;
  let byCounts = viewCache.get(state);
  if (!byCounts) viewCache.set(state, (byCounts = new WeakMap()));
  let view = byCounts.get(key);
  if (view === undefined) byCounts.set(key, (view = computeGridsView(state, ctx)));
  return view;
}

function computeGridsView(state: WallState, ctx: MetricContext): GridsView | null {
  const index = state.index;
  if (!index) return null;
  const layer = layerState(state, 'grids');
  const metric = metricOf(layer.options.metric);
  const fillLevel = deeperLevel(childLevelOf(state.focus.level), layer.options.level);
  const units = unitsAt(index, fillLevel);
  const scale = scaleFor(units, metric, ctx);
  const colors = new Map<string, string>();
  for (const unit of units) colors.set(unit.id, scale.colorOf(metric.value(unit, ctx)));
  const fillIds = new Set(
    fillLevel === childLevelOf(state.focus.level)
      ? fillSetOf(index, state.focus).map((u) => u.id)
      : descendantIds(units, state.focus.level === 'district' ? null : state.focus.id),
  );
  return {
    visible: layer.visible,
    metric,
    fillLevel,
    fillIds,
    focusId: state.focus.id,
    selectedId: state.focus.level === 'grid' ? state.focus.id : null,
    hoverId: state.hover && fillIds.has(state.hover) ? state.hover : null,
    colors,
    scale,
  };
}

/** A scene may ask for a finer level than the focus implies (e.g. every community district-wide). */
export function deeperLevel(level: AreaLevelKey, requested: unknown): AreaLevelKey {
  const i = AREA_LEVELS.indexOf(requested as AreaLevelKey);
  return i > AREA_LEVELS.indexOf(level) ? AREA_LEVELS[i] : level;
}

function descendantIds(units: readonly AreaUnit[], ancestorId: string | null): string[] {
  if (ancestorId === null) return units.map((u) => u.id);
  return units.filter((u) => u.id.startsWith(`${ancestorId}-`)).map((u) => u.id);
}

/**
 * Outline levels shown district-wide for a camera height (metres): community and grid boundaries
 * appear as the camera comes down, whatever the focus.
 */
export function outlineLevelsForHeight(heightM: number): Set<AreaLevelKey> {
  const levels = new Set<AreaLevelKey>(['street']);
  if (heightM < 25_000) levels.add('community');
  if (heightM < 6_000) levels.add('grid');
  return levels;
}

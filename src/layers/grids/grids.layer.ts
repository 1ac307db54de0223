import {
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  Material,
  PolylineCollection,
  SceneTransforms,
  ShowGeometryInstanceAttribute,
} from 'cesium';
import { areaName, formatNumber, type Translate } from '../../i18n/i18n.ts';
import { ancestorAt } from '../../state/area-id.ts';
import { clickTarget } from '../../state/focus.model.ts';
import type { HierarchyIndex } from '../../state/hierarchy.model.ts';
import type { WallState } from '../../state/wall.model.ts';
import type { LayerContext, LayerDiagnostics, LegendEntry, PickHit, WallLayer } from '../layer.types.ts';
import { areaScreenCandidates, declutterLabels, LABEL_HEIGHT, LABEL_PX, labelOptions } from './grids.labels.ts';
import { isLiveMetric, legendRows, type MetricContext } from './grids.metrics.ts';
import {
  AREA_LEVELS,
  gridsView,
  outlineLevelsForHeight,
  unitsAt,
  type AreaLevelKey,
  type GridsView,
} from './grids.view.ts';
import {
  buildLevel,
  FILL_ALPHA,
  LINE_HEIGHT,
  TERRAIN_LINE_LIFT,
  toPositions,
  validRing,
  type LevelPrimitives,
} from './grids.geometry.ts';
import { drapedLine } from '../shared/ground-drape.ts';

const FOCUS_OUTLINE = Color.fromCssColorString('#37f0ff');
const HOVER_ALPHA = 0.8;
const SELECTED_ALPHA = 0.72;

/** Streets, communities and grids as filled, outlined, labelled areas coloured by a metric. */
export class GridsLayer implements WallLayer {
  readonly id = 'grids';
  private ctx: LayerContext | null = null;
  private index: HierarchyIndex | null = null;
  private levels = new Map<AreaLevelKey, LevelPrimitives>();
  private focusOutline: PolylineCollection | null = null;
  private view: GridsView | null = null;
  private lastState: WallState | null = null;
  private visible = true;
  private needsAttributeSync = false;
  private outlineLevels = outlineLevelsForHeight(Infinity);
  private errors: string[] = [];
  private removeListeners: (() => void)[] = [];
  private lang: WallState['lang'] = 'zh-CN';
  /** Live area counts the colours were last computed from (incident metrics only). */
  private countsSeen: MetricContext['countsByArea'] = undefined;
  private unsubscribeCounts: (() => void) | null = null;
  /** A street hall's wall at district focus: its street (areas outside it are dimmed context), or '' */
  private contextFor = '';

  create(ctx: LayerContext): void {
    this.ctx = ctx;
    const { scene } = ctx;
    this.focusOutline = scene.primitives.add(new PolylineCollection());
    // Per-instance attributes can only be written once the worker-built geometry is ready.
    this.removeListeners.push(scene.preRender.addEventListener(() => this.syncAttributesIfReady()));
    const camera = scene.camera;
    camera.percentageChanged = 0.05;
    this.removeListeners.push(camera.changed.addEventListener(() => this.onCameraChanged()));
    // Decluttering needs the final view, so it runs when a move (or a flight) ends, not per frame.
    this.removeListeners.push(camera.moveEnd.addEventListener(() => this.declutter()));
  }

  update(state: WallState): void {
    const prev = this.lastState;
    this.lastState = state;
    if (!state.index) return;
    if (state.index !== this.index) this.build(state.index, state.lang);
    if (prev && prev.lang !== state.lang) this.relabel(state.lang);
    const counts = this.ctx?.live.areaCounts.counts;
    const view = gridsView(state, { countsByArea: counts });
    if (!view) return;
    const old = this.view;
    this.view = view;
    const live = isLiveMetric(view.metric);
    this.followCounts(live);
    const countsChanged = live && counts !== this.countsSeen;
    this.countsSeen = counts;
    if (!old || old.focusId !== view.focusId || old.fillLevel !== view.fillLevel) this.drawFocusOutline(view.focusId);
    const changed =
      !old ||
      old.focusId !== view.focusId ||
      old.hoverId !== view.hoverId ||
      old.fillLevel !== view.fillLevel ||
      old.metric !== view.metric ||
      old.visible !== view.visible ||
      countsChanged;
    // A street hall's wall drilled up to the district: its street stays lit, the other streets are
    // dimmed context (the same rule the buildings follow); the token's scope is known once live.
    const scope = this.ctx?.live.current()?.client.scope;
    const contextFor = state.focus.level === 'district' && scope && scope !== 'district' ? scope : '';
    const contextChanged = contextFor !== this.contextFor;
    this.contextFor = contextFor;
    if (changed || contextChanged) {
      this.needsAttributeSync = true;
      this.applyVisibility();
      this.syncAttributesIfReady();
    }
    this.ctx?.requestRender();
  }

  /** Listens to the live area counts only while an incident metric colours the areas. */
  private followCounts(on: boolean) {
    const feed = this.ctx?.live.areaCounts;
    if (on && !this.unsubscribeCounts && feed) {
      // Set before subscribing: the feed may publish (and so call update) inside subscribe.
      let off: (() => void) | null = null;
      this.unsubscribeCounts = () => off?.();
      off = feed.subscribe(() => {
        if (this.lastState) this.update(this.lastState);
      });
    } else if (!on && this.unsubscribeCounts) {
      this.unsubscribeCounts();
      this.unsubscribeCounts = null;
    }
  }

  /** Input router: a click on an area (or a building of it) drills into what was clicked. */
  onClick(hit: PickHit): void {
    const state = this.lastState;
    const view = this.view;
    if (!state?.index || !view || !this.ctx) return;
    const target = clickTarget(state.index, state.focus, hit.id, view.fillLevel, view.fillIds);
    if (target) this.ctx.dispatch({ type: 'focus/drill', id: target });
  }

  /** Input router: the area under the pointer is hovered (highlighted, pointer cursor). */
  onHover(hit: PickHit | null): void {
    const state = this.lastState;
    const view = this.view;
    if (!state || !view || !this.ctx) return;
    const id = hit ? ancestorAt(hit.id, view.fillLevel) : null;
    const hover = id && view.fillIds.has(id) ? id : null;
    this.ctx.scene.canvas.style.cursor = hover ? 'pointer' : '';
    if (hover !== state.hover) this.ctx.dispatch({ type: 'hover', id: hover });
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.applyVisibility();
    this.ctx?.requestRender();
  }

  legend(state: WallState, t: Translate): LegendEntry | null {
    const view = this.view ?? gridsView(state);
    if (!view) return null;
    return {
      layerId: this.id,
      title: `${t(view.metric.labelKey)} · ${t(`level.${view.fillLevel}`)}`,
      unit: t(view.metric.unitKey),
      items: legendRows(view.scale, (v) => formatNumber(state.lang, v)),
    };
  }

  pick(picked: unknown): PickHit | null {
    const id = (picked as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || !this.index?.byId.has(id)) return null;
    return { layerId: this.id, id };
  }

  screenCandidatesOf(id: string): { x: number; y: number }[] {
    const unit = this.index?.byId.get(id);
    if (!unit || !this.ctx || unit.level === 'district') return [];
    return areaScreenCandidates(this.ctx.scene, unit, this.ctx.ground);
  }

  screenPositionOf(id: string): { x: number; y: number } | null {
    const unit = this.index?.byId.get(id);
    if (!unit || !this.ctx) return null;
    const world = Cartesian3.fromDegrees(
      unit.center[0],
      unit.center[1],
      LABEL_HEIGHT + this.ctx.ground.at(unit.center[0], unit.center[1]),
    );
    const win = SceneTransforms.worldToWindowCoordinates(this.ctx.scene, world);
    return win ? { x: win.x, y: win.y } : null;
  }

  diagnostics(): LayerDiagnostics {
    const fill = this.view ? this.levels.get(this.view.fillLevel)?.fill : null;
    const settled =
      this.index === null ? this.lastState?.status === 'error' : Boolean(fill?.ready) && !this.needsAttributeSync;
    return {
      count: this.view?.fillIds.size ?? 0,
      visible: this.visible && (this.view?.visible ?? true),
      settled,
      errors: [...this.errors],
      extra: {
        level: this.view?.fillLevel ?? '',
        metric: this.view?.metric.id ?? '',
        areas: this.index ? this.index.streets.length + this.index.communities.length + this.index.grids.length : 0,
        contextFor: this.contextFor,
      },
    };
  }

  destroy(): void {
    this.followCounts(false);
    for (const remove of this.removeListeners) remove();
    this.removeListeners = [];
    this.clearLevels();
    if (this.focusOutline && this.ctx) this.ctx.scene.primitives.remove(this.focusOutline);
    this.focusOutline = null;
    this.ctx = null;
  }

  private report(message: string) {
    if (this.errors.length < 20) this.errors.push(message);
    this.ctx?.reportError(message);
  }

  private clearLevels() {
    const primitives = this.ctx?.scene.primitives;
    for (const level of this.levels.values()) {
      if (!primitives) continue;
      if (level.fill) primitives.remove(level.fill);
      primitives.remove(level.outlines);
      primitives.remove(level.labels);
    }
    this.levels.clear();
  }

  private build(index: HierarchyIndex, lang: WallState['lang']) {
    this.clearLevels();
    this.index = index;
    this.lang = lang;
    const primitives = this.ctx!.scene.primitives;
    for (const level of AREA_LEVELS) {
      const { prims, skipped } = buildLevel(primitives, unitsAt(index, level), level, this.ctx!.ground);
      if (skipped > 0) this.report(`grids: skipped ${skipped} ${level} areas with invalid polygons`);
      this.levels.set(level, prims);
    }
    // Keep the focus outline and labels above the fills.
    if (this.focusOutline) primitives.raiseToTop(this.focusOutline);
    for (const level of this.levels.values()) primitives.raiseToTop(level.labels);
  }

  private addLabel(prims: LevelPrimitives, level: AreaLevelKey, id: string) {
    const unit = this.index?.byId.get(id);
    if (!unit || !Array.isArray(unit.center) || !Number.isFinite(unit.center[0]) || !Number.isFinite(unit.center[1]))
      return;
    const label = prims.labels.add(labelOptions(unit, level, this.lang, this.ctx?.ground));
    label.show = true;
    prims.labelById.set(id, label);
  }

  private relabel(lang: WallState['lang']) {
    if (!this.index || lang === this.lang) return;
    this.lang = lang;
    for (const level of this.levels.values()) {
      for (const [id, label] of level.labelById) label.text = areaName(lang, this.index.byId.get(id));
    }
    this.declutter();
  }

  /**
   * Hides fill-level labels that would overlap a more important one (more people first), so the
   * dense urban core does not turn into a pile of text. Cheap: a few dozen labels per view.
   */
  private declutter() {
    const view = this.view;
    const ctx = this.ctx;
    const index = this.index;
    if (!view || !ctx || !index) return;
    const prims = this.levels.get(view.fillLevel);
    if (!prims) return;
    const ids = [...view.fillIds].sort(
      (a, b) => (index.byId.get(b)?.population ?? 0) - (index.byId.get(a)?.population ?? 0),
    );
    declutterLabels(ctx.scene, prims.labelById, ids, LABEL_PX[view.fillLevel]);
    ctx.requestRender();
  }

  private drawFocusOutline(focusId: string) {
    const collection = this.focusOutline;
    if (!collection || !this.index) return;
    collection.removeAll();
    const unit = this.index.byId.get(focusId);
    if (!unit || unit.level === 'district') return;
    for (const ring of unit.polygon.slice(0, 1)) {
      if (!validRing(ring)) continue;
      const ground = this.ctx?.ground;
      const positions = ground?.terrain
        ? drapedLine(ground, ring, TERRAIN_LINE_LIFT + 1)
        : toPositions(ring, LINE_HEIGHT + 1);
      collection.add({ positions, width: 5, material: Material.fromType('Color', { color: FOCUS_OUTLINE }) });
    }
  }

  private onCameraChanged() {
    const ctx = this.ctx;
    if (!ctx) return;
    const height = ctx.scene.camera.positionCartographic.height;
    const next = outlineLevelsForHeight(height);
    if ([...next].join() === [...this.outlineLevels].join()) return;
    this.outlineLevels = next;
    this.applyVisibility();
    ctx.requestRender();
  }

  /** Cheap whole-collection switches: which level's fills, outlines and labels are on. */
  private applyVisibility() {
    const view = this.view;
    const on = this.visible && (view?.visible ?? true);
    if (this.focusOutline) this.focusOutline.show = on;
    for (const [level, prims] of this.levels) {
      const isFill = view?.fillLevel === level;
      if (prims.fill) prims.fill.show = on && isFill;
      prims.outlines.show = on && (isFill || this.outlineLevels.has(level));
      prims.labels.show = on && isFill;
      if (isFill && view) {
        for (const [id, label] of prims.labelById) label.show = view.fillIds.has(id);
        // Labels are made on first use: glyph rasterising for 1,700 names up front is wasted work.
        for (const id of view.fillIds) if (!prims.labelById.has(id)) this.addLabel(prims, level, id);
      }
    }
    this.declutter();
  }

  /** Writes colour and show per instance of the fill level, in place (no geometry rebuild). */
  private syncAttributesIfReady() {
    const view = this.view;
    if (!this.needsAttributeSync || !view) return;
    const prims = this.levels.get(view.fillLevel);
    const fill = prims?.fill;
    if (!prims || !fill) {
      this.needsAttributeSync = false;
      return;
    }
    if (!fill.ready) return;
    try {
      const scratch = new Color();
      for (const id of prims.ids) {
        const attributes = fill.getGeometryInstanceAttributes(id);
        if (!attributes) continue;
        const shown = view.fillIds.has(id);
        attributes.show = ShowGeometryInstanceAttribute.toValue(shown, attributes.show);
        if (!shown) continue;
        const alpha = id === view.hoverId ? HOVER_ALPHA : id === view.selectedId ? SELECTED_ALPHA : FILL_ALPHA;
        let color = Color.fromCssColorString(view.colors.get(id) ?? '#5b6472', scratch).withAlpha(alpha, scratch);
        if (id === view.hoverId) color = Color.lerp(color, Color.WHITE, 0.35, scratch);
        if (this.contextFor && this.index && streetOfArea(this.index, id) !== this.contextFor) {
          color = Color.lerp(color, CONTEXT_GREY, 0.7, scratch).withAlpha(alpha * CONTEXT_ALPHA, scratch);
        }
        attributes.color = ColorGeometryInstanceAttribute.toValue(color, attributes.color);
      }
    } catch (err) {
      this.report(`grids: attribute update failed: ${(err as Error).message}`);
    }
    this.needsAttributeSync = false;
    this.ctx?.requestRender();
  }
}

export const gridsLayer = (): WallLayer => new GridsLayer();

const CONTEXT_GREY = Color.fromCssColorString('#3a4250');
const CONTEXT_ALPHA = 0.35;

/** The street an area belongs to (itself for a street), through its parents in the index. */
function streetOfArea(index: HierarchyIndex, id: string): string | null {
  let unit = index.byId.get(id);
  for (let up = 0; unit && up < 5; up++) {
    if (unit.level === 'street') return unit.id;
    unit = unit.parentId ? index.byId.get(unit.parentId) : undefined;
  }
  return null;
}

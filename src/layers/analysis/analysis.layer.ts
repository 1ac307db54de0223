import type { LngLat } from '../../domain/district.types.ts';
import type { Translate } from '../../i18n/i18n.ts';
import type { LiveRuntime } from '../../live/live-hub.ts';
import { relayNow } from '../../live/live-store.ts';
import { layerState, type WallState } from '../../state/wall.model.ts';
import { incidentSource } from '../shared/incident-source.ts';
import type { LayerContext, LegendEntry, PickHit } from '../layer.types.ts';
import { LiveLayer } from '../shared/live-layer.base.ts';
import { AnalysisDeck, DENSITY_COLORS } from './analysis.deck.ts';

// deck.gl analysis over the 3D city: incident density (hexagons, last hours) and dispatch arcs.
// Layer options (from a scene): windowHours, hexRadiusM, density (bool), arcs (bool).

class AnalysisLayer extends LiveLayer {
  readonly id = 'analysis';
  private deck: AnalysisDeck | null = null;
  /** The district centre from the district summary: the local frame's origin (build waits for it). */
  private origin: LngLat | null = null;
  private optionsSeen: unknown = null;

  override update(state: WallState): void {
    if (state.summary) this.origin = state.summary.center;
    super.update(state);
    const o = layerState(state, this.id).options;
    if (o !== this.optionsSeen && this.deck) {
      this.optionsSeen = o;
      const num = (v: unknown, d: number, lo: number, hi: number) =>
        typeof v === 'number' && v >= lo && v <= hi ? v : d;
      this.deck.setOptions({
        windowHours: num(o.windowHours, 6, 0.5, 72),
        hexRadiusM: num(o.hexRadiusM, 250, 50, 2000),
        showDensity: o.density !== false,
        showArcs: o.arcs !== false,
      });
    }
  }

  protected override canBuild(): boolean {
    return this.origin !== null;
  }

  protected build(rt: LiveRuntime, ctx: LayerContext): void {
    const store = rt.client.store;
    this.deck = new AnalysisDeck(
      ctx.scene,
      this.origin!,
      incidentSource(store.incidents),
      store.staff,
      (m) => this.note(m),
      ctx.ground,
    );
  }

  protected frame(nowMs: number): boolean {
    if (!this.deck || !this.rt) return false;
    this.deck.setGreyed(this.frozen());
    this.deck.frameUpdate(nowMs, relayNow(this.rt.client.store, nowMs));
    return false;
  }

  protected applyVisible(visible: boolean): void {
    this.deck?.setVisible(visible);
  }

  protected teardown(): void {
    this.deck?.destroy();
    this.deck = null;
  }

  count(): number {
    return this.deck?.count ?? 0;
  }

  protected override extra(): Record<string, number | string | boolean> {
    const d = this.deck;
    return d
      ? { densityPoints: d.hexPoints, arcs: d.arcCount, deckFrames: d.overlay.frames, deckErrors: d.overlay.errors }
      : {};
  }

  /** For tests and the ADR's claim: worst pixel disagreement between Cesium and deck right now. */
  registerError(points: [number, number, number][]): number {
    return this.deck?.overlay.checkRegister(points).maxErrorPx ?? NaN;
  }

  legend(_state: WallState, t: Translate): LegendEntry | null {
    const stops = DENSITY_COLORS.map(([r, g, b]) => `rgb(${r},${g},${b})`);
    return {
      layerId: this.id,
      title: t('analysis.legend.title'),
      items: [
        { color: stops[0], label: t('analysis.legend.few') },
        { color: stops[stops.length - 1], label: t('analysis.legend.many') },
        { color: '#ffa62b', label: t('analysis.legend.dispatch') },
      ],
    };
  }

  protected hitOf(_picked: unknown): PickHit | null {
    return null;
  }

  protected worldPositionOf(): null {
    return null;
  }
}

export const analysisLayer = () => new AnalysisLayer();

import type { Translate } from '../../i18n/i18n.ts';
import { relayNow } from '../../live/live-store.ts';
import { layerState, type WallState } from '../../state/wall.model.ts';
import { LiveLayer } from '../shared/live-layer.base.ts';
import type { LiveRuntime } from '../../live/live-runtime.ts';
import type { LiveSelection } from '../../state/selection.store.ts';
import { incidentSource } from '../incidents/incidents.layer.ts';
import type { LayerContext, LegendEntry } from '../layer.types.ts';
import { AnalysisDeck, DENSITY_COLORS } from './analysis.deck.ts';

// deck.gl analysis over the 3D city: incident density (hexagons, last hours) and dispatch arcs.
// Layer options (from a scene): windowHours, hexRadiusM, density (bool), arcs (bool).

class AnalysisLayer extends LiveLayer {
  readonly id = 'analysis';
  private deck: AnalysisDeck | null = null;
  /** The district centre once the summary is in (the local frame's origin); null until then. */
  private origin: [number, number] | null = null;
  private optionsSeen: unknown = null;

  override update(state: WallState): void {
    super.update(state);
    if (state.summary) this.origin = state.summary.center;
    const o = layerState(state, this.id).options;
    if (o !== this.optionsSeen && this.deck) {
      this.optionsSeen = o;
      const num = (v: unknown, d: number, lo: number, hi: number) => (typeof v === 'number' && v >= lo && v <= hi ? v : d);
      this.deck.setOptions({
        windowHours: num(o.windowHours, 6, 0.5, 72),
        hexRadiusM: num(o.hexRadiusM, 250, 50, 2000),
        showDensity: o.density !== false,
        showArcs: o.arcs !== false,
      });
    }
  }

  protected build(rt: LiveRuntime, ctx: LayerContext): void {
    const store = rt.client.store;
    this.deck = new AnalysisDeck(ctx.scene, (this.origin ?? rt.cameras[0]?.position ?? [108.77, 29.53]), incidentSource(store.incidents), store.staff, (m) => this.note(m));
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
    return d ? { densityPoints: d.hexPoints, arcs: d.arcCount, deckFrames: d.overlay.frames, deckErrors: d.overlay.errors } : {};
  }

  /** For tests and the ADR's claim: worst pixel disagreement between Cesium and deck right now. */
  registerError(points: [number, number, number][]): number {
    return this.deck?.overlay.checkRegister(points).maxErrorPx ?? NaN;
  }

  legend(state: WallState, _t: Translate): LegendEntry | null {
    const en = state.lang === 'en';
    const stops = DENSITY_COLORS.map(([r, g, b]) => `rgb(${r},${g},${b})`);
    return {
      layerId: this.id,
      title: en ? 'Incident density & dispatch arcs' : '事件密度与派遣弧线',
      items: [
        { color: stops[0], label: en ? 'few' : '少' },
        { color: stops[stops.length - 1], label: en ? 'many' : '多' },
        { color: '#ffa62b', label: en ? 'dispatch: staff → incident' : '派遣：人员 → 事件' },
      ],
    };
  }

  protected pickSelection(_picked: unknown): LiveSelection {
    return null;
  }

  protected worldPositionOf(): null {
    return null;
  }
}

export const analysisLayer = () => new AnalysisLayer();

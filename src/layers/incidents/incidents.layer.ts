import type { Cartesian3 } from 'cesium';
import type { Translate } from '../../i18n/i18n.ts';
import { relayNow } from '../../live/live-store.ts';
import type { WallState } from '../../state/wall.model.ts';

const COUNTS_MS = 3000;
import { LiveLayer } from '../shared/live-layer.base.ts';
import type { LiveRuntime } from '../../live/live-runtime.ts';
import type { LiveSelection } from '../../state/selection.store.ts';
import type { LayerContext, LegendEntry } from '../layer.types.ts';
import { TIMING_LABELS } from './incidents.countdown.ts';
import { countsByArea, type IncidentsModel } from '../../live/models/incidents.model.ts';
import { setLiveAreaCounts } from '../grids/grids.metrics.ts';
import { layerState } from '../../state/wall.model.ts';
import { IncidentPrimitives, type IncidentSource } from './incidents.primitives.ts';
import { TIMING_CSS } from './incidents.style.ts';
import { OnScreenProbe } from '../shared/on-screen-probe.ts';

// Open incidents: markers by category and priority, target-state ring, stage + countdown label.

export function incidentSource(m: IncidentsModel): IncidentSource {
  return {
    get version() {
      return m.version;
    },
    incidents: m.byId,
    firstSeenLive: (id) => {
      const until = m.newUntil.get(id);
      return until === undefined ? undefined : until - m.pulseMs;
    },
  };
}

class IncidentsLayer extends LiveLayer {
  readonly id = 'incidents';
  private prims: IncidentPrimitives | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private gridsMetric = '';
  private nextCountsAt = 0;
  private countsSig = '';
  private countsRev = 0;

  protected build(rt: LiveRuntime, ctx: LayerContext): void {
    this.prims = new IncidentPrimitives(ctx.scene, incidentSource(rt.client.store.incidents));
    // Countdowns tick once a second even when nothing else asks for a frame.
    this.timer = setInterval(() => ctx.requestRender(), 1000);
  }

  override update(state: WallState): void {
    super.update(state);
    const metric = layerState(state, 'grids').options.metric;
    this.gridsMetric = typeof metric === 'string' ? metric : '';
  }

  /**
   * Feeds the grid layer's "open / overdue incidents" metrics: counts per area, pushed when they
   * change (checked every few seconds: overdue also changes with the clock), and a grids option bump
   * so the grid colours are recomputed only while such a metric is shown.
   */
  private pushAreaCounts(nowMs: number): void {
    if (!this.rt || nowMs < this.nextCountsAt) return;
    this.nextCountsAt = nowMs + COUNTS_MS;
    const store = this.rt.client.store;
    const counts = countsByArea(store.incidents, relayNow(store, nowMs));
    let sig = '';
    for (const [id, c] of [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) sig += `${id}:${c.open}/${c.overdue},`;
    if (sig === this.countsSig) return;
    this.countsSig = sig;
    setLiveAreaCounts(counts as unknown as ReadonlyMap<string, Record<string, number>>);
    if (this.gridsMetric.startsWith('incidents')) this.ctx?.dispatch({ type: 'layer/set', id: 'grids', options: { liveRev: ++this.countsRev } });
  }

  protected frame(nowMs: number): boolean {
    this.pushAreaCounts(nowMs);
    const prims = this.prims;
    if (!prims || !this.rt) return false;
    prims.setGreyed(this.frozen());
    prims.setLang(this.lang === 'en' ? 'en' : 'zh-CN');
    prims.frame(nowMs, relayNow(this.rt.client.store, nowMs));
    return prims.pulsingCount > 0;
  }

  protected applyVisible(visible: boolean): void {
    this.prims?.setVisible(visible);
  }

  protected teardown(): void {
    if (this.timer) clearInterval(this.timer);
    this.prims?.destroy();
    this.prims = null;
  }

  count(): number {
    return this.prims?.count ?? 0;
  }

  protected override extra() {
    return { pulsing: this.prims?.pulsingCount ?? 0, ...this.onScreen() };
  }

  // An open incident in the middle of the map: at most 500 looked at, once a second.
  private readonly probe = new OnScreenProbe(1000, [0.2, 0.25, 0.5, 0.75]);

  private onScreen() {
    return this.probeOnScreen(this.probe, function* (rt) {
      let n = 0;
      for (const [id, inc] of rt.client.store.incidents.byId) {
        if (inc.status === 'closed') continue;
        if (++n > 500) return;
        yield id;
      }
    });
  }

  legend(state: WallState, _t: Translate): LegendEntry | null {
    const en = state.lang === 'en';
    return {
      layerId: this.id,
      title: en ? 'Open incidents (ring: response target)' : '在办事件（外圈：响应时限）',
      items: (['on-time', 'at-risk', 'overdue'] as const).map((k) => ({ color: TIMING_CSS[k], label: TIMING_LABELS[k][en ? 'en' : 'zh'] })),
    };
  }

  protected pickSelection(picked: unknown): LiveSelection {
    const id = this.prims?.pick(picked);
    return id ? { kind: 'incident', id } : null;
  }

  protected worldPositionOf(id: string): Cartesian3 | null {
    return this.prims?.positionOf(id) ?? null;
  }
}

export const incidentsLayer = () => new IncidentsLayer();

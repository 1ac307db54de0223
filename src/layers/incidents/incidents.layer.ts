import type { Cartesian3 } from 'cesium';
import type { Translate } from '../../i18n/i18n.ts';
import type { LiveRuntime } from '../../live/live-hub.ts';
import { relayNow } from '../../live/live-store.ts';
import { FilteredIncidents, readLayerFilter } from '../../scenes/layer-filter.ts';
import { layerState, type WallState } from '../../state/wall.model.ts';
import type { LayerContext, LegendEntry, PickHit } from '../layer.types.ts';
import { LiveLayer } from '../shared/live-layer.base.ts';
import { OnScreenProbe } from '../shared/on-screen-probe.ts';
import { IncidentPrimitives } from './incidents.primitives.ts';
import { incidentSource } from '../shared/incident-source.ts';
import { TIMING_CSS } from './incidents.style.ts';

// Open incidents: markers by category and priority, target-state ring, stage + countdown label.

class IncidentsLayer extends LiveLayer {
  readonly id = 'incidents';
  private prims: IncidentPrimitives | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** the scene's filter ("overdue only", categories…) over the live incidents */
  private filtered: FilteredIncidents | null = null;
  private filterOption: unknown = undefined;

  protected build(rt: LiveRuntime, ctx: LayerContext): void {
    const all = incidentSource(rt.client.store.incidents);
    const filtered = new FilteredIncidents(all);
    filtered.setFilter(readLayerFilter({ filter: this.filterOption }));
    this.filtered = filtered;
    const source = {
      get version() {
        return filtered.version;
      },
      get incidents() {
        return filtered.incidents;
      },
      firstSeenLive: (id: string) => all.firstSeenLive(id),
    };
    this.prims = new IncidentPrimitives(ctx.scene, source, ctx.ground);
    // Countdowns tick once a second even when nothing else asks for a frame.
    this.timer = setInterval(() => ctx.requestRender(), 1000);
  }

  override update(state: WallState): void {
    super.update(state);
    const option = layerState(state, this.id).options.filter;
    if (option !== this.filterOption) {
      this.filterOption = option;
      if (this.filtered?.setFilter(readLayerFilter({ filter: option }))) this.ctx?.requestRender();
    }
  }

  protected frame(nowMs: number): boolean {
    const prims = this.prims;
    if (!prims || !this.rt) return false;
    prims.setGreyed(this.frozen());
    prims.setLang(this.lang);
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

  legend(_state: WallState, t: Translate): LegendEntry | null {
    return {
      layerId: this.id,
      title: t('incidents.legend.title'),
      items: (['on-time', 'at-risk', 'overdue'] as const).map((k) => ({
        color: TIMING_CSS[k],
        label: t(`incident.timing.${k}`),
      })),
    };
  }

  protected hitOf(picked: unknown): PickHit | null {
    const id = this.prims?.pick(picked);
    return id ? { layerId: this.id, id, kind: 'incident' } : null;
  }

  protected worldPositionOf(id: string): Cartesian3 | null {
    return this.prims?.positionOf(id) ?? null;
  }
}

export const incidentsLayer = () => new IncidentsLayer();

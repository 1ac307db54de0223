import type { Cartesian3 } from 'cesium';
import type { LngLat, Street } from '../../domain/district.types.ts';
import type { Translate } from '../../i18n/i18n.ts';
import type { LiveRuntime } from '../../live/live-hub.ts';
import type { DirtySet } from '../../live/live-signals.ts';
import { setStaffSelected, STAFF_CLASS } from '../../live/models/staff.model.ts';
import type { WallState } from '../../state/wall.model.ts';
import type { LayerContext, LegendEntry, PickHit } from '../layer.types.ts';
import { LiveLayer } from '../shared/live-layer.base.ts';
import { StaffPrimitives } from './staff.primitives.ts';
import { STAFF_CLASS_CSS } from './staff.style.ts';
import { StaleStreets, type StreetLag } from './stale-streets.primitives.ts';

// Field staff (target 10,000 moving) plus the feed health of their streets.

class StaffLayer extends LiveLayer {
  readonly id = 'staff';
  private prims: StaffPrimitives | null = null;
  private stale: StaleStreets | null = null;
  private streets: readonly Street[] = [];
  /** The district centre from the district summary: the local frame's origin (build waits for it). */
  private origin: LngLat | null = null;
  private selected: string | null = null;
  private unsubscribeUi: (() => void) | null = null;
  private nextStaleAt = 0;

  override update(state: WallState): void {
    if (state.summary) this.origin = state.summary.center;
    if (state.index) this.streets = state.index.streets;
    super.update(state);
  }

  protected override canBuild(): boolean {
    return this.origin !== null;
  }

  protected build(rt: LiveRuntime, ctx: LayerContext): void {
    const store = rt.client.store;
    this.prims = new StaffPrimitives(
      ctx.scene,
      store.staff,
      this.origin!,
      (id) => store.incidents.byId.get(id)?.position ?? null,
      ctx.ground,
    );
    this.stale = new StaleStreets(ctx.scene, ctx.ground);
    this.unsubscribeUi = ctx.selection.subscribe(() => this.guard('select', () => this.syncSelection()));
  }

  private syncSelection(): void {
    const store = this.rt?.client.store;
    if (!store || !this.ctx) return;
    const sel = this.ctx.selection.selection;
    const next = sel?.kind === 'staff' ? sel.id : null;
    if (next === this.selected) return;
    if (this.selected) setStaffSelected(store.staff, this.selected, false);
    if (next) setStaffSelected(store.staff, next, true);
    this.selected = next;
    this.ctx?.requestRender();
  }

  protected override onDirty(dirty: DirtySet): void {
    if (dirty.has('streets') || dirty.has('connection')) this.nextStaleAt = 0;
  }

  protected frame(nowMs: number): boolean {
    const prims = this.prims;
    if (!prims || !this.rt) return false;
    prims.setGreyed(this.frozen());
    prims.frame(nowMs);
    if (nowMs >= this.nextStaleAt && this.stale) {
      this.nextStaleAt = nowMs + 1000;
      const store = this.rt.client.store;
      const stale = new Map<string, StreetLag>();
      for (const [id, h] of store.streets) {
        if (h.stale)
          stale.set(
            id,
            h.centerOnline === false ? 'offline' : h.lastMessageAt > 0 ? (nowMs - h.lastMessageAt) / 1000 : null,
          );
      }
      this.stale.update(this.streets, stale, this.lang);
    }
    // Ask for the next frame only while dots visibly move: at district scale most frames move
    // nothing (sub-pixel), and the wall then renders on demand again (new fixes, the 1 s clock).
    return prims.stats.moved > 0 && prims.animating(nowMs);
  }

  protected applyVisible(visible: boolean): void {
    this.prims?.setVisible(visible);
    this.stale?.setVisible(visible);
  }

  protected teardown(): void {
    this.unsubscribeUi?.();
    this.prims?.destroy();
    this.stale?.destroy();
    this.prims = this.stale = null;
  }

  count(): number {
    return this.prims?.count ?? 0;
  }

  protected override extra() {
    const s = this.prims?.stats;
    return {
      staleStreets: this.stale?.count ?? 0,
      moved: s?.moved ?? 0,
      frameMs: Math.round(((s?.interpolateMs ?? 0) + (s?.writeMs ?? 0)) * 100) / 100,
      connection: this.rt?.client.store.connection ?? 'connecting',
    };
  }

  legend(_state: WallState, t: Translate): LegendEntry | null {
    const items = (['free', 'en-route', 'on-scene', 'off-duty'] as const).map((k) => ({
      color:
        STAFF_CLASS_CSS[
          STAFF_CLASS[
            k === 'en-route' ? 'enRoute' : k === 'on-scene' ? 'onScene' : k === 'off-duty' ? 'offDuty' : 'free'
          ]
        ],
      label: t(`staff.class.${k}`),
    }));
    return { layerId: this.id, title: t('staff.legend.title'), items };
  }

  protected hitOf(picked: unknown): PickHit | null {
    const id = this.prims?.pick(picked);
    return id ? { layerId: this.id, id, kind: 'staff' } : null;
  }

  protected worldPositionOf(id: string): Cartesian3 | null {
    return this.prims?.positionOf(id) ?? null;
  }
}

export const staffLayer = () => new StaffLayer();

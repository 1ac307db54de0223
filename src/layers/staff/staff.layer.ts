import type { Cartesian3 } from 'cesium';
import type { Street } from '../../domain/district.types.ts';
import type { Translate } from '../../i18n/i18n.ts';
import type { DirtySet } from '../../live/live-signals.ts';
import type { WallState } from '../../state/wall.model.ts';
import { LiveLayer } from '../shared/live-layer.base.ts';
import type { LiveRuntime } from '../../live/live-runtime.ts';
import { liveUi, type LiveSelection } from '../../state/selection.store.ts';
import type { LayerContext, LegendEntry } from '../layer.types.ts';
import { setStaffSelected, STAFF_CLASS } from '../../live/models/staff.model.ts';
import { StaffPrimitives } from './staff.primitives.ts';
import { STAFF_CLASS_CSS } from './staff.style.ts';
import { StaleStreets, type StreetLag } from './stale-streets.primitives.ts';

// Field staff (target 10,000 moving) plus the feed health of their streets.

const LABELS: Record<string, [string, string]> = {
  free: ['空闲', 'Free'],
  'en-route': ['赶赴中', 'En route'],
  'on-scene': ['在现场', 'On scene'],
  'off-duty': ['休息/下班', 'Off duty'],
};

class StaffLayer extends LiveLayer {
  readonly id = 'staff';
  private prims: StaffPrimitives | null = null;
  private stale: StaleStreets | null = null;
  private streets: readonly Street[] = [];
  /** The district centre once the summary is in (the local frame's origin); null until then. */
  private origin: [number, number] | null = null;
  private selected: string | null = null;
  private unsubscribeUi: (() => void) | null = null;
  private nextStaleAt = 0;

  override update(state: WallState): void {
    super.update(state);
    if (state.summary) this.origin = state.summary.center;
    if (state.index) this.streets = state.index.streets;
  }

  protected build(rt: LiveRuntime, ctx: LayerContext): void {
    const store = rt.client.store;
    this.prims = new StaffPrimitives(ctx.scene, store.staff, (this.origin ?? rt.cameras[0]?.position ?? [108.77, 29.53]), (id) => store.incidents.byId.get(id)?.position ?? null);
    this.stale = new StaleStreets(ctx.scene);
    this.unsubscribeUi = liveUi.subscribe(() => this.guard('select', () => this.syncSelection()));
  }

  private syncSelection(): void {
    const store = this.rt?.client.store;
    if (!store) return;
    const sel = liveUi.selection;
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
        if (h.stale) stale.set(id, h.centerOnline === false ? 'offline' : h.lastMessageAt > 0 ? (nowMs - h.lastMessageAt) / 1000 : null);
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

  legend(state: WallState, _t: Translate): LegendEntry | null {
    const en = state.lang === 'en';
    const items = (['free', 'en-route', 'on-scene', 'off-duty'] as const).map((k) => ({
      color: STAFF_CLASS_CSS[STAFF_CLASS[k === 'en-route' ? 'enRoute' : k === 'on-scene' ? 'onScene' : k === 'off-duty' ? 'offDuty' : 'free']],
      label: LABELS[k][en ? 1 : 0],
    }));
    return { layerId: this.id, title: en ? 'Field staff' : '网格力量', items };
  }

  protected pickSelection(picked: unknown): LiveSelection {
    const id = this.prims?.pick(picked);
    return id ? { kind: 'staff', id } : null;
  }

  protected worldPositionOf(id: string): Cartesian3 | null {
    return this.prims?.positionOf(id) ?? null;
  }
}

export const staffLayer = () => new StaffLayer();

import type { Cartesian3 } from 'cesium';
import type { Translate } from '../../i18n/i18n.ts';
import type { LiveRuntime } from '../../live/live-hub.ts';
import { CAMERA_STATUS } from '../../live/models/cameras.model.ts';
import type { WallState } from '../../state/wall.model.ts';
import type { LayerContext, LegendEntry, PickHit } from '../layer.types.ts';
import { LiveLayer } from '../shared/live-layer.base.ts';
import { CameraPrimitives } from './cameras.primitives.ts';
import { CAMERA_STATUS_CSS } from './cameras.style.ts';
import { OnScreenProbe } from '../shared/on-screen-probe.ts';

// Cameras (雪亮工程, 5,000+): status dots, clusters at district scale, view cones closer in.

class CamerasLayer extends LiveLayer {
  readonly id = 'cameras';
  private prims: CameraPrimitives | null = null;

  protected build(rt: LiveRuntime, ctx: LayerContext): void {
    this.prims = new CameraPrimitives(ctx.scene, rt.client.store.cameras, ctx.ground);
  }

  protected frame(): boolean {
    if (!this.prims) return false;
    this.prims.setGreyed(this.frozen());
    this.prims.frame();
    return false;
  }

  protected applyVisible(visible: boolean): void {
    this.prims?.setVisible(visible);
  }

  protected teardown(): void {
    this.prims?.destroy();
    this.prims = null;
  }

  count(): number {
    return this.prims?.count ?? 0;
  }

  protected override extra() {
    return { ...(this.prims?.diagnostics() ?? {}), ...this.onScreen() };
  }

  // A camera drawn on its own, in the middle of the map: sampled (at most ~400), every two seconds.
  private readonly probe = new OnScreenProbe(2000, [0.25, 0.3, 0.45, 0.7]);

  private onScreen() {
    return this.probeOnScreen(this.probe, function* (rt) {
      const cams = rt.client.store.cameras.cameras;
      const step = Math.max(1, Math.floor(cams.length / 400));
      for (let i = 0; i < cams.length; i += step) yield cams[i].id;
    });
  }

  legend(_state: WallState, t: Translate): LegendEntry | null {
    // No live counts here: the legend re-renders on wall-state changes only (counts are in diagnostics).
    const row = (status: 'online' | 'fault' | 'offline') => ({
      color: CAMERA_STATUS_CSS[CAMERA_STATUS[status]],
      label: t(`cameras.status.${status}`),
    });
    return { layerId: this.id, title: t('cameras.legend.title'), items: [row('online'), row('fault'), row('offline')] };
  }

  protected hitOf(picked: unknown): PickHit | null {
    const hit = this.prims?.pick(picked);
    if (!hit) return null;
    if (hit.kind === 'camera') return { layerId: this.id, id: hit.id, kind: 'camera' };
    return { layerId: this.id, id: `cluster@${hit.lng},${hit.lat}`, detail: { lng: hit.lng, lat: hit.lat } };
  }

  override onClick(hit: PickHit): void {
    const at = hit.detail as { lng: number; lat: number } | undefined;
    if (hit.kind || !at) return super.onClick(hit);
    // A cluster: fly closer so its cameras separate.
    this.ctx?.dispatch({
      type: 'camera/set',
      target: {
        kind: 'view',
        lng: at.lng,
        lat: at.lat - 0.012,
        height: 2500,
        heading: 0,
        pitch: -50,
        ground: [at.lng, at.lat],
      },
    });
  }

  protected worldPositionOf(id: string): Cartesian3 | null {
    return this.prims?.positionOf(id) ?? null;
  }
}

export const camerasLayer = () => new CamerasLayer();

import { ScreenSpaceEventHandler, ScreenSpaceEventType, type Cartesian2, type Scene } from 'cesium';
import type { LayerHost } from './layer-host.ts';

// The wall's one input pipeline: one ScreenSpaceEventHandler, one scene.pick per click and per
// (throttled) hover, and the layer host routes the hit to the layer that owns it. A pick under
// SwiftShader costs tens of ms, so nothing else on the wall may pick on input.

const HOVER_THROTTLE_MS = 80;

export interface InputRouterOptions {
  /** Hover is ignored while this says no (e.g. during a camera flight). */
  hoverEnabled?: () => boolean;
  onError?: (message: string) => void;
}

export class InputRouter {
  private handler: ScreenSpaceEventHandler;
  private hoverTimer: ReturnType<typeof setTimeout> | null = null;
  private lastMouse: Cartesian2 | null = null;

  constructor(
    private readonly scene: Scene,
    private readonly host: LayerHost,
    private readonly opts: InputRouterOptions = {},
  ) {
    this.handler = new ScreenSpaceEventHandler(scene.canvas);
    this.handler.setInputAction((e: ScreenSpaceEventHandler.MotionEvent) => {
      this.lastMouse = e.endPosition;
      if (this.hoverTimer) return;
      this.hoverTimer = setTimeout(() => {
        this.hoverTimer = null;
        this.hover();
      }, HOVER_THROTTLE_MS);
    }, ScreenSpaceEventType.MOUSE_MOVE);
    this.handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
      const picked = this.pickAt(e.position);
      if (picked !== undefined) this.host.click(picked);
    }, ScreenSpaceEventType.LEFT_CLICK);
  }

  destroy(): void {
    if (this.hoverTimer) clearTimeout(this.hoverTimer);
    this.handler.destroy();
  }

  private hover(): void {
    if (!this.lastMouse || (this.opts.hoverEnabled && !this.opts.hoverEnabled())) return;
    const picked = this.pickAt(this.lastMouse);
    if (picked !== undefined) this.host.hover(picked);
  }

  /** scene.pick, or undefined when the pick itself failed (null: nothing there). */
  private pickAt(position: Cartesian2): unknown {
    try {
      return this.scene.pick(position) ?? null;
    } catch (err) {
      this.opts.onError?.(`pick failed: ${(err as Error).message}`);
      return undefined;
    }
  }
}

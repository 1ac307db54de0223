import { ScreenSpaceEventHandler, ScreenSpaceEventType, SceneTransforms, type Cartesian2, type Cartesian3 } from 'cesium';
import type { Translate } from '../../i18n/i18n.ts';
import type { LayerContext, LayerDiagnostics, LegendEntry, PickHit, WallLayer } from '../layer.types.ts';
import type { DirtySet } from '../../live/live-signals.ts';
import type { WallState } from '../../state/wall.model.ts';
import type { OnScreen, OnScreenProbe } from './on-screen-probe.ts';
import { liveRuntime, type LiveRuntime } from '../../live/live-runtime.ts';
import { liveUi, type LiveSelection } from '../../state/selection.store.ts';

// What the four live layers share: they start once the live runtime is up, redraw from the store's
// per-frame dirty flags and from Cesium's preRender (interpolation), and each fails alone: every
// callback is wrapped, errors are counted and shown in diagnostics, the layer keeps drawing.

const MAX_ERRORS = 20;

export abstract class LiveLayer implements WallLayer {
  abstract readonly id: string;
  protected ctx: LayerContext | null = null;
  protected rt: LiveRuntime | null = null;
  protected visible = true;
  protected lang: WallState['lang'] = 'zh-CN';
  private errors: string[] = [];
  private errorCount = 0;
  private settled = false;
  private cleanups: (() => void)[] = [];

  /** Builds the primitives once the runtime is up. */
  protected abstract build(rt: LiveRuntime, ctx: LayerContext): void;
  /** Per animation frame; return true to ask for another frame (something is still moving). */
  protected abstract frame(nowMs: number): boolean;
  protected onDirty(_dirty: DirtySet): void {}
  protected abstract applyVisible(visible: boolean): void;
  protected abstract teardown(): void;
  abstract count(): number;
  protected extra(): Record<string, number | string | boolean> {
    return {};
  }
  /** Diagnostics: the first of `candidates` drawn in the middle of the map now (cached by the probe). */
  protected probeOnScreen(probe: OnScreenProbe, candidates: (rt: LiveRuntime) => Iterable<string>): OnScreen {
    const rt = this.rt;
    return probe.read(rt && this.ctx ? this.ctx.scene.canvas : null, () => candidates(rt!), (id) => this.screenPositionOf(id));
  }
  abstract legend(state: WallState, t: Translate): LegendEntry | null;
  /** Domain selection for a scene.pick result, or null. */
  protected abstract pickSelection(picked: unknown): LiveSelection;
  protected abstract worldPositionOf(id: string): Cartesian3 | null;

  create(ctx: LayerContext): void {
    this.ctx = ctx;
    liveRuntime()
      .then((rt) => {
        if (!this.ctx) return;
        this.guard('build', () => this.build(rt, ctx));
        this.rt = rt;
        this.settled = true;
        this.applyVisible(this.visible);
        this.cleanups.push(rt.client.store.signals.subscribe((dirty) => this.guard('signal', () => {
          this.onDirty(dirty);
          ctx.requestRender();
        })));
        this.cleanups.push(ctx.scene.preRender.addEventListener(() => {
          if (!this.visible || !this.rt) return;
          const more = this.guard('frame', () => this.frame(this.rt!.client.now()));
          if (more) ctx.requestRender();
        }));
        registerClickTarget(this, ctx);
        ctx.requestRender();
      })
      .catch((err) => {
        this.settled = true;
        this.note(`live data unavailable: ${(err as Error).message}`);
      });
  }

  update(state: WallState): void {
    this.lang = state.lang;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (this.rt) this.guard('setVisible', () => this.applyVisible(visible));
    this.ctx?.requestRender();
  }

  pick(picked: unknown): PickHit | null {
    const sel = this.guard('pick', () => this.pickSelection(picked));
    return sel ? { layerId: this.id, id: sel.id } : null;
  }

  /** Used by the shared click handler. */
  selectionAt(picked: unknown): LiveSelection {
    return this.visible && this.rt ? (this.guard('pick', () => this.pickSelection(picked)) ?? null) : null;
  }

  screenPositionOf(id: string): { x: number; y: number } | null {
    const p = this.rt && this.ctx ? this.guard('position', () => this.worldPositionOf(id)) : null;
    if (!p || !this.ctx) return null;
    const c = SceneTransforms.worldToWindowCoordinates(this.ctx.scene, p);
    return c ? { x: c.x, y: c.y } : null;
  }

  diagnostics(): LayerDiagnostics {
    return { count: this.rt ? this.count() : 0, visible: this.visible, settled: this.settled, errors: [...this.errors], extra: { errorCount: this.errorCount, ...(this.rt ? this.extra() : {}) } };
  }

  destroy(): void {
    for (const c of this.cleanups) c();
    this.cleanups = [];
    unregisterClickTarget(this);
    if (this.rt) this.guard('destroy', () => this.teardown());
    this.rt = null;
    this.ctx = null;
  }

  protected guard<T>(what: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      this.note(`${what}: ${(err as Error)?.message ?? String(err)}`);
      return undefined;
    }
  }

  protected note(message: string): void {
    this.errorCount++;
    this.errors.push(message);
    if (this.errors.length > MAX_ERRORS) this.errors.shift();
    this.ctx?.reportError(`${this.id}: ${message}`);
  }

  /** Disconnected or resyncing: draw the frozen state greyed. */
  protected frozen(): boolean {
    const c = this.rt?.client.store.connection;
    return c === 'stale' || c === 'offline';
  }
}

// One click handler for all live layers (a pick under SwiftShader costs tens of ms: do it once).
const targets: LiveLayer[] = [];
let handler: ScreenSpaceEventHandler | null = null;

function registerClickTarget(layer: LiveLayer, ctx: LayerContext): void {
  targets.push(layer);
  if (handler) return;
  handler = new ScreenSpaceEventHandler(ctx.scene.canvas);
  handler.setInputAction((e: { position: Cartesian2 }) => {
    let picked: unknown;
    try {
      picked = ctx.scene.pick(e.position);
    } catch {
      return;
    }
    if (!picked) return;
    // Top layer first: registration order follows the registry, last drawn on top.
    for (let i = targets.length - 1; i >= 0; i--) {
      const sel = targets[i].selectionAt(picked);
      if (sel) {
        liveUi.select(sel);
        return;
      }
    }
  }, ScreenSpaceEventType.LEFT_CLICK);
}

function unregisterClickTarget(layer: LiveLayer): void {
  const i = targets.indexOf(layer);
  if (i >= 0) targets.splice(i, 1);
  if (targets.length === 0 && handler) {
    handler.destroy();
    handler = null;
  }
}

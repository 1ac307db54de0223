import { SceneTransforms, type Cartesian3 } from 'cesium';
import type { Translate } from '../../i18n/i18n.ts';
import type { LiveRuntime } from '../../live/live-hub.ts';
import type { DirtySet } from '../../live/live-signals.ts';
import type { WallState } from '../../state/wall.model.ts';
import type { LayerContext, LayerDiagnostics, LegendEntry, PickHit, WallLayer } from '../layer.types.ts';
import type { OnScreen, OnScreenProbe } from './on-screen-probe.ts';

// What the live layers share: they start once the live runtime is up (ctx.live), redraw from the
// store's per-frame dirty flags and from Cesium's preRender (interpolation), and each fails alone:
// every callback is wrapped, errors are counted and shown in diagnostics, the layer keeps drawing.
// Clicks arrive from the host's input router (onClick); a hit with a `kind` opens that panel.

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
    return probe.read(
      rt && this.ctx ? this.ctx.scene.canvas : null,
      () => candidates(rt!),
      (id) => this.screenPositionOf(id),
    );
  }
  abstract legend(state: WallState, t: Translate): LegendEntry | null;
  /** The domain hit for a scene.pick result, or null. Pure (see WallLayer.pick). */
  protected abstract hitOf(picked: unknown): PickHit | null;
  protected abstract worldPositionOf(id: string): Cartesian3 | null;
  /** Builds only once this says yes (e.g. the district origin is known); checked again on update. */
  protected canBuild(): boolean {
    return true;
  }

  create(ctx: LayerContext): void {
    this.ctx = ctx;
    ctx.live
      .runtime()
      .then((rt) => {
        this.rtReady = rt;
        this.tryBuild();
      })
      .catch((err) => {
        this.settled = true;
        this.note(`live data unavailable: ${(err as Error).message}`);
      });
  }

  private rtReady: LiveRuntime | null = null;

  private tryBuild(): void {
    const ctx = this.ctx;
    const rt = this.rtReady;
    if (!ctx || !rt || this.rt || !this.canBuild()) return;
    this.guard('build', () => this.build(rt, ctx));
    this.rt = rt;
    this.settled = true;
    this.applyVisible(this.visible);
    this.cleanups.push(
      rt.client.store.signals.subscribe((dirty) =>
        this.guard('signal', () => {
          this.onDirty(dirty);
          ctx.requestRender();
        }),
      ),
    );
    this.cleanups.push(
      ctx.scene.preRender.addEventListener(() => {
        if (!this.visible || !this.rt) return;
        const more = this.guard('frame', () => this.frame(this.rt!.client.now()));
        if (more) ctx.requestRender();
      }),
    );
    ctx.requestRender();
  }

  update(state: WallState): void {
    this.lang = state.lang;
    if (!this.rt) this.tryBuild();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (this.rt) this.guard('setVisible', () => this.applyVisible(visible));
    this.ctx?.requestRender();
  }

  pick(picked: unknown): PickHit | null {
    if (!this.visible || !this.rt) return null;
    return this.guard('pick', () => this.hitOf(picked)) ?? null;
  }

  /** A click on one of this layer's objects: open its panel (layers with other clicks override). */
  onClick(hit: PickHit): void {
    if (hit.kind) this.ctx?.selection.select({ kind: hit.kind, id: hit.id });
  }

  screenPositionOf(id: string): { x: number; y: number } | null {
    const p = this.rt && this.ctx ? this.guard('position', () => this.worldPositionOf(id)) : null;
    if (!p || !this.ctx) return null;
    const c = SceneTransforms.worldToWindowCoordinates(this.ctx.scene, p);
    return c ? { x: c.x, y: c.y } : null;
  }

  diagnostics(): LayerDiagnostics {
    return {
      count: this.rt ? this.count() : 0,
      visible: this.visible,
      settled: this.settled,
      errors: [...this.errors],
      extra: { errorCount: this.errorCount, ...(this.rt ? this.extra() : {}) },
    };
  }

  destroy(): void {
    for (const c of this.cleanups) c();
    this.cleanups = [];
    if (this.rt) this.guard('destroy', () => this.teardown());
    this.rt = null;
    this.rtReady = null;
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

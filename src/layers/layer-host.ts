import type { Translate } from '../i18n/i18n.ts';
import type { WallState } from '../state/wall.model.ts';
import { layerState } from '../state/wall.model.ts';
import type { LayerContext, LayerDiagnostics, LayerFactory, LegendEntry, PickHit, WallLayer } from './layer.types.ts';

type BaseContext = Omit<LayerContext, 'reportError'>;

const MAX_RESTARTS = 3;

interface Hosted {
  factory: LayerFactory;
  layer: WallLayer;
  restarts: number;
  /** Errors caught by the host around the layer's own calls. */
  errors: string[];
  disabled: boolean;
}

/**
 * Runs the registry's layers: creates them, syncs them from the state and keeps one failing layer
 * from taking the others (or the render loop) down with it.
 */
export class LayerHost {
  private hosted: Hosted[] = [];

  constructor(
    private base: BaseContext,
    private onError: (message: string) => void,
  ) {}

  start(factories: readonly LayerFactory[], state: WallState): void {
    for (const factory of factories) {
      let layer: WallLayer;
      try {
        layer = factory();
      } catch (err) {
        this.onError(`layer factory failed: ${(err as Error).message}`);
        continue;
      }
      const entry: Hosted = { factory, layer, restarts: 0, errors: [], disabled: false };
      this.hosted.push(entry);
      if (layer.defaultVisible === false && !(layer.id in state.layers)) {
        // Hidden by default: say so in the wall state, so toggles and scenes see the same thing.
        this.base.dispatch({ type: 'layer/set', id: layer.id, visible: false });
        state = { ...state, layers: { ...state.layers, [layer.id]: { visible: false, options: {} } } };
      }
      this.launch(entry, state);
    }
  }

  private launch(entry: Hosted, state: WallState) {
    const layer = entry.layer;
    const ctx: LayerContext = { ...this.base, reportError: (message) => this.onError(message) };
    this.guard(entry, 'create', () => {
      const result = layer.create(ctx);
      if (result instanceof Promise) result.catch((err) => this.note(entry, 'create', err));
    });
    const vis = layerState(state, layer.id).visible;
    if (!vis) this.guard(entry, 'setVisible', () => layer.setVisible(vis));
    this.guard(entry, 'update', () => layer.update(state));
  }

  update(state: WallState, prev: WallState | null): void {
    for (const entry of this.hosted) {
      if (entry.disabled) continue;
      const vis = layerState(state, entry.layer.id).visible;
      if (!prev || layerState(prev, entry.layer.id).visible !== vis)
        this.guard(entry, 'setVisible', () => entry.layer.setVisible(vis));
      this.guard(entry, 'update', () => entry.layer.update(state));
    }
  }

  pick(picked: unknown): PickHit | null {
    if (picked === undefined || picked === null) return null;
    // Top layer first: the last in the registry draws over the others.
    for (let i = this.hosted.length - 1; i >= 0; i--) {
      const entry = this.hosted[i];
      if (entry.disabled || !entry.layer.pick) continue;
      const hit = this.guard(entry, 'pick', () => entry.layer.pick!(picked));
      if (hit) return hit;
    }
    return null;
  }

  /**
   * The input router's click: the top-most hit goes to the layer that owns it (and to no other).
   * Returns the hit, for the caller's logs and tests.
   */
  click(picked: unknown): PickHit | null {
    const hit = this.pick(picked);
    if (!hit) return null;
    const owner = this.hosted.find((e) => !e.disabled && e.layer.id === hit.layerId);
    if (owner?.layer.onClick) this.guard(owner, 'onClick', () => owner.layer.onClick!(hit));
    return hit;
  }

  /** The input router's hover: every layer that tracks hover gets the top-most hit (or null). */
  hover(picked: unknown): PickHit | null {
    const hit = this.pick(picked);
    for (const entry of this.hosted) {
      if (entry.disabled || !entry.layer.onHover) continue;
      this.guard(entry, 'onHover', () => entry.layer.onHover!(hit));
    }
    return hit;
  }

  screenPositionOf(id: string): { x: number; y: number } | null {
    for (const entry of this.hosted) {
      if (entry.disabled || !entry.layer.screenPositionOf) continue;
      const pos = this.guard(entry, 'screenPositionOf', () => entry.layer.screenPositionOf!(id));
      if (pos) return pos;
    }
    return null;
  }

  /** Candidate points from every layer that knows the id (falling back to its single position). */
  screenCandidatesOf(id: string): { x: number; y: number }[] {
    const out: { x: number; y: number }[] = [];
    for (const entry of this.hosted) {
      if (entry.disabled) continue;
      const layer = entry.layer;
      const list = layer.screenCandidatesOf
        ? this.guard(entry, 'screenCandidatesOf', () => layer.screenCandidatesOf!(id))
        : layer.screenPositionOf
          ? [this.guard(entry, 'screenPositionOf', () => layer.screenPositionOf!(id))].filter((p) => p !== null)
          : null;
      if (list) out.push(...(list as { x: number; y: number }[]));
    }
    return out;
  }

  legends(state: WallState, t: Translate): LegendEntry[] {
    const out: LegendEntry[] = [];
    for (const entry of this.hosted) {
      if (entry.disabled) continue;
      const legend = this.guard(entry, 'legend', () => entry.layer.legend(state, t));
      if (legend) out.push(legend);
    }
    return out;
  }

  diagnostics(): Record<string, LayerDiagnostics> {
    const out: Record<string, LayerDiagnostics> = {};
    for (const entry of this.hosted) {
      const d = entry.disabled ? null : this.guard(entry, 'diagnostics', () => entry.layer.diagnostics());
      out[entry.layer.id] = d
        ? { ...d, errors: [...entry.errors, ...d.errors] }
        : { count: 0, visible: false, settled: true, errors: [...entry.errors] };
    }
    return out;
  }

  /**
   * After a render-loop error (Cesium stops rendering on one), rebuild the likeliest culprit so the
   * city keeps rendering: a layer still loading (async geometry is what fails mid-frame), else the
   * top-most. Each layer is rebuilt at most MAX_RESTARTS times, then switched off for good.
   * Returns what was done, for the error log.
   */
  recoverFromRenderError(reason: string, state: WallState): string | null {
    const live = this.hosted.filter((e) => !e.disabled);
    const loading = live.filter((e) => !(this.guard(e, 'diagnostics', () => e.layer.diagnostics())?.settled ?? true));
    const entry = (loading.length > 0 ? loading : live).at(-1);
    if (!entry) return null;
    this.note(entry, 'render', new Error(reason));
    try {
      entry.layer.destroy();
    } catch {
      // Already broken; destroying is best effort.
    }
    if (entry.restarts >= MAX_RESTARTS) {
      entry.disabled = true;
      return `layer ${entry.layer.id} switched off after ${MAX_RESTARTS} rebuilds`;
    }
    entry.restarts++;
    try {
      entry.layer = entry.factory();
    } catch (err) {
      entry.disabled = true;
      this.note(entry, 'factory', err);
      return `layer ${entry.layer.id} switched off (factory failed)`;
    }
    this.launch(entry, state);
    return `layer ${entry.layer.id} rebuilt (${entry.restarts}/${MAX_RESTARTS})`;
  }

  destroy(): void {
    for (const entry of this.hosted) {
      try {
        entry.layer.destroy();
      } catch {
        // Tearing down: nothing useful left to do with the error.
      }
    }
    this.hosted = [];
  }

  private guard<T>(entry: Hosted, what: string, fn: () => T): T | null {
    try {
      return fn();
    } catch (err) {
      this.note(entry, what, err);
      return null;
    }
  }

  private note(entry: Hosted, what: string, err: unknown) {
    const message = `${entry.layer.id}.${what}: ${(err as Error)?.message ?? String(err)}`;
    if (entry.errors.length < 20) entry.errors.push(message);
    this.onError(message);
  }
}

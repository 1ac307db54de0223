import { describe, expect, it } from 'vitest';
import type { LiveRuntime, LiveSource } from '../../live/live-hub.ts';
import { createSelectionStore } from '../../state/selection.store.ts';
import { initialWallState, type WallState } from '../../state/wall.model.ts';
import type { LayerContext, LegendEntry, PickHit } from '../layer.types.ts';
import { LiveLayer } from './live-layer.base.ts';

// A live layer in Node: it builds only once the runtime is up and its own precondition holds, its
// pick is pure, and a click on a hit with a kind opens that object's panel through ctx.selection.

class ProbeLayer extends LiveLayer {
  readonly id = 'probe';
  builds = 0;
  ready = false;
  protected override canBuild() {
    return this.ready;
  }
  protected build() {
    this.builds++;
  }
  protected frame() {
    return false;
  }
  protected applyVisible() {}
  protected teardown() {}
  count() {
    return 1;
  }
  legend(): LegendEntry | null {
    return null;
  }
  protected hitOf(picked: unknown): PickHit | null {
    return picked === 'dot' ? { layerId: this.id, id: 'W1', kind: 'staff' } : null;
  }
  protected worldPositionOf() {
    return null;
  }
}

function fixture() {
  const runtime = {
    client: { store: { signals: { subscribe: () => () => {} }, connection: 'live' }, now: () => 0 },
  } as unknown as LiveRuntime;
  let resolve!: (rt: LiveRuntime) => void;
  const started = new Promise<LiveRuntime>((r) => (resolve = r));
  const live = { runtime: () => started } as unknown as LiveSource;
  const selection = createSelectionStore();
  const dispatched: unknown[] = [];
  const ctx: LayerContext = {
    viewer: {} as never,
    scene: { preRender: { addEventListener: () => () => {} }, canvas: {} } as never,
    requestRender() {},
    dispatch: (a) => dispatched.push(a),
    reportError() {},
    live,
    selection,
    ground: { terrain: false, at: () => 0 },
  } as LayerContext;
  return { ctx, selection, start: () => resolve(runtime), dispatched };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const state: WallState = initialWallState('zh-CN', null);

describe('LiveLayer base', () => {
  it('builds once the runtime is up and its precondition holds, whichever comes last', async () => {
    const f = fixture();
    const layer = new ProbeLayer();
    layer.create(f.ctx);
    f.start();
    await flush();
    expect(layer.builds).toBe(0);
    expect(layer.diagnostics().settled).toBe(false);
    layer.ready = true;
    layer.update(state);
    expect(layer.builds).toBe(1);
    expect(layer.diagnostics().settled).toBe(true);
    layer.update(state);
    expect(layer.builds).toBe(1);
  });

  it('picks without side effects, only while shown, and opens the panel on a click', async () => {
    const f = fixture();
    const layer = new ProbeLayer();
    layer.ready = true;
    layer.create(f.ctx);
    f.start();
    await flush();
    const hit = layer.pick('dot');
    expect(hit).toEqual({ layerId: 'probe', id: 'W1', kind: 'staff' });
    expect(f.selection.selection).toBeNull();
    layer.onClick(hit!);
    expect(f.selection.selection).toEqual({ kind: 'staff', id: 'W1' });
    layer.setVisible(false);
    expect(layer.pick('dot')).toBeNull();
    expect(f.dispatched).toEqual([]);
  });
});

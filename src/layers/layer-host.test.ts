import { describe, expect, it } from 'vitest';
import { initialWallState, type WallState } from '../state/wall.model.ts';
import { LayerHost } from './layer-host.ts';
import type { LayerContext, LayerDiagnostics, WallLayer } from './layer.types.ts';

class FakeLayer implements WallLayer {
  static built: string[] = [];
  updates = 0;
  visible = true;
  destroyed = false;
  constructor(
    readonly id: string,
    private opts: { throwOnUpdate?: boolean; settled?: boolean; pickId?: string; hitOwner?: string } = {},
  ) {
    FakeLayer.built.push(id);
  }
  create(_ctx: LayerContext) {}
  update(_s: WallState) {
    this.updates++;
    if (this.opts.throwOnUpdate) throw new Error(`${this.id} got a bad payload`);
  }
  setVisible(v: boolean) {
    this.visible = v;
  }
  legend() {
    return null;
  }
  pick(picked: unknown) {
    return picked === this.opts.pickId ? { layerId: this.opts.hitOwner ?? this.id, id: String(picked) } : null;
  }
  clicks: string[] = [];
  hovers: (string | null)[] = [];
  onClick(hit: { id: string }) {
    this.clicks.push(hit.id);
  }
  onHover(hit: { id: string } | null) {
    this.hovers.push(hit?.id ?? null);
  }
  diagnostics(): LayerDiagnostics {
    return { count: this.updates, visible: this.visible, settled: this.opts.settled ?? true, errors: [] };
  }
  destroy() {
    this.destroyed = true;
  }
}

const base = {
  viewer: {} as never,
  scene: {} as never,
  requestRender() {},
  dispatch() {},
  live: {} as never,
  selection: {} as never,
  ground: { terrain: false, at: () => 0 },
};
const state = initialWallState('zh-CN', null);

describe('layer host', () => {
  it('keeps syncing the other layers when one throws on a bad payload', () => {
    const errors: string[] = [];
    const good = new FakeLayer('good');
    const bad = new FakeLayer('bad', { throwOnUpdate: true });
    const host = new LayerHost(base, (m) => errors.push(m));
    host.start([() => good, () => bad], state);
    host.update({ ...state, hover: 'x' }, state);
    expect(good.updates).toBe(2);
    expect(errors.filter((e) => e.startsWith('bad.update'))).toHaveLength(2);
    const diag = host.diagnostics();
    expect(diag.bad.errors[0]).toMatch(/bad payload/);
    expect(diag.good.errors).toEqual([]);
  });

  it('applies visibility from the state and picks top layer first', () => {
    const low = new FakeLayer('low', { pickId: 'p' });
    const high = new FakeLayer('high', { pickId: 'p' });
    const host = new LayerHost(base, () => {});
    host.start([() => low, () => high], state);
    expect(host.pick('p')).toEqual({ layerId: 'high', id: 'p' });
    host.update({ ...state, layers: { low: { visible: false, options: {} } } }, state);
    expect(low.visible).toBe(false);
    expect(high.visible).toBe(true);
  });

  it('routes a click to the owning layer only, and a hover to every layer that tracks it', () => {
    const low = new FakeLayer('low', { pickId: 'a' });
    const mid = new FakeLayer('mid', { pickId: 'b', hitOwner: 'low' });
    const high = new FakeLayer('high', { pickId: 'c' });
    const host = new LayerHost(base, () => {});
    host.start([() => low, () => mid, () => high], state);
    expect(host.click('c')).toEqual({ layerId: 'high', id: 'c' });
    // A hit that names another owner (a building picked for its grid) goes to that owner.
    host.click('b');
    host.click('nothing');
    expect(high.clicks).toEqual(['c']);
    expect(low.clicks).toEqual(['b']);
    expect(mid.clicks).toEqual([]);
    host.hover('a');
    host.hover(undefined);
    for (const l of [low, mid, high]) expect(l.hovers).toEqual(['a', null]);
  });

  it('starts a layer hidden by default through the wall state, unless the state already says', () => {
    const hidden = Object.assign(new FakeLayer('hidden'), { defaultVisible: false });
    const dispatched: unknown[] = [];
    const host = new LayerHost({ ...base, dispatch: (a: unknown) => dispatched.push(a) }, () => {});
    host.start([() => hidden], state);
    expect(dispatched).toEqual([{ type: 'layer/set', id: 'hidden', visible: false }]);
    expect(hidden.visible).toBe(false);
    const shown = Object.assign(new FakeLayer('shown'), { defaultVisible: false });
    const again: unknown[] = [];
    new LayerHost({ ...base, dispatch: (a: unknown) => again.push(a) }, () => {}).start([() => shown], {
      ...state,
      layers: { shown: { visible: true, options: {} } },
    });
    expect(again).toEqual([]);
    expect(shown.visible).toBe(true);
  });

  it('rebuilds the still-loading layer after a render error, then gives up on it', () => {
    FakeLayer.built = [];
    const host = new LayerHost(base, () => {});
    host.start([() => new FakeLayer('loading', { settled: false }), () => new FakeLayer('ready')], state);
    for (let i = 1; i <= 3; i++)
      expect(host.recoverFromRenderError('boom', state)).toBe(`layer loading rebuilt (${i}/3)`);
    expect(host.recoverFromRenderError('boom', state)).toMatch(/loading switched off/);
    expect(FakeLayer.built.filter((id) => id === 'loading')).toHaveLength(4);
    expect(host.diagnostics().loading.visible).toBe(false);
    // The next culprit is the remaining top-most layer.
    expect(host.recoverFromRenderError('boom', state)).toBe('layer ready rebuilt (1/3)');
  });
});

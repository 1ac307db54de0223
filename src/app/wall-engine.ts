import { Cartesian2, Cartographic, Math as CesiumMath, type Viewer } from 'cesium';
import { translator } from '../i18n/i18n.ts';
import { InputRouter } from '../layers/input-router.ts';
import { LayerHost } from '../layers/layer-host.ts';
import type { LayerDiagnostics, LegendEntry } from '../layers/layer.types.ts';
import { LAYER_FACTORIES } from '../layers/registry.ts';
import type { LiveSource } from '../live/live-hub.ts';
import { ancestorAt, levelOfId } from '../state/area-id.ts';
import type { SelectionStore } from '../state/selection.store.ts';
import type { Store } from '../state/store.ts';
import type { WallAction, WallState } from '../state/wall.model.ts';
import { flyToTarget } from './camera-director.ts';
import { addGroundImagery, GROUND_META_URL, styleScene, validateGroundMeta } from './cesium-setup.ts';
import { fetchJson } from './api.ts';
import { drawnGlobeTilesLoaded, SettleTrace, type SettleConditions } from './settle-trace.ts';
import { cullSkyOutOfView } from './sky-cull.cesium.ts';
import { GroundHolder, loadTerrain } from './terrain-setup.ts';

const MAX_ERRORS = 100;
const TICK_MS = 400;
const MAX_RENDER_RECOVERIES = 12;

export interface EngineSnapshot {
  ready: boolean;
  idle: boolean;
  layers: Record<string, LayerDiagnostics>;
  tiles: { loaded: number; failed: number; imageryFailed: number };
  errors: string[];
}

/** What the engine hands the layers besides the viewer (instances created in src/app). */
export interface EngineDeps {
  live: LiveSource;
  selection: SelectionStore;
}

/**
 * The imperative half of the wall: owns the Cesium viewer's layers, store changes into layer updates
 * and camera flights; canvas input goes through the layer host's input router. React never sees a
 * camera move.
 */
export class WallEngine {
  private host: LayerHost;
  private input: InputRouter | null = null;
  private unsubscribe: () => void = () => {};
  private cleanups: (() => void)[] = [];
  private errors: string[] = [];
  private ready = false;
  private idle = false;
  private flying = false;
  /** flights started: a flight's end counts only while no later flight has replaced it */
  private flights = 0;
  private groundSettled = false;
  private imageryFailed = 0;
  private renderRecoveries = 0;
  private tick: ReturnType<typeof setInterval> | null = null;
  private destroyed = false;
  /** Filled before the layers start when the district has terrain; the layers keep this reference. */
  readonly ground = new GroundHolder();
  private terrainSettled = false;
  /** a follower tile of a spliced wall: its camera is the leader's (wall-sync), it never flies itself */
  private cameraFollows = false;
  /** what each settle (the start, every flight) waited for: window.gridwall.settle, bench:hall */
  private readonly settle = new SettleTrace();
  private frameStartedAt = 0;

  constructor(
    readonly viewer: Viewer,
    private store: Store<WallState, WallAction>,
    deps: EngineDeps,
  ) {
    this.host = new LayerHost(
      {
        viewer,
        scene: viewer.scene,
        requestRender: () => this.requestRender(),
        dispatch: (a) => store.dispatch(a),
        live: deps.live,
        selection: deps.selection,
        ground: this.ground,
      },
      (message) => this.recordError(message),
    );
  }

  start(): void {
    const { viewer, store } = this;
    this.settle.begin('start', performance.now());
    styleScene(viewer);
    void this.loadGround();
    // Layers stand their objects on the ground, so they start once the terrain (if any) is known:
    // a 404 for layer.json on a flat district costs one request.
    void loadTerrain(viewer, this.ground, (m) => this.recordError(m)).then(() => {
      if (this.destroyed) return;
      this.terrainSettled = true;
      this.host.start(LAYER_FACTORIES, store.getState());
      this.unsubscribe = store.subscribe((state, prev) => this.onState(state, prev));
      this.onState(store.getState(), null);
    });
    this.input = new InputRouter(viewer.scene, this.host, {
      hoverEnabled: () => !this.flying,
      onError: (m) => this.recordError(m),
    });
    this.cleanups.push(viewer.scene.renderError.addEventListener((_scene, err) => this.onRenderError(err)));
    this.cleanups.push(
      viewer.scene.preUpdate.addEventListener(() => {
        this.frameStartedAt = performance.now();
      }),
    );
    this.cleanups.push(viewer.scene.postRender.addEventListener(() => this.updateReadiness()));
    this.cleanups.push(cullSkyOutOfView(viewer.scene));
    // In request-render mode nothing redraws by itself while workers build geometry: nudge until idle.
    this.tick = setInterval(() => {
      if (!this.idle) this.requestRender();
    }, TICK_MS);
  }

  legends(state: WallState): LegendEntry[] {
    return this.host.legends(state, translator(state.lang));
  }

  snapshot(): EngineSnapshot {
    const layers = this.host.diagnostics();
    const b = layers.buildings?.extra ?? {};
    return {
      ready: this.ready,
      idle: this.idle,
      layers,
      tiles: {
        loaded: Number(b.tilesLoaded ?? 0),
        failed: Number(b.tilesFailed ?? 0) + this.imageryFailed,
        imageryFailed: this.imageryFailed,
      },
      errors: [...this.errors],
    };
  }

  /**
   * Viewport CSS pixels where a click lands on `id` (an area, or any object a layer can place):
   * the first candidate point that is on the canvas, not under a panel, and whose pick resolves to
   * `id` (directly, or through a building of that area). Null when none does in the current view.
   */
  screenPositionOf(id: string): { x: number; y: number } | null {
    const found = this.clickCandidates(id, true).find((c) => c.lands);
    return found ? { x: found.x, y: found.y } : null;
  }

  /** Diagnostics: each candidate point of `id` and why a click there would or would not land on it. */
  clickCandidates(id: string, firstOnly = false) {
    const canvas = this.viewer.scene.canvas;
    const rect = canvas.getBoundingClientRect();
    const level = levelOfId(id);
    const out: { x: number; y: number; lands: boolean; why: string }[] = [];
    for (const pos of this.host.screenCandidatesOf(id)) {
      const x = Math.round(rect.left + pos.x);
      const y = Math.round(rect.top + pos.y);
      if (!(pos.x >= 1 && pos.y >= 1 && pos.x < rect.width - 1 && pos.y < rect.height - 1)) {
        out.push({ x, y, lands: false, why: 'off the canvas' });
        continue;
      }
      const top = document.elementFromPoint(x, y);
      if (top !== canvas && !(top && canvas.contains(top))) {
        out.push({ x, y, lands: false, why: `under ${top?.getAttribute('data-testid') ?? top?.className ?? '?'}` });
        continue;
      }
      const hit = this.hitAt(new Cartesian2(x - rect.left, y - rect.top));
      const resolved =
        hit && (level === 'street' || level === 'community' || level === 'grid') ? ancestorAt(hit, level) : hit;
      out.push({ x, y, lands: resolved === id, why: `picks ${hit ?? 'nothing'}` });
      if (firstOnly && resolved === id) break;
    }
    return out;
  }

  settleSnapshot() {
    return this.settle.snapshot();
  }

  terrainSnapshot() {
    return { on: this.ground.terrain, level: this.ground.level, tiles: this.ground.tiles };
  }

  groundAt(lng: number, lat: number): { rendered: number | null; layers: number } {
    const rendered = this.viewer.scene.globe.getHeight(Cartographic.fromDegrees(lng, lat));
    return { rendered: rendered ?? null, layers: this.ground.at(lng, lat) };
  }

  cameraSnapshot() {
    const c = this.viewer.camera;
    const carto = c.positionCartographic;
    return {
      lng: CesiumMath.toDegrees(carto.longitude),
      lat: CesiumMath.toDegrees(carto.latitude),
      height: carto.height,
      heading: CesiumMath.toDegrees(c.heading),
      pitch: CesiumMath.toDegrees(c.pitch),
      flying: this.flying,
    };
  }

  followCamera(on: boolean): void {
    this.cameraFollows = on;
    if (on) this.viewer.camera.cancelFlight();
  }

  /**
   * One more frame for a picture that changed but waits for nothing new: live positions, countdowns,
   * a heartbeat. It leaves `idle` alone: under a live feed such redraws come several times a frame, and
   * clearing `idle` for each kept a settled wall from ever reading idle (the live search close-up test).
   */
  requestRender(): void {
    if (this.destroyed) return;
    this.viewer.scene.requestRender();
  }

  /** The view changed (camera, scene, layers, ground): `idle` waits for a frame that has seen it settle. */
  invalidate(): void {
    this.idle = false;
    this.requestRender();
  }

  recordError(message: string): void {
    this.errors.push(message);
    if (this.errors.length > MAX_ERRORS) this.errors.splice(0, this.errors.length - MAX_ERRORS);
    console.warn(`gridwall: ${message}`);
  }

  destroy(): void {
    this.destroyed = true;
    this.unsubscribe();
    for (const cleanup of this.cleanups) cleanup();
    if (this.tick) clearInterval(this.tick);
    this.input?.destroy();
    this.host.destroy();
  }

  private onState(state: WallState, prev: WallState | null) {
    this.host.update(state, prev);
    if (!prev || state.camera.seq !== prev.camera.seq || (state.index && !prev.index)) {
      const { target, durationS, easing } = state.camera;
      if (target && !this.cameraFollows) {
        const flight = ++this.flights;
        this.flying = true;
        this.settle.begin('flight', performance.now());
        const ok = flyToTarget(
          this.viewer,
          state.index,
          target,
          durationS,
          () => {
            // flyToTarget cancels the flight under way before it starts this one, and Cesium calls a
            // cancelled flight back at once: that flight's end must not end this one (the camera
            // still flies, but `flying` read false and the settle trace had the flight done early)
            if (flight !== this.flights) return;
            this.flying = false;
            this.invalidate();
          },
          easing,
          this.ground,
        );
        if (!ok) this.flying = false;
      }
    }
    this.invalidate();
  }

  private async loadGround() {
    try {
      const meta = validateGroundMeta(await fetchJson(GROUND_META_URL));
      if (!meta) throw new Error(`${GROUND_META_URL}: unexpected shape`);
      addGroundImagery(this.viewer, meta, (message) => {
        this.imageryFailed++;
        this.recordError(message);
      });
      this.invalidate();
    } catch (err) {
      this.recordError(`ground imagery unavailable: ${(err as Error).message}`);
    } finally {
      this.groundSettled = true;
    }
  }

  /** Diagnostics: what a click at canvas pixel (x, y) lands on, and what Cesium picked there. */
  pickAt(x: number, y: number): { id: string | null; layerId: string | null; picked: string } {
    const picked = this.viewer.scene.pick(new Cartesian2(x, y)) as unknown;
    const hit = this.host.pick(picked);
    const kind =
      picked === undefined || picked === null
        ? 'nothing'
        : ((picked as { constructor?: { name?: string } }).constructor?.name ?? typeof picked);
    return { id: hit?.id ?? null, layerId: hit?.layerId ?? null, picked: kind };
  }

  /** Diagnostics only (screenPositionOf): which object a click at `position` would land on. */
  private hitAt(position: Cartesian2): string | null {
    try {
      const picked = this.viewer.scene.pick(position);
      return this.host.pick(picked)?.id ?? null;
    } catch (err) {
      this.recordError(`pick failed: ${(err as Error).message}`);
      return null;
    }
  }

  private updateReadiness() {
    const state = this.store.getState();
    const layers = this.host.diagnostics();
    const c: SettleConditions = {
      data: state.status === 'ready',
      terrain: this.terrainSettled,
      ground: this.groundSettled,
      layers: Object.values(layers).every((d) => d.settled),
      // the tiles this frame draws: not the ancestors Cesium preloads in the background
      globe: drawnGlobeTilesLoaded(this.viewer.scene.globe),
      buildings: layers.buildings?.extra?.allTilesLoaded !== false || layers.buildings?.extra?.failed === true,
      flight: !this.flying,
    };
    const base = c.data && c.layers && c.globe && c.ground && c.terrain;
    if (base && !this.ready) this.ready = true;
    this.idle = base && c.flight && c.buildings;
    const now = performance.now();
    this.settle.frame(now, c, now - this.frameStartedAt);
  }

  private onRenderError(err: unknown) {
    const message = `render error: ${(err as Error)?.message ?? String(err)}`;
    // the stack goes to the console: the layer blamed below is a guess (the last one still loading)
    console.error('gridwall render error', (err as Error)?.stack ?? err);
    this.recordError(message);
    if (this.renderRecoveries >= MAX_RENDER_RECOVERIES) return;
    this.renderRecoveries++;
    const done = this.host.recoverFromRenderError(message, this.store.getState());
    if (done) this.recordError(done);
    setTimeout(() => {
      if (this.destroyed) return;
      this.viewer.useDefaultRenderLoop = true;
      this.invalidate();
    }, 250);
  }
}

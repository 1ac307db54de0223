import type { LiveSource } from '../live/live-hub.ts';
import { DEFAULT_AUTO_FOCUS } from '../scenes/auto-focus.ts';
import { HallDirector, type PreloadTarget } from '../scenes/hall/hall-director.ts';
import {
  groundTilesFor,
  MAX_URLS,
  tilesFor,
  warm,
  type GroundMetaJson,
  type TilesetJson,
} from '../scenes/hall/tile-preload.ts';
import { fetchServerVersion, HeartbeatSender } from '../scenes/hall/wall-heartbeat.ts';
import { parseKioskParams } from '../scenes/kiosk/kiosk.params.ts';
import type { Store } from '../state/store.ts';
import type { WallAction, WallState } from '../state/wall.model.ts';
import type { HallContextValue } from '../ui/hall/hall-context.ts';
import { installKiosk, type KioskFrame } from '../ui/hall/kiosk-frame.ts';
import type { WallEngine } from './wall-engine.ts';
import { cameraPoseOf, startWallTiles, type WallTiles } from './wall-tiles.ts';

// Composition of the hall features (issue 9) for main.tsx: kiosk canvas, the scene/tour director,
// the heartbeat with "new version → reload", tile preloading for the next tour flight, and
// window.gridwallHall for ?diag=1 (scene, tour step, wall tile, last sync age).

export interface HallWiring {
  context: HallContextValue;
  attachEngine(engine: WallEngine | null): void;
}

declare global {
  interface Window {
    gridwallHall?: Readonly<Record<string, unknown>>;
  }
}

export function startHall(o: {
  store: Store<WallState, WallAction>;
  live: LiveSource;
  diag: boolean;
  sceneId: string | null;
}): HallWiring {
  const kiosk = parseKioskParams(window.location.search);
  for (const error of kiosk.errors) o.store.dispatch({ type: 'error', error });
  const root = document.getElementById('root');
  const frame: KioskFrame | null = kiosk.wall && root ? installKiosk(kiosk, root) : null;
  let engine: WallEngine | null = null;
  let lastFrameAt: number | null = null;
  let offFrame: (() => void) | null = null;

  // tile warm-up for the next flight (tile-preload.ts): tileset and ground index fetched once
  const preload = {
    last: null as null | { sceneId: string; urls: number; warmed: number; ms: number; done: boolean },
    abort: null as AbortController | null,
  };
  let indexes: Promise<[TilesetJson | null, GroundMetaJson | null]> | null = null;
  const getJson = <T>(url: string) =>
    fetch(url)
      .then((r) => (r.ok ? (r.json() as Promise<T>) : null))
      .catch(() => null);
  const warmFor = async (t: PreloadTarget): Promise<void> => {
    preload.abort?.abort();
    const abort = new AbortController();
    preload.abort = abort;
    indexes ??= Promise.all([
      getJson<TilesetJson>('/tiles/buildings/tileset.json'),
      getJson<GroundMetaJson>('/tiles/ground/ground.json'),
    ]);
    const [tileset, ground] = await indexes;
    const screenPx = engine?.viewer.scene.canvas.clientHeight || 1080;
    const urls = [
      ...(tileset ? tilesFor(tileset, t.bounds, t.distanceM, screenPx).map((u) => `/tiles/buildings/${u}`) : []),
      ...(ground ? groundTilesFor(ground, t.bounds, t.distanceM, screenPx).map((u) => `/tiles/ground/${u}.png`) : []),
    ].slice(0, MAX_URLS);
    const t0 = performance.now();
    preload.last = { sceneId: t.sceneId, urls: urls.length, warmed: 0, ms: 0, done: false };
    const warmed = await warm(urls, fetch, 6, abort.signal);
    if (preload.abort === abort)
      preload.last = {
        sceneId: t.sceneId,
        urls: urls.length,
        warmed,
        ms: Math.round(performance.now() - t0),
        done: true,
      };
  };

  const director = new HallDirector({
    store: o.store,
    live: o.live,
    // a follower tile shows what its leader shows: no auto-focus or tour of its own
    autoFocus: kiosk.autoFocus && kiosk.sync !== 'follower' ? DEFAULT_AUTO_FOCUS : null,
    autoFocusHoldS: kiosk.autoFocusHoldS,
    onPreload: (t) => void warmFor(t),
  });
  void director.loadLibrary(kiosk.sync === 'follower' ? null : kiosk.tour);
  let tiles: WallTiles | null = null;
  // wall-effects applies the first (shipped) scene when the data is in; the director takes it from there
  const offData = o.store.subscribe((s) => {
    if (!s.index) return;
    offData();
    director.dataLoaded(s.index.district.id, o.sceneId);
  });

  let heartbeat: HeartbeatSender | null = null;
  if (kiosk.wall) {
    void fetchServerVersion().then((loadedVersion) => {
      if (!loadedVersion) return;
      heartbeat = new HeartbeatSender({
        loadedVersion,
        report: () => {
          // an idle wall renders on request only: ask for one frame so "last frame" proves the renderer lives
          engine?.requestRender();
          const store = o.live.current()?.client.store;
          const mem = (performance as { memory?: { usedJSHeapSize: number } }).memory;
          const snap = director.snapshot();
          return {
            name: kiosk.name,
            scene: snap.sceneId,
            tour: snap.tour ? { id: snap.tour.id, step: Math.max(0, snap.tour.index) } : null,
            lastFrameAt,
            errors: [...o.store.getState().errors, ...(engine?.snapshot().errors ?? [])]
              .slice(-5)
              .map((e) => e.slice(0, 300)),
            tile: kiosk.tile
              ? { col: kiosk.tile.col, row: kiosk.tile.row, cols: kiosk.tile.cols, rows: kiosk.tile.rows }
              : null,
            canvas: kiosk.canvas,
            memoryMB: mem ? Math.round(mem.usedJSHeapSize / 1e6) : null,
            relayDown: !!store && store.counts.snapshots > 0 && store.connection !== 'live',
          };
        },
        onNewVersion: () => window.location.reload(),
      });
      heartbeat.start().catch((e: Error) => o.store.dispatch({ type: 'error', error: `heartbeat: ${e.message}` }));
    });
  }

  const applyScale = () => {
    // the kiosk canvas is laid out at its logical size: draw at the screen's real resolution
    if (engine && frame) engine.viewer.resolutionScale = Math.min(1, frame.scale() * window.devicePixelRatio);
  };
  frame?.onScale(applyScale);

  if (o.diag) {
    const liveAge = () => {
      const store = o.live.current()?.client.store;
      if (!store || store.streets.size === 0) return null;
      let last = 0;
      for (const s of store.streets.values()) last = Math.max(last, s.lastMessageAt);
      return last ? Math.round(performance.timeOrigin + performance.now() - last) : null;
    };
    window.gridwallHall = Object.freeze({
      get scene() {
        return director.snapshot().sceneId;
      },
      get tour() {
        return director.diagnostics().tour;
      },
      get hall() {
        return director.diagnostics();
      },
      get tile() {
        return kiosk.tile ? { ...kiosk.tile } : null;
      },
      /** screens in step: role, poses sent/received, last pose and its age, a follower's rejoin time */
      get sync() {
        return tiles?.diagnostics() ?? null;
      },
      /** the next frame this browser draws, as a PNG data URL (read inside the frame: the buffer is not kept) */
      capture: () =>
        new Promise<string | null>((resolve) => {
          if (!engine) return resolve(null);
          const scene = engine.viewer.scene;
          const off = scene.postRender.addEventListener(() => {
            off();
            resolve(scene.canvas.toDataURL('image/png'));
          });
          engine.requestRender();
        }),
      /** the camera exactly (ECEF metres, radians), to compare the tiles of one wall */
      get cameraPose() {
        return engine ? cameraPoseOf(engine.viewer.camera) : null;
      },
      get kiosk() {
        return {
          wall: kiosk.wall,
          name: kiosk.name,
          canvas: { ...kiosk.canvas },
          scale: frame?.scale() ?? null,
          resolutionScale: engine?.viewer.resolutionScale ?? null,
        };
      },
      get lastFrameAt() {
        return lastFrameAt;
      },
      /** ms since the last heartbeat ack (kiosk) and since the last live message from any street */
      get lastSyncAgeMs() {
        return { heartbeat: heartbeat?.lastAckAt ? Date.now() - heartbeat.lastAckAt : null, live: liveAge() };
      },
      get preload() {
        return preload.last ? { ...preload.last } : null;
      },
      showScene: (id: string, focus?: string) => director.showScene(String(id), focus ?? null),
      /** warms the tiles a scene would need now (the bench compares a switch with and without) */
      preloadScene: async (id: string, focus?: string) => {
        const t = director.preloadTarget(String(id), focus ?? null);
        if (t) await warmFor(t);
        return preload.last ? { ...preload.last } : null;
      },
      playTour: (id: string) => director.playTour(String(id)),
      key: (k: string) => director.key(String(k)),
    });
  }

  return {
    context: { director, kiosk },
    attachEngine(e) {
      offFrame?.();
      offFrame = null;
      tiles?.stop();
      tiles = null;
      engine = e;
      if (!e) return;
      if (kiosk.tile || kiosk.sync)
        tiles = startWallTiles({
          kiosk,
          engine: e,
          director,
          store: o.store,
          onError: (error) => o.store.dispatch({ type: 'error', error }),
        });
      offFrame = e.viewer.scene.postRender.addEventListener(() => {
        lastFrameAt = Date.now();
      });
      applyScale();
    },
  };
}

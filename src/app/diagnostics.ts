import { gridsView } from '../layers/grids/grids.view.ts';
import { breadcrumbOf } from '../state/focus.model.ts';
import type { Store } from '../state/store.ts';
import type { WallAction, WallState } from '../state/wall.model.ts';
import type { SettleReport } from './settle-trace.ts';
import type { WallEngine } from './wall-engine.ts';
import type { LiveDiagnostics } from '../live/live-diagnostics.ts';
import type { LiveSource } from '../live/live-hub.ts';
import type { VideoDiagnostics, VideoWall } from '../ui/video/video-wall.ts';

/**
 * `window.gridwall` with ?diag=1: a read-only view for browser tests and on-site checks. Every
 * property is a getter returning a fresh copy, so nothing outside can change the wall through it.
 */
export interface GridwallDiagnostics {
  readonly version: 1;
  readonly ready: boolean;
  readonly idle: boolean;
  readonly status: WallState['status'];
  readonly lang: WallState['lang'];
  readonly focus: { level: string; id: string };
  readonly hover: string | null;
  readonly breadcrumb: { level: string; id: string; name: string }[];
  /** The areas the grid layer draws and makes clickable now (the focus's children, or sibling grids). */
  readonly areas: { level: string; ids: string[] } | null;
  readonly layers: Record<
    string,
    { count: number; visible: boolean; settled: boolean; errors: string[]; [k: string]: unknown }
  >;
  readonly tiles: { loaded: number; failed: number; imageryFailed: number };
  readonly errors: string[];
  readonly camera: { lng: number; lat: number; height: number; heading: number; pitch: number; flying: boolean } | null;
  readonly gridDetails: { id: string; status: string; buildings: number; worker: string | null } | null;
  /** Live feed: connection state, per-street last-message age, per-layer counts, drops (null until started). */
  readonly live: LiveDiagnostics | null;
  /** Video: decoders held, the patrol's tiles, stream faults and the map marks they set (null without video). */
  readonly video: VideoDiagnostics | null;
  /** Terrain (ADR 0008): whether the district has it, and the preloaded level the layers stand on. */
  readonly terrain: { on: boolean; level: number; tiles: number } | null;
  /** The last settle (wall start or flight) and the one under way: frames, ms, what it waited for last. */
  readonly settle: { current: SettleReport | null; last: SettleReport | null } | null;
  screenPositionOf(id: string): { x: number; y: number } | null;
  /** Every candidate click point of an area or object, and why a click there would (not) land on it. */
  clickCandidates(id: string): { x: number; y: number; lands: boolean; why: string }[];
  /** What a click at canvas pixel (x, y) would land on (the layer and object), and Cesium's raw pick kind. */
  pickAt(x: number, y: number): { id: string | null; layerId: string | null; picked: string } | null;
  /** The ground at a position: as Cesium draws it now (null: no tile there yet) and as the layers use it. */
  groundAt(lng: number, lat: number): { rendered: number | null; layers: number } | null;
}

declare global {
  interface Window {
    gridwall?: GridwallDiagnostics;
  }
}

export function installDiagnostics(
  store: Store<WallState, WallAction>,
  getEngine: () => WallEngine | null,
  live: LiveSource,
  video?: VideoWall,
): void {
  const state = () => store.getState();
  const api: GridwallDiagnostics = Object.freeze({
    version: 1 as const,
    get ready() {
      return getEngine()?.snapshot().ready ?? false;
    },
    get idle() {
      return getEngine()?.snapshot().idle ?? false;
    },
    get status() {
      return state().status;
    },
    get lang() {
      return state().lang;
    },
    get focus() {
      return { ...state().focus };
    },
    get hover() {
      return state().hover;
    },
    get breadcrumb() {
      return breadcrumbOf(state().focus, state().index).map(({ level, id, name }) => ({ level, id, name }));
    },
    get areas() {
      const view = gridsView(state());
      return view ? { level: view.fillLevel, ids: [...view.fillIds] } : null;
    },
    get layers() {
      const layers = getEngine()?.snapshot().layers ?? {};
      return Object.fromEntries(
        Object.entries(layers).map(([id, d]) => [
          id,
          { ...d.extra, count: d.count, visible: d.visible, settled: d.settled, errors: d.errors },
        ]),
      );
    },
    get tiles() {
      return getEngine()?.snapshot().tiles ?? { loaded: 0, failed: 0, imageryFailed: 0 };
    },
    get errors() {
      return [...state().errors, ...(getEngine()?.snapshot().errors ?? [])];
    },
    get camera() {
      return getEngine()?.cameraSnapshot() ?? null;
    },
    get gridDetails() {
      const d = state().gridDetails;
      return d
        ? {
            id: d.id,
            status: d.status,
            buildings: d.data?.buildingIds.length ?? 0,
            worker: d.data?.worker?.name ?? null,
          }
        : null;
    },
    get live() {
      return live.current()?.diagnostics() ?? null;
    },
    get video() {
      return video ? video.diagnostics(live.current()) : null;
    },
    get terrain() {
      return getEngine()?.terrainSnapshot() ?? null;
    },
    get settle() {
      return getEngine()?.settleSnapshot() ?? null;
    },
    screenPositionOf(id: string) {
      return getEngine()?.screenPositionOf(String(id)) ?? null;
    },
    clickCandidates(id: string) {
      return getEngine()?.clickCandidates(String(id)) ?? [];
    },
    pickAt(x: number, y: number) {
      return getEngine()?.pickAt(Number(x), Number(y)) ?? null;
    },
    groundAt(lng: number, lat: number) {
      return getEngine()?.groundAt(Number(lng), Number(lat)) ?? null;
    },
  });
  Object.defineProperty(window, 'gridwall', { value: api, writable: false, configurable: false, enumerable: true });
}

import type { Scene, Viewer } from 'cesium';
import type { Translate } from '../i18n/i18n.ts';
import type { LiveSource } from '../live/live-hub.ts';
import type { SelectionKind, SelectionStore } from '../state/selection.store.ts';
import type { WallAction, WallState } from '../state/wall.model.ts';

/** One row (or ramp) in the wall's legend, drawn by the UI from plain data. */
export interface LegendEntry {
  layerId: string;
  title: string;
  unit?: string;
  items: { color: string; label: string }[];
}

export interface LayerDiagnostics {
  /** How many objects the layer currently draws (polygons, features, markers...). */
  count: number;
  visible: boolean;
  /** True once the layer has drawn what it was asked to draw (or has given up with an error). */
  settled: boolean;
  errors: string[];
  /** Layer-specific figures (tiles loaded, primitives pending...), JSON-safe. */
  extra?: Record<string, number | string | boolean>;
}

/**
 * What the host hands a layer when it is created: the one interface through which a layer reads
 * and changes anything outside itself. Layers never reach into React, module globals or each other.
 * Wall state arrives through `update(state)`; live state through `live`.
 */
export interface LayerContext {
  viewer: Viewer;
  scene: Scene;
  /** Render mode is on-demand: call after changing anything the scene draws. */
  requestRender(): void;
  /** Changes wall state (focus, hover, layer options, camera requests). */
  dispatch(action: WallAction): void;
  /** Records an error against the layer (shown in diagnostics) without throwing. */
  reportError(message: string): void;
  /** The live feed: runtime (client, store, rosters) and per-area incident counts. */
  live: LiveSource;
  /** The selected map object, shown by the object panels; layers select what is clicked on them. */
  selection: SelectionStore;
  /** The ground under a position: stand objects on `ground.at(lng, lat)` (0 on the flat globe). */
  ground: GroundHeights;
}

/**
 * Ground heights in metres above the ellipsoid, from the district's terrain (ADR 0008). Known
 * before any layer is created; `terrain` false means the flat globe and `at` is always 0.
 */
export interface GroundHeights {
  readonly terrain: boolean;
  at(lng: number, lat: number): number;
}

/** What a pick on the canvas meant, in domain terms. */
export interface PickHit {
  /** The layer that owns the object: the host routes clicks and hovers on it to that layer. */
  layerId: string;
  /** A hierarchy id (street, community, grid) or another domain id the layer owns. */
  id: string;
  /** The object panel to open on a click, if the object has one. */
  kind?: SelectionKind;
  /** Whatever else the owning layer needs on a click (e.g. a cluster's centre). */
  detail?: unknown;
}

/**
 * The uniform shape of every wall layer (grids now; cameras, incidents, staff later).
 * A layer owns its Cesium primitives, is synced from the WallState (never the reverse) and must
 * survive a bad payload: the host wraps every call, so a throw only marks the layer as failing.
 */
export interface WallLayer {
  readonly id: string;
  /** False: the layer starts hidden unless the wall state (a scene, an operator) says otherwise. */
  readonly defaultVisible?: boolean;
  create(ctx: LayerContext): void | Promise<void>;
  /** Sync the primitives to the state; called on every state change, so diff against the last one. */
  update(state: WallState): void;
  setVisible(visible: boolean): void;
  legend(state: WallState, t: Translate): LegendEntry | null;
  /**
   * Maps whatever scene.pick returned to a domain hit, or null if it is not this layer's. Pure: it is
   * also used to verify screen positions, so it must not select, dispatch or fly anywhere.
   */
  pick?(picked: unknown): PickHit | null;
  /** A click landed on this layer's object (`hit.layerId === id`): the host routes it here. */
  onClick?(hit: PickHit): void;
  /** The hover result changed or moved (any layer's hit, or null): sent to every layer that has this. */
  onHover?(hit: PickHit | null): void;
  /** Window position of a domain object for tests and tooltips (CSS px relative to the canvas). */
  screenPositionOf?(id: string): { x: number; y: number } | null;
  /**
   * Several on-screen points of an area-like object, best first (CSS px relative to the canvas).
   * The host checks each with a real pick and hands out the first that hits the object, so a test
   * can click an area even where another label or a building covers its centre.
   */
  screenCandidatesOf?(id: string): { x: number; y: number }[];
  diagnostics(): LayerDiagnostics;
  destroy(): void;
}

export type LayerFactory = () => WallLayer;

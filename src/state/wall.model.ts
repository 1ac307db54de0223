import type { Easing } from '../protocol/scene.schema.ts';
import type { DistrictSummary, Grid, MicroGrid, Place, Staff } from '../domain/district.types.ts';
import type { Focus } from './area-id.ts';
import type { Lang } from './deep-link.ts';
import { backFrom, drillTo, resolveFocus } from './focus.model.ts';
import type { HierarchyIndex } from './hierarchy.model.ts';

/** GET /api/grids/:id */
export interface GridDetails {
  grid: Grid;
  worker: Staff | null;
  places: Place[];
  microGrids: MicroGrid[];
  buildingIds: string[];
  cameras: number;
}

/** Where the camera should go; `seq` changes on every request so a repeat click re-flies. */
export type CameraTarget =
  | { kind: 'fit'; id: string; heading: number; pitch: number }
  | {
      kind: 'view';
      lng: number;
      lat: number;
      /** metres above the ellipsoid, or above the ground at `ground` when that is given */
      height: number;
      heading: number;
      pitch: number;
      /**
       * The point a close-up frames (an incident, a search result): its height is then measured
       * from the ground there, so on terrain the camera stays as far above the object as on a flat
       * globe instead of ending inside the hills.
       */
      ground?: [number, number];
    };

export interface LayerState {
  visible: boolean;
  /** Layer-specific options from a scene (e.g. the grids' metric); each layer validates its own. */
  options: Record<string, unknown>;
}

/**
 * Everything the wall shows, kept apart from Cesium: layers and UI are synced *from* this state,
 * and user input or data only changes it through `wallReducer`. Camera moves are not in here.
 */
export interface WallState {
  lang: Lang;
  status: 'loading' | 'ready' | 'error';
  summary: DistrictSummary | null;
  index: HierarchyIndex | null;
  focus: Focus;
  /** A deep-link id waiting for the hierarchy to load. */
  requestedFocusId: string | null;
  hover: string | null;
  layers: Record<string, LayerState>;
  /** easing: the scene's or tour step's flight curve (null: Cesium's own) */
  camera: { seq: number; target: CameraTarget | null; durationS: number; easing: Easing | null };
  gridDetails: { id: string; status: 'loading' | 'ok' | 'error'; data: GridDetails | null } | null;
  errors: string[];
}

export type WallAction =
  | { type: 'data/loaded'; summary: DistrictSummary; index: HierarchyIndex }
  | { type: 'data/failed'; error: string }
  | { type: 'focus/drill'; id: string }
  | { type: 'focus/back' }
  | { type: 'focus/set'; id: string; camera?: CameraTarget | null; durationS?: number; easing?: Easing }
  | { type: 'hover'; id: string | null }
  | { type: 'lang/set'; lang: Lang }
  | { type: 'layer/set'; id: string; visible?: boolean; options?: Record<string, unknown> }
  | { type: 'camera/set'; target: CameraTarget; durationS?: number; easing?: Easing }
  | { type: 'grid-details/loaded'; id: string; data: GridDetails }
  | { type: 'grid-details/failed'; id: string; error: string }
  | { type: 'error'; error: string };

export const DEFAULT_PITCH = -50;
const MAX_ERRORS = 50;

export function initialWallState(lang: Lang, requestedFocusId: string | null): WallState {
  return {
    lang,
    status: 'loading',
    summary: null,
    index: null,
    focus: { level: 'district', id: '' },
    requestedFocusId,
    hover: null,
    layers: {},
    camera: { seq: 0, target: null, durationS: 0, easing: null },
    gridDetails: null,
    errors: [],
  };
}

const withError = (s: WallState, error: string): WallState => ({
  ...s,
  errors: [...s.errors, error].slice(-MAX_ERRORS),
});

function fitCamera(s: WallState, focus: Focus, durationS = 1.5): WallState['camera'] {
  return {
    seq: s.camera.seq + 1,
    target: { kind: 'fit', id: focus.id, heading: 0, pitch: DEFAULT_PITCH },
    durationS,
    easing: null,
  };
}

/** Moves the focus, asks the camera to fit it and starts (or drops) the grid-details request. */
function focusTo(
  s: WallState,
  focus: Focus,
  camera?: CameraTarget | null,
  durationS?: number,
  easing?: Easing,
): WallState {
  const same = focus.level === s.focus.level && focus.id === s.focus.id;
  const cam =
    camera === null
      ? s.camera
      : camera
        ? { seq: s.camera.seq + 1, target: camera, durationS: durationS ?? 1.5, easing: easing ?? null }
        : fitCamera(s, focus, durationS);
  if (same) return { ...s, camera: cam };
  const gridDetails = focus.level === 'grid' ? { id: focus.id, status: 'loading' as const, data: null } : null;
  return { ...s, focus, hover: null, camera: cam, gridDetails };
}

export function wallReducer(s: WallState, a: WallAction): WallState {
  switch (a.type) {
    case 'data/loaded': {
      const { focus, error } = resolveFocus(a.index, s.requestedFocusId);
      const next: WallState = { ...s, status: 'ready', summary: a.summary, index: a.index, requestedFocusId: null };
      const focused = focusTo({ ...next, focus: { level: 'district', id: '' } }, focus, undefined, 0);
      return error ? withError(focused, error) : focused;
    }
    case 'data/failed':
      return withError({ ...s, status: 'error' }, a.error);
    case 'focus/drill':
      if (!s.index) return s;
      return focusTo(s, drillTo(s.index, s.focus, a.id));
    case 'focus/back':
      if (!s.index || s.focus.level === 'district') return s;
      return focusTo(s, backFrom(s.index, s.focus));
    case 'focus/set': {
      if (!s.index) return { ...s, requestedFocusId: a.id };
      const { focus, error } = resolveFocus(s.index, a.id);
      const next = focusTo(s, focus, a.camera, a.durationS, a.easing);
      return error ? withError(next, error) : next;
    }
    case 'hover':
      return s.hover === a.id ? s : { ...s, hover: a.id };
    case 'lang/set':
      return s.lang === a.lang ? s : { ...s, lang: a.lang };
    case 'layer/set': {
      const prev = s.layers[a.id] ?? { visible: true, options: {} };
      const layer: LayerState = {
        visible: a.visible ?? prev.visible,
        options: a.options ? { ...prev.options, ...a.options } : prev.options,
      };
      return { ...s, layers: { ...s.layers, [a.id]: layer } };
    }
    case 'camera/set':
      return {
        ...s,
        camera: { seq: s.camera.seq + 1, target: a.target, durationS: a.durationS ?? 1.5, easing: a.easing ?? null },
      };
    case 'grid-details/loaded':
      if (s.gridDetails?.id !== a.id) return s; // the user moved on before the answer came back
      return { ...s, gridDetails: { id: a.id, status: 'ok', data: a.data } };
    case 'grid-details/failed':
      if (s.gridDetails?.id !== a.id) return s;
      return withError({ ...s, gridDetails: { id: a.id, status: 'error', data: null } }, a.error);
    case 'error':
      return withError(s, a.error);
  }
}

export function layerState(s: WallState, id: string): LayerState {
  return s.layers[id] ?? { visible: true, options: {} };
}

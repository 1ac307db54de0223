import { createContext, useContext, useSyncExternalStore } from 'react';
import { translator, type Translate } from '../i18n/i18n.ts';
import type { LegendEntry } from '../layers/layer.types.ts';
import type { LiveSource } from '../live/live-hub.ts';
import type { Selection, SelectionStore } from '../state/selection.store.ts';
import type { Store } from '../state/store.ts';
import type { WallAction, WallState } from '../state/wall.model.ts';
import type { VideoWall } from './video/video-wall.ts';

// How every panel reaches the wall: one React context carrying the instances src/app created (the
// wall store, the selection store, the live hub, and the engine once the viewer is up). Panels read
// slices through these hooks and change things only by dispatching actions or selecting objects.

/** What the UI may ask of the engine (src/app/wall-engine.ts implements it). */
export interface WallView {
  legends(state: WallState): LegendEntry[];
}

export interface WallContextValue {
  store: Store<WallState, WallAction>;
  engine: WallView | null;
  live: LiveSource;
  selection: SelectionStore;
  /** decoders, patrol and stream faults of this wall */
  video: VideoWall;
}

export const WallContext = createContext<WallContextValue | null>(null);

function useWallContext(): WallContextValue {
  const ctx = useContext(WallContext);
  if (!ctx) throw new Error('WallContext missing');
  return ctx;
}

/**
 * Subscribes a component to one slice of the state. The selector must return a stored value (not a
 * fresh object), so components re-render only when their slice changes, never on camera moves.
 */
export function useWall<T>(selector: (s: WallState) => T): T {
  const { store } = useWallContext();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}

export function useDispatch(): (a: WallAction) => void {
  return useWallContext().store.dispatch;
}

export function useEngine(): WallView | null {
  return useWallContext().engine;
}

export function useT(): Translate {
  const lang = useWall((s) => s.lang);
  return translator(lang);
}

export function useStore(): Store<WallState, WallAction> {
  return useWallContext().store;
}

export function useLiveSource(): LiveSource {
  return useWallContext().live;
}

/** The selected map object (re-renders only when the selection changes). */
export function useSelection(): Selection {
  const { selection } = useWallContext();
  return useSyncExternalStore(selection.subscribe, () => selection.selection);
}

export function useVideo(): VideoWall {
  return useWallContext().video;
}

/** Opens the panel of a map object (null closes it). */
export function useSelect(): SelectionStore['select'] {
  return useWallContext().selection.select;
}

import { createContext, useContext, useSyncExternalStore } from 'react';
import { translator, type Translate } from '../i18n/i18n.ts';
import type { Store } from '../state/store.ts';
import type { WallAction, WallState } from '../state/wall.model.ts';
import type { WallEngine } from '../app/wall-engine.ts';

export interface WallContextValue {
  store: Store<WallState, WallAction>;
  engine: WallEngine | null;
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

export function useEngine(): WallEngine | null {
  return useWallContext().engine;
}

export function useT(): Translate {
  const lang = useWall((s) => s.lang);
  return translator(lang);
}

export function useStore(): Store<WallState, WallAction> {
  return useWallContext().store;
}

import { createContext, useContext, useSyncExternalStore } from 'react';
import type { HallDirector, HallSnapshot } from '../../scenes/hall/hall-director.ts';
import type { KioskParams } from '../../scenes/kiosk/kiosk.params.ts';

// The hall's instances for its panels (created in main.tsx, like the wall store): the director
// (scene, tour, auto-focus) and the kiosk parameters of this page.

export interface HallContextValue {
  director: HallDirector;
  kiosk: KioskParams;
}

export const HallContext = createContext<HallContextValue | null>(null);

export function useHall(): HallContextValue | null {
  return useContext(HallContext);
}

const EMPTY_SUBSCRIBE = () => () => {};
const NO_SNAPSHOT = () => null;

/** The director's snapshot (re-renders when the scene, the tour step or auto-focus changes). */
export function useHallSnapshot(): HallSnapshot | null {
  const hall = useHall();
  return useSyncExternalStore(
    hall ? hall.director.subscribe : EMPTY_SUBSCRIBE,
    hall ? hall.director.snapshot : NO_SNAPSHOT,
  );
}

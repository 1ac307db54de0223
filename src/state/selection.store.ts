import { useSyncExternalStore } from 'react';

// What the live panels show: the one selected camera, incident or person. Kept apart from the wall
// store so a click on a live object never re-renders the grid UI, and apart from the live models so
// a message never re-renders React.

export type LiveSelection = { kind: 'incident' | 'camera' | 'staff'; id: string } | null;

type Listener = () => void;
let selection: LiveSelection = null;
const listeners = new Set<Listener>();

export const liveUi = {
  get selection(): LiveSelection {
    return selection;
  },
  select(next: LiveSelection): void {
    if (next === selection || (next && selection && next.kind === selection.kind && next.id === selection.id)) return;
    selection = next;
    for (const l of [...listeners]) l();
  },
  subscribe(l: Listener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export function useLiveSelection(): LiveSelection {
  return useSyncExternalStore(liveUi.subscribe, () => selection);
}

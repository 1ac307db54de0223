// What the object panels show: the one selected camera, incident, person or place. Kept apart from
// the wall store so a click on a map object never re-renders the area UI, and apart from the live
// models so a relay message never re-renders React. One instance per wall, created in src/app and
// handed to layers (LayerContext.selection) and panels (WallContext).

/** The kinds of map object a panel exists for (src/ui/panels/panel.registry.ts maps each to one). */
export type SelectionKind = 'incident' | 'camera' | 'staff' | 'place';

/**
 * `detail`: what the layer knew about the object when it was clicked, for panels of objects that
 * live nowhere else (a place); live objects are read from the live store by id instead.
 */
export type Selection = { kind: SelectionKind; id: string; detail?: unknown } | null;

export interface SelectionStore {
  readonly selection: Selection;
  /** Selects an object (null clears); listeners run only when the selection really changes. */
  select(next: Selection): void;
  subscribe(listener: () => void): () => void;
}

export function createSelectionStore(): SelectionStore {
  let selection: Selection = null;
  const listeners = new Set<() => void>();
  return {
    get selection() {
      return selection;
    },
    select(next) {
      if (next === selection || (next && selection && next.kind === selection.kind && next.id === selection.id)) return;
      selection = next;
      for (const l of [...listeners]) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A minimal Redux-shaped store: the reducer stays pure and testable, subscribers are plain callbacks. */
export interface Store<S, A> {
  getState(): S;
  dispatch(action: A): void;
  subscribe(listener: (state: S, prev: S) => void): () => void;
}

export function createStore<S, A>(reducer: (state: S, action: A) => S, initial: S): Store<S, A> {
  let state = initial;
  const listeners = new Set<(state: S, prev: S) => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const prev = state;
      state = reducer(state, action);
      if (state === prev) return;
      for (const listener of [...listeners]) {
        try {
          listener(state, prev);
        } catch (err) {
          // One broken subscriber (a layer, a panel) must not stop the others from syncing.
          console.error('gridwall: store listener failed', err);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

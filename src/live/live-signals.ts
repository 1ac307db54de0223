// Change notification for the live layers, batched per animation frame. Messages only set dirty
// flags; once per frame the listeners get the set of what changed and update their buffers in place.
// No React state per message: at 10,000 staff and 1 Hz that would be a re-render storm.

export type LiveTopic = 'staff' | 'incidents' | 'cameras' | 'connection' | 'streets';
export type DirtySet = ReadonlySet<LiveTopic>;
export type LiveListener = (dirty: DirtySet) => void;

export interface LiveSignals {
  markDirty(topic: LiveTopic): void;
  /** Called once per frame with what changed since the last call; returns an unsubscribe. */
  subscribe(listener: LiveListener): () => void;
  /** Runs the pending notification now (tests, and hosts that drive their own frame loop). */
  flush(): void;
  /** Errors thrown by listeners: one broken layer must not stop the others. */
  readonly listenerErrors: number;
  dispose(): void;
}

type Scheduler = (cb: () => void) => void;

/** requestAnimationFrame in the browser, a 16 ms timer in Node and in hidden tabs' absence of rAF. */
const defaultScheduler: Scheduler = (cb) => {
  const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => number }).requestAnimationFrame;
  if (raf) raf(cb);
  else setTimeout(cb, 16);
};

export function createLiveSignals(schedule: Scheduler = defaultScheduler): LiveSignals {
  const listeners = new Set<LiveListener>();
  let dirty = new Set<LiveTopic>();
  let scheduled = false;
  let disposed = false;
  let listenerErrors = 0;

  const flush = () => {
    scheduled = false;
    if (disposed || dirty.size === 0) return;
    const batch = dirty;
    dirty = new Set();
    for (const l of [...listeners]) {
      try {
        l(batch);
      } catch (err) {
        listenerErrors++;
        console.error('gridwall: live listener failed', err);
      }
    }
  };

  return {
    markDirty(topic) {
      dirty.add(topic);
      if (!scheduled && !disposed) {
        scheduled = true;
        schedule(flush);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush,
    get listenerErrors() {
      return listenerErrors;
    },
    dispose() {
      disposed = true;
      listeners.clear();
    },
  };
}

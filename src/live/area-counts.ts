import { countsByArea } from './models/incidents.model.ts';
import { relayNow, type LiveStore } from './live-store.ts';

// Open / overdue incidents per area id (street, community, grid), for the grid layer's incident
// metrics. Recomputed every few seconds while someone listens (overdue also changes with the clock,
// not only with messages) and published only when a count changed, with a version the grid layer
// keys its colours on. Owned by the live hub; the grid layer reads it through its metric context.

export type AreaCountMap = ReadonlyMap<string, Readonly<Record<string, number>>>;

export interface AreaCountsFeed {
  /** Counts per area id; a new map each time they change (empty until the live feed is up). */
  readonly counts: AreaCountMap;
  /** Bumped on every change of `counts`. */
  readonly version: number;
  /** Listener runs after each change; returns an unsubscribe. */
  subscribe(listener: () => void): () => void;
}

export interface AreaCountsSource extends AreaCountsFeed {
  /** Starts counting from this store (the hub calls it once the live feed is up). */
  attach(store: LiveStore, now: () => number): void;
  /** Recounts now; true when something changed. */
  refresh(): boolean;
  dispose(): void;
}

export const AREA_COUNTS_EVERY_MS = 3000;

export function createAreaCounts(everyMs = AREA_COUNTS_EVERY_MS): AreaCountsSource {
  let counts: AreaCountMap = new Map();
  let version = 0;
  let signature = '';
  let source: { store: LiveStore; now: () => number } | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  const listeners = new Set<() => void>();

  const refresh = (): boolean => {
    if (!source) return false;
    const next = countsByArea(source.store.incidents, relayNow(source.store, source.now()));
    let sig = '';
    for (const [id, c] of [...next.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
      sig += `${id}:${c.open}/${c.overdue},`;
    if (sig === signature) return false;
    signature = sig;
    counts = next as unknown as AreaCountMap;
    version++;
    for (const l of [...listeners]) l();
    return true;
  };
  const run = () => {
    if (timer || !source || listeners.size === 0) return;
    timer = setInterval(refresh, everyMs);
    refresh();
  };
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };

  return {
    get counts() {
      return counts;
    },
    get version() {
      return version;
    },
    subscribe(listener) {
      listeners.add(listener);
      run();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stop();
      };
    },
    attach(store, now) {
      source = { store, now };
      run();
    },
    refresh,
    dispose() {
      stop();
      listeners.clear();
      source = null;
    },
  };
}

// The main thread's side of the search worker: one worker per wall, started when the console
// loads, answering the latest query only (a reply to an older keystroke is dropped).
import type { RankedHit } from '../../domain/search/search.index.ts';
import type { SearchWorkerReply, SearchWorkerRequest } from './search.wire.ts';

export type SearchIndexStatus =
  { state: 'indexing' } | { state: 'ready'; count: number; buildMs: number } | { state: 'error'; message: string };

export interface SearchClient {
  readonly status: SearchIndexStatus;
  onStatus(listener: (s: SearchIndexStatus) => void): () => void;
  /** Resolves with the static hits, or null when a newer query overtook this one. */
  query(q: string, street: string | null, perKind: number): Promise<RankedHit[] | null>;
  close(): void;
}

export function createSearchClient(url = '/api/search/docs'): SearchClient {
  const worker = new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module' });
  let status: SearchIndexStatus = { state: 'indexing' };
  const listeners = new Set<(s: SearchIndexStatus) => void>();
  let seq = 0;
  const resolvers = new Map<number, (hits: RankedHit[] | null) => void>();
  const setStatus = (s: SearchIndexStatus) => {
    status = s;
    for (const l of [...listeners]) l(s);
  };
  worker.onmessage = (e: MessageEvent<SearchWorkerReply>) => {
    const m = e.data;
    if (m.type === 'ready') setStatus({ state: 'ready', count: m.count, buildMs: m.buildMs });
    else if (m.type === 'error') setStatus({ state: 'error', message: m.message });
    else {
      // Replies come in order: everything up to this one is settled, and only the latest query's
      // hits are worth showing.
      for (const [s, resolve] of resolvers) {
        if (s > m.seq) continue;
        resolvers.delete(s);
        resolve(s === seq && m.ready ? m.hits : null);
      }
    }
  };
  worker.onerror = (e) => setStatus({ state: 'error', message: e.message || 'worker failed' });
  const send = (m: SearchWorkerRequest) => worker.postMessage(m);
  send({ type: 'load', url });
  return {
    get status() {
      return status;
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    query(q, street, perKind) {
      const s = ++seq;
      return new Promise((resolve) => {
        resolvers.set(s, resolve);
        send({ type: 'query', seq: s, q, street, perKind });
      });
    },
    close() {
      worker.terminate();
      for (const r of resolvers.values()) r(null);
      resolvers.clear();
    },
  };
}

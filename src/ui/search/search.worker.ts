// The search box's static index, built and queried off the main thread: turning 74,000 names into
// pinyin takes seconds, far more than a frame. The wall's live things (people, incidents) are
// searched on the main thread from the live state and merged with these hits.
import { decodeDocs, type SearchDocsWire } from '../../domain/search/search.codec.ts';
import { buildIndex, StaticSearcher } from '../../domain/search/search.index.ts';
import type { SearchWorkerReply, SearchWorkerRequest } from './search.wire.ts';

let searcher: StaticSearcher | null = null;
const post = (m: SearchWorkerReply) => (self as unknown as Worker).postMessage(m);

async function load(url: string) {
  try {
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    const t0 = performance.now();
    const docs = decodeDocs((await res.json()) as SearchDocsWire);
    searcher = new StaticSearcher(buildIndex(docs));
    searcher.warm();
    post({ type: 'ready', count: docs.length, buildMs: Math.round(performance.now() - t0) });
  } catch (err) {
    post({ type: 'error', message: (err as Error).message });
  }
}

self.onmessage = (e: MessageEvent<SearchWorkerRequest>) => {
  const m = e.data;
  if (m.type === 'load') void load(m.url);
  else if (m.type === 'query') {
    if (!searcher) return post({ type: 'result', seq: m.seq, hits: [], ready: false });
    const hits = searcher.search(m.q, { scope: { streetId: m.street }, perKind: m.perKind });
    post({ type: 'result', seq: m.seq, hits, ready: true });
  }
};

// Messages between the search box and its worker.
import type { RankedHit } from '../../domain/search/search.index.ts';

export type SearchWorkerRequest =
  { type: 'load'; url: string } | { type: 'query'; seq: number; q: string; street: string | null; perKind: number };

export type SearchWorkerReply =
  | { type: 'ready'; count: number; buildMs: number }
  | { type: 'error'; message: string }
  | { type: 'result'; seq: number; hits: RankedHit[]; ready: boolean };

// The shift replay's history for one server: opened beside the relay's store (PostgreSQL when the
// relay shares one, else its own SQLite file), fed by the relay every few seconds, pruned in small
// steps, read by GET /api/replay.
import path from 'node:path';
import type express from 'express';
import type { Config } from '../config.ts';
import type { Storage } from '../storage/storage.ts';
import { HistoryRecorder } from './history.recorder.ts';
import { PostgresHistory } from './history.postgres.ts';
import { SqliteHistory } from './history.sqlite.ts';
import { replayRoutes } from './replay.routes.ts';

export interface History {
  recorder: HistoryRecorder;
  routes(d: { secret: string; demo: boolean; storage: Storage; streetIds: () => readonly string[] }): express.Router;
  close(): Promise<void>;
}

export async function openHistory(config: Config, log: (m: string) => void, now = () => Date.now()): Promise<History> {
  const store = config.databaseUrl
    ? await PostgresHistory.open(config.databaseUrl)
    : new SqliteHistory(path.join(config.dataDir, 'history.db'));
  const retentionMs = Math.max(1, config.historyDays) * 86_400_000;
  const recorder = new HistoryRecorder(store, { retentionMs, pruneBatch: 5_000, now, log });
  // prune a batch every 10 s; while a backlog remains (first start after a long stop) every second
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const step = async () => {
    const n = await recorder.pruneStep();
    if (!closed) timer = setTimeout(() => void step(), n > 0 ? 1_000 : 10_000).unref();
  };
  timer = setTimeout(() => void step(), 10_000).unref();
  return {
    recorder,
    routes: (d) => replayRoutes({ ...d, history: store, retentionMs, now }),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await recorder.close();
    },
  };
}

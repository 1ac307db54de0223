import type { Config } from '../config.ts';
import { PostgresStorage } from './postgres.storage.ts';
import { SqliteStorage } from './sqlite.storage.ts';
import type { Storage } from './storage.ts';

// The store a relay runs on: PostgreSQL when GRIDWALL_DATABASE_URL is set (several nodes may share
// it), else SQLite in the data directory (one node, `npm start`'s default).

export async function openStorage(
  config: Pick<Config, 'databaseUrl' | 'dbPath'>,
  o: { commitIntervalMs: number; log: (m: string) => void },
): Promise<Storage> {
  if (config.databaseUrl)
    return PostgresStorage.open(config.databaseUrl, { commitIntervalMs: o.commitIntervalMs, log: o.log });
  return new SqliteStorage(config.dbPath, { commitIntervalMs: o.commitIntervalMs });
}

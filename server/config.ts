import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Everything an operator can set, read once from the environment (README lists these). */
export interface Config {
  port: number;
  host: string;
  dataDir: string; // generated district + database
  districtDir: string; // data/district
  tilesDir: string; // public/tiles
  distDir: string; // the production bundle
  seed: number;
  /** JWT secret; when unset the server runs in demo mode and generates one in data/ */
  secret: string | null;
  dbPath: string;
  simulate: boolean;
  simSpeed: number;
  /** GRIDWALL_DATABASE_URL: PostgreSQL shared by several relay nodes (unset: SQLite at dbPath) */
  databaseUrl: string | null;
  /** GRIDWALL_REDIS_URL: broadcast between relay nodes (Socket.IO Redis Streams adapter) */
  redisUrl: string | null;
  /** GRIDWALL_RELAY_URLS: comma-separated relay nodes the simulated centers fail over between */
  relayUrls: string[];
  /** live ffmpeg test streams for demo data without any camera streams (0: none) */
  videoDemo: number;
  /** GRIDWALL_HISTORY_DAYS: how long the shift replay's history is kept */
  historyDays: number;
}

/** An imported district (npm run import) carries its tiles in <data>/tiles; the demo uses public/tiles. */
function ownTilesDir(dataDir: string): string | null {
  const own = path.join(dataDir, 'tiles');
  return fs.existsSync(path.join(own, 'buildings', 'tileset.json')) ? own : null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(ROOT, env.GRIDWALL_DATA_DIR ?? 'data');
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    districtDir: path.join(dataDir, 'district'),
    tilesDir: path.resolve(ROOT, env.GRIDWALL_TILES_DIR ?? ownTilesDir(dataDir) ?? 'public/tiles'),
    // a second bundle (an experiment, a bench build) can be served without replacing dist/
    distDir: path.resolve(ROOT, env.GRIDWALL_DIST_DIR ?? 'dist'),
    seed: Number(env.GRIDWALL_SEED ?? 20260114),
    secret: env.GRIDWALL_SECRET || null,
    dbPath: path.resolve(dataDir, env.GRIDWALL_DB ?? 'gridwall.db'),
    simulate: (env.GRIDWALL_SIMULATE ?? '1') !== '0',
    simSpeed: Number(env.GRIDWALL_SIM_SPEED ?? 1),
    databaseUrl: env.GRIDWALL_DATABASE_URL || null,
    redisUrl: env.GRIDWALL_REDIS_URL || null,
    relayUrls: (env.GRIDWALL_RELAY_URLS ?? '')
      .split(',')
      .map((u) => u.trim().replace(/\/$/, ''))
      .filter(Boolean),
    videoDemo: Number(env.GRIDWALL_VIDEO_DEMO ?? 4),
    historyDays: Number(env.GRIDWALL_HISTORY_DAYS ?? 7),
  };
}

import type express from 'express';
import type { Server } from 'socket.io';
import { ROOT, type Config } from '../config.ts';
import { resolveSecret } from '../relay/auth.ts';
import type { RelayMetrics } from '../relay/metrics.ts';
import { kpiRoutes } from '../kpi/kpi.routes.ts';
import { sceneLibraries, sceneRoutes } from '../scenes/scenes.routes.ts';
import type { Storage } from '../storage/storage.ts';
import { serverVersion } from './server-version.ts';
import { WallRegistry } from './wall-registry.ts';
import { attachWallNamespace } from './walls.socket.ts';
import { wallsRoutes } from './walls.routes.ts';

// Everything the hall wall and the briefing need from the server, in one call from app.ts:
// scenes and tours (/api/scenes, /api/tours), figures (/api/kpi), walls (/api/walls, /api/version,
// the /wall heartbeat namespace). Mounted after the relay (it reads the relay's store and secret).

export interface HallDeps {
  app: express.Express;
  config: Config;
  relay: { io: Server; metrics: RelayMetrics; demo: boolean; storage: Storage; crossNode?: boolean };
  now?: () => number;
}

export interface Hall {
  walls: WallRegistry;
  version: () => string;
}

export function mountHall({ app, config, relay, now }: HallDeps): Hall {
  // the relay has resolved (and in demo mode created) the secret by now
  const { secret } = resolveSecret(config.secret, config.dataDir, false);
  const auth = { secret, demo: relay.demo };
  const version = serverVersion(ROOT, config.distDir);
  const walls = new WallRegistry(now);
  attachWallNamespace({
    io: relay.io,
    secret,
    metrics: relay.metrics,
    registry: walls,
    version,
    now,
    // several nodes behind Redis: each shares its walls' last poses with the others
    crossNode: relay.crossNode,
  });
  app.use('/api', sceneRoutes(sceneLibraries({ rootDir: ROOT, dataDir: config.dataDir })));
  app.use('/api', kpiRoutes({ ...auth, storage: relay.storage, now, cacheMs: 5_000 }));
  app.use('/api', wallsRoutes({ ...auth, registry: walls, version }));
  return { walls, version };
}

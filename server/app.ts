import http from 'node:http';
import express from 'express';
import compression from 'compression';
import type { Config } from './config.ts';
import { loadDistrict, type DistrictStore } from './http/district-store.ts';
import { districtRoutes } from './http/district.routes.ts';
import { staticRoutes } from './http/static.routes.ts';
import { createRelay, type Relay } from './relay/relay.ts';

export interface Application {
  app: express.Express;
  httpServer: http.Server;
  district: DistrictStore;
  relay: Relay;
  /** Stops accepting, flushes storage, closes sockets. */
  close(): Promise<void>;
}

/**
 * Wires the one server: static app + tiles + data API + relay, all on one origin.
 * Kept apart from listen() so tests can start it on an ephemeral port.
 */
export async function createApplication(config: Config): Promise<Application> {
  const district = loadDistrict(config.districtDir);
  const app = express();
  app.disable('x-powered-by');
  app.use(compression());
  const httpServer = http.createServer(app);

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, uptimeS: Math.round(process.uptime()) });
  });
  app.use('/api', districtRoutes(district));
  const relay = await createRelay({ httpServer, app, config, district });
  app.use('/api', (req, res) => {
    res.status(404).json({ error: 'not-found', message: `no API route ${req.method} /api${req.path}` });
  });
  app.use(staticRoutes(config));

  return {
    app,
    httpServer,
    district,
    relay,
    async close() {
      await relay.close();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

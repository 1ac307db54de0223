import http from 'node:http';
import express from 'express';
import compression from 'compression';
import type { Config } from './config.ts';
import { loadDistrict, type DistrictStore } from './http/district-store.ts';
import { districtRoutes } from './http/district.routes.ts';
import { searchRoutes } from './search/search.routes.ts';
import { staticRoutes } from './http/static.routes.ts';
import { jsonErrors, notMatched } from './http/http-errors.ts';
import { createRelay, type Relay } from './relay/relay.ts';
import { mountHall } from './walls/hall.routes.ts';
import { openHistory } from './history/index.ts';
import { resolveSecret } from './relay/auth.ts';
import { attachFlvWebSocket } from './video/flv-websocket.ts';
import { createVideo, type Video } from './video/video.routes.ts';

export interface Application {
  app: express.Express;
  httpServer: http.Server;
  district: DistrictStore;
  relay: Relay;
  video: Video;
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
  app.use('/api', searchRoutes(district));
  // the shift replay's history (issue 13): fed by the relay's 5-second save of people and cameras
  const history = await openHistory(config, (m) => console.log(m));
  const relay = await createRelay({
    httpServer,
    app,
    config,
    district,
    onStaffSaved: (s, c) => history.recorder.record(s, c),
  });
  // before the data API's first answer: it rewrites each camera's stream to its /video path
  const video = createVideo({
    cameras: district.cameras,
    dataDir: config.dataDir,
    secret: config.secret,
    demoStreams: config.videoDemo,
    // a stream that fails or plays again is the camera's status for every wall (issue 12)
    health: (cameraId, status, by) => relay.cameraHealth(cameraId, status, by),
  });
  app.use('/video', video.router);
  // walls read live FLV over WebSocket: an HTTP/1.1 download per tile would take the page's six connections
  const flvSockets = attachFlvWebSocket(httpServer);
  // scenes, tours, figures and walls (issue 9): after the relay, whose store and secret they read
  mountHall({ app, config, relay });
  app.use(
    '/api',
    history.routes({
      secret: resolveSecret(config.secret, config.dataDir, false).secret,
      demo: relay.demo,
      storage: relay.storage,
      streetIds: () => district.streetIds,
    }),
  );
  app.use('/api', (req, res) => {
    res.status(404).json({ error: 'not-found', message: `no API route ${req.method} /api${req.path}` });
  });
  app.use(staticRoutes(config));
  // nothing below may reach Express's HTML error page (it shows stacks and paths)
  app.use(notMatched);
  app.use(jsonErrors());

  return {
    app,
    httpServer,
    district,
    relay,
    video,
    async close() {
      flvSockets.close();
      await relay.close();
      await history.close();
      await video.close();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

// One relay node as its own process, for the cluster proof test and bench (kill -9 needs a real
// process). Env: PORT (fixed: walls and centers list the nodes' addresses), GRIDWALL_DATABASE_URL,
// GRIDWALL_REDIS_URL, GRIDWALL_SECRET, GRIDWALL_DATA_DIR, GRIDWALL_TEST_STREETS (a district of
// S01..Snn without geometry). Prints `READY <port>` once listening.
import http from 'node:http';
import express from 'express';
import { loadConfig } from '../../server/config.ts';
import type { DistrictStore } from '../../server/http/district-store.ts';
import { createRelay } from '../../server/relay/relay.ts';

const streets = Array.from(
  { length: Number(process.env.GRIDWALL_TEST_STREETS ?? 30) },
  (_, n) => `S${String(n + 1).padStart(2, '0')}`,
);
const district = {
  loaded: true,
  streetIds: streets,
  streetById: new Map(streets.map((id) => [id, { id, level: 'street' }])),
  gridById: new Map(),
  staffById: new Map(),
  cameraById: new Map(),
  staff: [],
  cameras: [],
} as unknown as DistrictStore;

const config = { ...loadConfig(), host: '127.0.0.1', simulate: false };
const app = express();
const httpServer = http.createServer(app);
await createRelay({
  httpServer,
  app,
  config,
  district,
  log: (m) => process.stderr.write(`[node ${config.port}] ${m}\n`),
});
httpServer.listen(config.port, '127.0.0.1', () => {
  const addr = httpServer.address();
  process.stdout.write(`READY ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});

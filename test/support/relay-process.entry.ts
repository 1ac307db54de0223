// A relay alone on an ephemeral port, for tests that must kill -9 a real process.
// Env: GRIDWALL_DATA_DIR (temp dir), GRIDWALL_SECRET. Prints `READY <port>` when listening.
// Serves the tests' fixture district (streets S01, S02), as the in-process tests do.
import http from 'node:http';
import express from 'express';
import { loadConfig } from '../../server/config.ts';
import { createRelay } from '../../server/relay/relay.ts';
import { fixtureDistrict } from './relay.fixture.ts';

const config = { ...loadConfig(), port: 0, host: '127.0.0.1', simulate: false };
const app = express();
const httpServer = http.createServer(app);
await createRelay({ httpServer, app, config, district: fixtureDistrict(), log: () => {} });
httpServer.listen(0, '127.0.0.1', () => {
  const addr = httpServer.address();
  process.stdout.write(`READY ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});

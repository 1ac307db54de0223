// `npm start`: one Node server for the wall app, the tiles, the data API and the relay, plus the
// simulated street centers in a child process (so their load never shares the relay's event loop).
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createApplication } from './app.ts';
import { loadConfig, ROOT } from './config.ts';
import { boundHeapGrowth, collectStartupGarbage } from './startup-heap.ts';

const config = loadConfig();
try {
  boundHeapGrowth();
} catch (e) {
  console.error(`gridwall: ${(e as Error).message}`);
  process.exit(78);
}
const application = await createApplication(config);
const { httpServer } = application;
if (!application.district.loaded) {
  // without the streets the relay cannot check a token's scope: refuse, never serve open
  console.error(
    `gridwall: no district data in ${config.districtDir}; the relay cannot check street scopes without it, so it does not start.`,
  );
  console.error('gridwall: run npm run build:data (or npm start, which prepares the data first)');
  await application.close();
  process.exit(78);
}

await new Promise<void>((resolve, reject) => {
  httpServer.once('error', reject);
  httpServer.listen(config.port, config.host, () => resolve());
});
const url = `http://localhost:${config.port}`;
console.log(`gridwall: the wall is at ${url}`);
const heap = collectStartupGarbage();
const mb = (b: number) => Math.round(b / 2 ** 20);
console.log(
  heap.collected
    ? `gridwall: start-up garbage collected: heap ${mb(heap.heapBeforeBytes)} -> ${mb(heap.heapAfterBytes)} MB (${Math.round(heap.ms)} ms)`
    : 'gridwall: the runtime refused a start-up collection; the heap grows from where start-up left its mark until its next full one',
);

let simulator: ChildProcess | null = null;
const simEntry = path.join(ROOT, 'server', 'sim', 'cli.ts');
// Demo mode simulates unless GRIDWALL_SIMULATE=0. With a secret (a real hall) only an explicit
// GRIDWALL_SIMULATE=1 does: the centers then get tokens minted with that secret, street by street.
const simulateWithSecret = config.secret !== null && process.env.GRIDWALL_SIMULATE === '1';
if (config.simulate && fs.existsSync(simEntry) && (!config.secret || simulateWithSecret)) {
  let tokens = path.join(config.dataDir, 'dev-tokens.json');
  if (simulateWithSecret) tokens = await writeSimTokens();
  if (fs.existsSync(tokens)) {
    // GRIDWALL_RELAY_URLS: several relay nodes, the centers spread over them and fail over
    const relays = config.relayUrls.length ? config.relayUrls.join(',') : `http://127.0.0.1:${config.port}`;
    simulator = fork(simEntry, ['--url', relays, '--tokens', tokens, '--speed', String(config.simSpeed)], {
      execArgv: ['--import', 'tsx'],
      stdio: 'inherit',
    });
    console.log(
      `gridwall: ${application.district.streetIds.length} simulated street centers started (speed ×${config.simSpeed}; GRIDWALL_SIMULATE=0 turns them off)`,
    );
  }
} else if (config.simulate && config.secret) {
  console.log(
    'gridwall: a secret is configured, so the simulator is not started (real centers connect with their own tokens; GRIDWALL_SIMULATE=1 simulates them)',
  );
}

/** Center tokens for every street (and a display token to read back open incidents), owner-only. */
async function writeSimTokens(): Promise<string> {
  const ttlS = 30 * 24 * 3600;
  const centers: Record<string, string> = {};
  for (const s of application.district.streetIds)
    centers[s] = await application.relay.signToken({ role: 'center', scope: s, sub: `sim-${s}` }, ttlS);
  const display = await application.relay.signToken({ role: 'display', scope: 'district', sub: 'sim-display' }, ttlS);
  const file = path.join(config.dataDir, 'sim-tokens.json');
  fs.writeFileSync(file, JSON.stringify({ centers, display }) + '\n', { mode: 0o600 });
  return file;
}

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`gridwall: ${signal}, shutting down`);
  simulator?.kill('SIGTERM');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await application.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

// Simulated street centers as a process:
//   tsx server/sim/cli.ts --url http://127.0.0.1:8080 --tokens data/dev-tokens.json --speed 1 [--streets S01,S02]
// Several relay nodes: --url http://127.0.0.1:8080,http://127.0.0.1:8081 (or GRIDWALL_RELAY_URLS):
// the centers are spread over them and move to a live node by themselves.
// Other flags: --seed N, --rate N (reports per street per hour), --data DIR (district data dir),
// --wait S (seconds to wait for the tokens file: the relay writes it on its first start),
// --preroll M (simulated minutes played at once before going live, so the wall opens mid-day).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { startSimulator } from './simulator.ts';

// Defaults follow the server's own configuration (GRIDWALL_DATA_DIR), so a forked simulator reads
// the same district and tokens as the relay that forked it.
const config = loadConfig();
const { values } = parseArgs({
  options: {
    url: { type: 'string', default: config.relayUrls.join(',') || 'http://127.0.0.1:8080' },
    tokens: { type: 'string', default: path.join(config.dataDir, 'dev-tokens.json') },
    speed: { type: 'string', default: '1' },
    streets: { type: 'string' },
    seed: { type: 'string', default: String(config.seed) },
    rate: { type: 'string' },
    data: { type: 'string', default: config.districtDir },
    wait: { type: 'string', default: '60' },
    preroll: { type: 'string', default: '0' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(
    'usage: tsx server/sim/cli.ts --url URL --tokens FILE [--speed N] [--streets S01,S02] [--seed N] [--rate N] [--data DIR]',
  );
  process.exit(0);
}

const speed = Number(values.speed);
if (!(speed > 0)) throw new Error(`--speed must be a positive number, got ${values.speed}`);

const deadline = Date.now() + Number(values.wait) * 1000;
while (!fs.existsSync(values.tokens!)) {
  if (Date.now() > deadline) {
    console.error(`[sim] ${values.tokens} not found: start the server in demo mode first (it writes the dev tokens)`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 500));
}

const urls = values
  .url!.split(',')
  .map((u) => u.trim().replace(/\/$/, ''))
  .filter(Boolean);
const sim = startSimulator({
  url: urls[0]!,
  urls,
  tokens: values.tokens!,
  speed,
  streets: values.streets
    ? values.streets
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined,
  districtDir: values.data,
  seed: Number(values.seed),
  incidentsPerHour: values.rate !== undefined ? Number(values.rate) : undefined,
  prerollMs: Number(values.preroll) * 60_000,
});

const report = setInterval(() => {
  const s = sim.stats();
  const rejected = Object.values(s.links).reduce((n, l) => n + Object.values(l.rejected).reduce((a, b) => a + b, 0), 0);
  console.log(
    `[sim] ${new Date(s.simTime).toISOString()} connected ${s.connected}/${s.streets} reports ${s.published['incident:report']} ` +
      `steps ${s.published['incident:update']} positions ${s.published.positions} cameras ${s.published['camera:status']} pending ${s.pending} refused ${rejected}`,
  );
}, 30_000);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  clearInterval(report);
  await sim.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
process.on('disconnect', shutdown); // forked by the server: leave with the parent

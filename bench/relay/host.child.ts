// Relay process for the bench: the real relay (createApplication with a temp data dir and a
// configured secret; one cluster node when the bench sets GRIDWALL_DATABASE_URL and
// GRIDWALL_REDIS_URL) or the naive one, on an ephemeral loopback port. Reports its own CPU, memory
// and event-loop delay for the measured window. Driven over IPC by relay.bench.ts.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApplication } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { DISTRICT_FILES } from '../../src/domain/district.types.ts';
import { fixtureData } from '../../test/support/sim.fixture.ts';
import { Hist } from './hist.ts';
import { startNaiveRelay } from './naive-relay.ts';

const [kind, districtDirArg, streetsArg] = process.argv.slice(2);
const streets = streetsArg.split(',');
const send = (m: object) => process.send!(m);

let close: () => Promise<void>;
let port: number;
let tokens: { centers: Record<string, string>; display: string };
let tmp: string | null = null;
/** the real relay's own receipt-to-broadcast histogram (Prometheus buckets), for the breakdown */
let snapshotSize: (() => { jsonBytes: number; packedBytes: number }) | null = null;
const ingestLag = new Hist();
const seen = new Set<string>();
let relayMetrics: {
  deliverLatency: {
    reset(): void;
    get(): Promise<{ values: { labels: Record<string, unknown>; value: number; metricName?: string }[] }>;
  };
} | null = null;

if (kind === 'real') {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-bench-'));
  // one of several nodes (bench --city): the run's shared PostgreSQL, Redis and secret, from the
  // environment relay.bench.ts gives this process; else one node on SQLite in the temp dir
  const env = process.env;
  const config = loadConfig({
    GRIDWALL_DATA_DIR: tmp,
    GRIDWALL_SECRET: env.GRIDWALL_SECRET || crypto.randomBytes(32).toString('hex'),
    GRIDWALL_DATABASE_URL: env.GRIDWALL_DATABASE_URL,
    GRIDWALL_REDIS_URL: env.GRIDWALL_REDIS_URL,
    GRIDWALL_SIMULATE: '0',
    HOST: '127.0.0.1',
    PORT: '0',
  });
  // The district the load generator uses (read-only); absent: the synthetic district it then uses,
  // written here, since the relay knows no street without district data.
  if (districtDirArg !== '-') config.districtDir = districtDirArg;
  else {
    const { hierarchy, staff, cameras } = fixtureData(streets.length);
    fs.mkdirSync(config.districtDir, { recursive: true });
    const write = (file: string, v: unknown) =>
      fs.writeFileSync(path.join(config.districtDir, file), JSON.stringify(v));
    write(DISTRICT_FILES.hierarchy, { version: 1, seed: 0, communities: [], ...hierarchy });
    write(DISTRICT_FILES.staff, staff);
    write(DISTRICT_FILES.cameras, cameras);
  }
  const app = await createApplication(config);
  await new Promise<void>((r) => app.httpServer.listen(0, '127.0.0.1', () => r()));
  port = (app.httpServer.address() as AddressInfo).port;
  const sign = (role: 'center' | 'display', scope: string) =>
    app.relay.signToken({ role, scope, sub: `bench-${scope}` }, 3600);
  const centers: Record<string, string> = {};
  for (const s of streets) centers[s] = await sign('center', s);
  tokens = { centers, display: await sign('display', 'district') };
  close = () => app.close();
  // how late incident events reach the relay: the center's stamp to the relay's receipt (the
  // generator's own lag, the wire and this node's inbound queue), the first leg of their latency
  app.relay.io.of('/ingest').on('connection', (socket) =>
    socket.onAny((event: string, msg: { eventId?: string; at?: number; incident?: { reportedAt?: number } }) => {
      const at = event === 'incident:update' ? msg?.at : event === 'incident:report' ? msg?.incident?.reportedAt : 0;
      // first receipt only: a retry (after `unavailable`) keeps its first stamp
      if (!measuring || !at || !msg.eventId || seen.has(msg.eventId)) return;
      seen.add(msg.eventId);
      ingestLag.add(Date.now() - at);
    }),
  );
  relayMetrics = app.relay.metrics;
  snapshotSize = () => app.relay.snapshots.measure('district', streets);
} else {
  const naive = startNaiveRelay();
  await new Promise<void>((r) => naive.httpServer.listen(0, '127.0.0.1', () => r()));
  port = (naive.httpServer.address() as AddressInfo).port;
  tokens = { centers: Object.fromEntries(streets.map((s) => [s, 'none'])), display: 'none' };
  close = () => naive.close();
}

let cpu0 = process.cpuUsage();
let measuring = false;
let t0 = performance.now();
let rssMax = 0;
let heapMax = 0;
const eld = monitorEventLoopDelay({ resolution: 10 });
// A relay that buffers without bound (the naive one, facing slow displays) could take the shared
// machine's memory: past this limit the bench ends the window early and says so.
const RSS_LIMIT = Number(process.env.BENCH_RSS_LIMIT_MB ?? 3072) * 2 ** 20;
let overloaded = false;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  rssMax = Math.max(rssMax, m.rss);
  heapMax = Math.max(heapMax, m.heapUsed);
  if (m.rss > RSS_LIMIT && !overloaded) {
    overloaded = true;
    send({ type: 'overload', rssMB: m.rss / 2 ** 20 });
  }
}, 250);

process.on('message', async (m: { type: string }) => {
  if (m.type === 'measure-start') {
    cpu0 = process.cpuUsage();
    t0 = performance.now();
    rssMax = heapMax = 0;
    eld.reset();
    eld.enable();
    measuring = true;
    ingestLag.reset();
    relayMetrics?.deliverLatency.reset();
  } else if (m.type === 'measure-stop') {
    measuring = false;
    const c = process.cpuUsage(cpu0);
    const wall = performance.now() - t0;
    eld.disable();
    const buckets: [string, number][] = []; // le as text: '+Inf' would not survive IPC's JSON
    for (const v of (await relayMetrics?.deliverLatency.get())?.values ?? []) {
      if (v.metricName?.endsWith('_bucket') && v.labels.kind === 'incident')
        buckets.push([String(v.labels.le), v.value]);
    }
    send({
      relayBuckets: buckets,
      type: 'measured',
      cpuPct: ((c.user + c.system) / 1000 / wall) * 100,
      rssMaxMB: rssMax / 2 ** 20,
      heapMaxMB: heapMax / 2 ** 20,
      loopDelayP99Ms: eld.percentile(99) / 1e6,
      loopDelayP50Ms: eld.percentile(50) / 1e6,
      loopDelayMaxMs: eld.max / 1e6,
      ingestLag: ingestLag.toJSON(),
      snapshot: snapshotSize?.() ?? null,
    });
  } else if (m.type === 'stop') {
    clearInterval(sampler);
    await Promise.race([close(), new Promise((r) => setTimeout(r, 5_000))]);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', port, tokens });

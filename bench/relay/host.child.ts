// Relay process for the bench: the real relay (createApplication with a temp data dir and a
// configured secret; one cluster node when the bench sets GRIDWALL_DATABASE_URL and
// GRIDWALL_REDIS_URL) or the naive one, on an ephemeral loopback port. Reports its own CPU, memory
// and event-loop delay for the measured window. Driven over IPC by relay.bench.ts.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { constants as perfConstants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { createApplication } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { boundHeapGrowth, collectStartupGarbage } from '../../server/startup-heap.ts';
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
/** receipt to this node's own broadcast (commit included), in the bench's fine buckets */
const relayLeg = new Hist();
/** inside it: the store's append (queue for the one commit in flight, then PostgreSQL's commit) */
const appendLeg = new Hist();
const seen = new Set<string>();
/** what a node holds in its /live connections' queues (BENCH_MEM_LOG timeline) */
let queued: (() => { packets: number; bytes: number; worstPackets: number }) | null = null;
let relayMetrics: {
  deliverLatency: {
    reset(): void;
    get(): Promise<{ values: { labels: Record<string, unknown>; value: number; metricName?: string }[] }>;
  };
} | null = null;

if (kind === 'real') {
  // as server/main.ts does (GRIDWALL_HEAP_GROWING_PERCENT=0: V8's own factor, for comparison)
  boundHeapGrowth();
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
  // as server/main.ts does once it listens
  collectStartupGarbage();
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
  const live = app.relay.io.of('/live');
  queued = () => {
    let packets = 0;
    let bytes = 0;
    let worstPackets = 0;
    for (const socket of live.sockets.values()) {
      const conn = socket.conn as unknown as {
        writeBuffer?: unknown[];
        transport?: { socket?: { bufferedAmount?: number } };
      };
      const n = conn.writeBuffer?.length ?? 0;
      packets += n;
      worstPackets = Math.max(worstPackets, n);
      bytes += conn.transport?.socket?.bufferedAmount ?? 0;
    }
    return { packets, bytes, worstPackets };
  };
  const storage = app.relay.storage;
  // exploratory (BENCH_SQL_LOG): every PostgreSQL query's time, to tell waiting from committing
  const pool = (
    storage as unknown as {
      pool?: {
        query: (...a: unknown[]) => Promise<unknown>;
        totalCount: number;
        idleCount: number;
        waitingCount: number;
      };
    }
  ).pool;
  if (pool && process.env.BENCH_SQL_LOG) {
    const out = fs.createWriteStream(path.join(process.env.BENCH_SQL_LOG, `sql-${process.pid}.tsv`));
    const q = pool.query.bind(pool);
    pool.query = (...args: unknown[]) => {
      const t = performance.now();
      const w = pool.waitingCount;
      const idle = pool.idleCount;
      const p = q(...args);
      const sql = String(args[0]).replace(/\s+/g, ' ').slice(0, 30);
      void p.then(
        () =>
          out.write(
            `${Date.now()}\t${measuring ? 1 : 0}\t${(performance.now() - t).toFixed(1)}\t${idle}\t${w}\t${sql}\n`,
          ),
        () => {},
      );
      return p;
    };
  }
  const append = storage.append.bind(storage);
  storage.append = (w) => {
    const t = performance.now();
    const p = append(w);
    if (measuring && w.record.event.kind === 'incident')
      void p.then(
        () => appendLeg.add(performance.now() - t),
        () => {},
      );
    return p;
  };
  // the relay's own receipt-to-broadcast histogram has Prometheus buckets (100, 250, 500 ms): too
  // coarse to tell a 101 ms p99 from a 240 ms one, so the same observations go into a Hist as well
  const observe = app.relay.metrics.deliverLatency.observe.bind(app.relay.metrics.deliverLatency);
  app.relay.metrics.deliverLatency.observe = ((labels: { kind?: string }, s: number) => {
    if (measuring && labels.kind === 'incident') relayLeg.add(s * 1000);
    observe(labels, s);
  }) as typeof observe;
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
// BENCH_MEM_LOG=<dir>: each node writes its memory and its walls' queues every 250 ms (a TSV), to
// find what holds the memory when a node's heap jumps
const memLog = process.env.BENCH_MEM_LOG
  ? fs.createWriteStream(path.join(process.env.BENCH_MEM_LOG, `node-${process.pid}.tsv`))
  : null;
memLog?.write(
  't\tmeasuring\trssMB\theapMB\texternalMB\tarrayBuffersMB\tqueuedPackets\tworstPackets\twsBufferedMB\tliveHeapMB\tmajorGcs\tlateMs\n',
);
const MB = (x: number) => (x / 2 ** 20).toFixed(1);
// The heap right after the last full GC: what the node really holds. The heap's maximum is mostly
// garbage waiting for the next full GC, whose threshold V8 sets from the live size it last found
// (a node whose full GC fell in the start-up burst waits for a much larger heap: 392 MB once).
let liveHeap = 0;
let liveHeapMax = 0;
let majorGcs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as { detail?: { kind?: number } }).detail?.kind;
    if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) {
      liveHeap = process.memoryUsage().heapUsed;
      if (measuring) liveHeapMax = Math.max(liveHeapMax, liveHeap);
      majorGcs++;
    }
  }
}).observe({ entryTypes: ['gc'] });
let gcs0 = 0;
let lastSample = performance.now();
const sampler = setInterval(() => {
  // how late this 250 ms timer fired: a timeline of the node's loop blocks
  const now = performance.now();
  const late = now - lastSample - 250;
  lastSample = now;
  const m = process.memoryUsage();
  rssMax = Math.max(rssMax, m.rss);
  heapMax = Math.max(heapMax, m.heapUsed);
  if (memLog) {
    const q = queued?.() ?? { packets: 0, bytes: 0, worstPackets: 0 };
    memLog.write(
      `${Date.now()}\t${measuring ? 1 : 0}\t${MB(m.rss)}\t${MB(m.heapUsed)}\t${MB(m.external)}\t${MB(m.arrayBuffers)}\t${q.packets}\t${q.worstPackets}\t${MB(q.bytes)}\t${MB(liveHeap)}\t${majorGcs}\t${late.toFixed(0)}\n`,
    );
  }
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
    relayLeg.reset();
    appendLeg.reset();
    liveHeapMax = 0;
    gcs0 = majorGcs;
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
      relayLeg: relayLeg.toJSON(),
      appendLeg: appendLeg.toJSON(),
      liveHeapMaxMB: liveHeapMax / 2 ** 20,
      majorGcs: majorGcs - gcs0,
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

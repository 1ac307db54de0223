// npm run bench:relay [-- --duration 20 --warmup 8 --displays 100 --positions 10000 --incidents 10 --relays real,naive]
// npm run bench:relay -- --city    300 synthetic streets, 50,000 positions/s, 20 incident events/s,
//                                  100 walls: 10 see the whole city, 90 one street each
// --frames json|binary (real relay's walls; default binary), --attack N (snapshot amplification)
//
// 30 simulated street centers publish ~10,000 position updates/s and ~10 incident events/s in total;
// 100 displays subscribe to the whole district. Same load, same run, against (1) the real relay
// (createApplication: storage, numbered streams, coalesced position frames) and (2) a naive relay
// that forwards every message to every display as it arrives. Relay, load generator and displays
// run in separate processes (fork + tsx) on loopback; each phase is bounded in time.
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Hist, type HistJson } from './relay/hist.ts';
import { benchStaffIds, benchWorld } from './relay/world.bench.ts';

const { values: a } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '8' },
    drain: { type: 'string', default: '3' },
    displays: { type: 'string', default: '100' },
    'display-procs': { type: 'string', default: '2' },
    positions: { type: 'string', default: '10000' },
    incidents: { type: 'string', default: '10' },
    speed: { type: 'string', default: '30' },
    relays: { type: 'string', default: 'real,naive' },
    // snapshot amplification (issue 10 §4): this many displays re-subscribe to the district in a loop
    attack: { type: 'string', default: '0' },
    frames: { type: 'string', default: 'binary' },
    city: { type: 'boolean', default: false },
  },
});
const CITY = a.city === true;
if (CITY) {
  // the city's load unless given explicitly
  const given = (k: string) => process.argv.some((x) => x === `--${k}` || x.startsWith(`--${k}=`));
  if (!given('positions')) a.positions = '50000';
  if (!given('incidents')) a.incidents = '20';
}
const CITY_STREETS = 300;
const CITY_DISTRICT_WALLS = 10;
const DURATION_S = Number(a.duration);
const WARMUP_S = Number(a.warmup);
const DRAIN_S = Number(a.drain);
const DISPLAYS = Number(a.displays);
const DISPLAY_PROCS = Math.max(1, Math.min(DISPLAYS, Number(a['display-procs'])));
const SPEED = Number(a.speed);
const ATTACK = Number(a.attack);
const here = path.dirname(new URL(import.meta.url).pathname);

const { world, districtDir } = benchWorld(CITY ? CITY_STREETS : undefined);
const staffIds = benchStaffIds(world);
const streetOfStaff = new Map(world.streets.flatMap((s) => s.staff.map((p) => [p.id, s.id] as const)));
const staffStreets = staffIds.map((id) => streetOfStaff.get(id) ?? '');
const streets = world.streets.map((s) => s.id);
// city: 10 walls on the whole city, the rest on one street each, spread over the streets
const scopes = Array.from({ length: DISPLAYS }, (_, d) =>
  !CITY || d < CITY_DISTRICT_WALLS ? 'district' : streets[((d - CITY_DISTRICT_WALLS) * 7) % streets.length]!,
);
const districtWalls = scopes.filter((x) => x === 'district').length;
// Every person reports once per interval: the interval sets the position rate.
const positionIntervalMs = Math.max(20, Math.round((staffIds.length / Number(a.positions)) * 1000));
// Steady state ≈ 7.3 stored steps per report (report, acknowledge, dispatch, arrive, handle,
// feedback, close, most rated, a few escalations; measured on the core at 10:00-12:00 local, when
// some disputes are still open); the sim clock starts at 10:00 local (diurnal 1.5).
const EVENTS_PER_INCIDENT = 7.3;
const incidentsPerHour = (Number(a.incidents) * 3600) / (streets.length * 1.5 * SPEED * EVENTS_PER_INCIDENT);
const simStart = Date.UTC(2026, 10, 23, 2, 0); // 10:00 in Qianjiang
// a day already under way, so the lifecycle mix is steady (the city: shorter, 300 streets to roll)
const PREROLL_MS = CITY ? 10 * 60_000 : 2 * 3600_000;

interface Msg {
  type: string;
  [k: string]: unknown;
}

function child(
  file: string,
  args: string[] = [],
): { cp: ChildProcess; next: (type: string, ms: number) => Promise<Msg> } {
  const cp = fork(path.join(here, 'relay', file), args, {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: Msg[] = [];
  const listeners: ((m: Msg) => void)[] = [];
  cp.on('message', (m: Msg) => {
    if (m.type === 'error') console.error(`  ${file}: ${m.message}`);
    waiting.push(m);
    for (const l of listeners) l(m);
  });
  const next = (type: string, ms: number) =>
    new Promise<Msg>((resolve, reject) => {
      const i = waiting.findIndex((m) => m.type === type);
      if (i >= 0) return resolve(waiting.splice(i, 1)[0]);
      const timer = setTimeout(() => reject(new Error(`${file}: no '${type}' within ${ms} ms`)), ms);
      const l = (m: Msg) => {
        if (m.type !== type) return;
        clearTimeout(timer);
        listeners.splice(listeners.indexOf(l), 1);
        waiting.splice(waiting.indexOf(m), 1);
        resolve(m);
      };
      listeners.push(l);
      cp.once('exit', (code) => reject(new Error(`${file} exited (${code}) before '${type}'`)));
    });
  return { cp, next };
}

async function stopChild(c: { cp: ChildProcess }) {
  if (c.cp.exitCode !== null) return;
  const exited = new Promise((r) => c.cp.once('exit', r));
  c.cp.send({ type: 'stop' });
  const t = setTimeout(() => c.cp.kill('SIGKILL'), 8_000);
  await exited;
  clearTimeout(t);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Result {
  kind: string;
  measuredS: number;
  positionsPerS: number;
  incidentEventsPerS: number;
  incidentEvents: number;
  deliveredShare: number;
  incidentDeliveriesPerS: number;
  rowDeliveriesPerS: number;
  messagesPerS: number;
  bytesPerS: number;
  latency: Hist;
  ackLatency: Hist;
  staleness: Hist;
  missingShare: number;
  cpuPct: number;
  rssMaxMB: number;
  heapMaxMB: number;
  loopDelayP99Ms: number;
  rejected: Record<string, number>;
  lostBatches: number;
  loadLoopDelayP99Ms: number;
  displayLoopDelayP99Ms: number;
  disconnectedDisplays: number;
  displayDrops: number;
  /** real relay only: cumulative (le seconds as text, count) of its receipt-to-broadcast histogram */
  relayBuckets?: [string, number][];
  snapshot?: { jsonBytes: number; packedBytes: number } | null;
  attack?: {
    subscribes: number;
    ok: number;
    refused: Record<string, number>;
    snapshots: number;
    snapshotBytes: number;
    errors: number;
  };
}

async function runOne(kind: 'real' | 'naive'): Promise<Result> {
  console.log(
    `\n[${kind}] starting relay, ${DISPLAYS} displays in ${DISPLAY_PROCS} processes, ${streets.length} centers`,
  );
  const host = child('host.child.ts', [kind, districtDir ?? '-', streets.join(',')]);
  const procs: ReturnType<typeof child>[] = [];
  let load: ReturnType<typeof child> | null = null;
  let attacker: ReturnType<typeof child> | null = null;
  try {
    const ready = (await host.next('ready', 60_000)) as unknown as {
      port: number;
      tokens: { centers: Record<string, string>; display: string };
    };
    const url = `http://127.0.0.1:${ready.port}`;
    for (let p = 0, first = 0; p < DISPLAY_PROCS; p++) {
      const count = Math.floor(DISPLAYS / DISPLAY_PROCS) + (p < DISPLAYS % DISPLAY_PROCS ? 1 : 0);
      const d = child('display.child.ts');
      d.cp.send({
        url,
        token: ready.tokens.display,
        count,
        kind,
        staffIds,
        staffStreets,
        binary: a.frames === 'binary',
        scopes: scopes.slice(first, first + count),
      });
      first += count;
      procs.push(d);
    }
    await Promise.all(procs.map((d) => d.next('ready', 60_000)));
    load = child('load.child.ts');
    load.cp.on('message', (m: Msg) => {
      if (m.type === 'pub') for (const d of procs) if (d.cp.connected) d.cp.send(m);
    });
    load.cp.send({
      url,
      centers: ready.tokens.centers,
      speed: SPEED,
      incidentsPerHour,
      positionIntervalMs,
      prerollMs: PREROLL_MS,
      startMs: simStart,
      streets: CITY ? CITY_STREETS : undefined,
    });
    let progress: Msg | null = null;
    load.cp.on('message', (m: Msg) => {
      if (m.type === 'progress') progress = m;
    });
    await load.next('ready', CITY ? 240_000 : 120_000).catch((e) => {
      const p = progress as { connected?: number; pending?: number } | null;
      // every center is up but the generator never drains its backlog: this machine cannot make
      // the load (it shares two cores with the relay and the walls); measure anyway and say so
      if (p?.connected === streets.length) {
        console.log(
          `[${kind}] load generator still ${p.pending} messages behind: the machine cannot generate this load; measuring anyway`,
        );
        return;
      }
      throw new Error(`${(e as Error).message}; last progress ${JSON.stringify(progress)}`);
    });
    if (ATTACK > 0 && kind === 'real') {
      attacker = child('attack.child.ts');
      attacker.cp.send({ url, token: ready.tokens.display, connections: ATTACK });
      await attacker.next('ready', 30_000);
      console.log(`[${kind}] ${ATTACK} attacking displays re-subscribe to the district in a loop`);
    }
    console.log(
      `[${kind}] centers connected and preroll delivered; warming up ${WARMUP_S} s, measuring ${DURATION_S} s`,
    );
    await sleep(WARMUP_S * 1000);
    const from = Date.now();
    for (const c of [host, load, ...procs, ...(attacker ? [attacker] : [])])
      c.cp.send({ type: 'measure-start', at: from });
    const t0 = performance.now();
    const overload = host.next('overload', DURATION_S * 1000).then(
      (m) => m,
      () => null,
    );
    const cut = await Promise.race([sleep(DURATION_S * 1000).then(() => null), overload]);
    const measuredS = (performance.now() - t0) / 1000;
    if (cut)
      console.log(
        `[${kind}] relay RSS passed ${Math.round(cut.rssMB as number)} MB after ${measuredS.toFixed(1)} s: window ended early`,
      );
    const to = Date.now();
    host.cp.send({ type: 'measure-stop' });
    attacker?.cp.send({ type: 'measure-stop' });
    load.cp.send({ type: 'measure-stop', at: to });
    for (const d of procs) d.cp.send({ type: 'measure-stop', at: to, drainMs: DRAIN_S * 1000 });
    const h = (await host.next('measured', 30_000)) as unknown as Result;
    const attack = attacker ? ((await attacker.next('measured', 30_000)) as unknown as Result['attack']) : undefined;
    const l = (await load.next('measured', 30_000)) as unknown as Omit<Result, 'ackLatency'> & {
      connected: number;
      ackLatency: HistJson;
    };
    const ackLatency = new Hist();
    ackLatency.merge(l.ackLatency);
    const ds = (await Promise.all(
      procs.map((d) => d.next('measured', 30_000 + DRAIN_S * 1000)),
    )) as unknown as (Result & {
      latency: HistJson;
      staleness: HistJson;
      missing: number;
      incidentDeliveries: number;
      connected: number;
    })[];
    const latency = new Hist();
    const staleness = new Hist();
    let missing = 0;
    let delivered = 0;
    for (const d of ds) {
      latency.merge(d.latency);
      staleness.merge(d.staleness);
      missing += d.missing;
      delivered += d.incidentDeliveries;
    }
    const sum = (k: 'rowDeliveriesPerS' | 'messagesPerS' | 'bytesPerS') => ds.reduce((s, d) => s + d[k], 0);
    // a street wall gets its street's events only: about 1/streets of them
    const expectedPerEvent = districtWalls + (DISPLAYS - districtWalls) / streets.length;
    return {
      kind,
      positionsPerS: l.positionsPerS,
      incidentEventsPerS: l.incidentEventsPerS,
      incidentEvents: l.incidentEvents,
      deliveredShare: l.incidentEvents ? delivered / (l.incidentEvents * expectedPerEvent) : NaN,
      incidentDeliveriesPerS: delivered / measuredS,
      measuredS,
      rowDeliveriesPerS: sum('rowDeliveriesPerS'),
      messagesPerS: sum('messagesPerS'),
      bytesPerS: sum('bytesPerS'),
      latency,
      ackLatency,
      staleness,
      missingShare: missing / (missing + staleness.n || 1),
      cpuPct: h.cpuPct,
      rssMaxMB: h.rssMaxMB,
      heapMaxMB: h.heapMaxMB,
      loopDelayP99Ms: h.loopDelayP99Ms,
      rejected: l.rejected,
      lostBatches: (l as unknown as { lostBatches: number }).lostBatches,
      loadLoopDelayP99Ms: (l as unknown as { loopDelayP99Ms: number }).loopDelayP99Ms,
      displayLoopDelayP99Ms: Math.max(...ds.map((d) => (d as unknown as { loopDelayP99Ms: number }).loopDelayP99Ms)),
      disconnectedDisplays: DISPLAYS - ds.reduce((s, d) => s + d.connected, 0),
      relayBuckets: (h as unknown as { relayBuckets?: [string, number][] }).relayBuckets,
      displayDrops: ds.reduce((s, d) => s + (d as unknown as { drops: number }).drops, 0),
      attack,
      snapshot: (h as unknown as { snapshot?: Result['snapshot'] }).snapshot ?? null,
    };
  } finally {
    if (attacker) await stopChild(attacker);
    if (load) await stopChild(load);
    await Promise.all(procs.map(stopChild));
    await stopChild(host);
  }
}

/** the upper bound of the Prometheus bucket holding quantile q ('-' without buckets) */
function bucketQuantile(text: [string, number][] | undefined, q: number): string {
  const buckets = (text ?? [])
    .map(([le, n]) => [le === '+Inf' ? Infinity : Number(le), n] as const)
    .sort((x, y) => x[0] - y[0]);
  const total = buckets.at(-1)?.[1] ?? 0;
  if (total === 0) return '-';
  const hit = buckets.find(([, n]) => n >= q * total);
  return hit && Number.isFinite(hit[0]) ? String(hit[0] * 1000) : '> 2500';
}
const f = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '-');
console.log(
  `relay bench${CITY ? ' (city)' : ''}: ${streets.length} centers, ${staffIds.length} staff (${districtDir ? 'generated district' : 'synthetic district'}), ${a.frames} frames, ` +
    `positions every ${positionIntervalMs} ms per person (target ${a.positions}/s), ~${a.incidents} incident events/s ` +
    `(sim speed ${SPEED}, ${incidentsPerHour.toFixed(2)} reports/street/h), ${DISPLAYS} displays (${districtWalls} on the whole district), ${DURATION_S} s per relay`,
);
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
// The machine is shared: its load is part of the context of every figure below.
console.log(`machine: ${os.cpus().length} cores, load average ${load()} at start`);
const results: Result[] = [];
for (const kind of a.relays!.split(',') as ('real' | 'naive')[]) results.push(await runOne(kind));

const rows: [string, (r: Result) => string][] = [
  ['measured window s', (r) => f(r.measuredS, 1)],
  ['positions published /s', (r) => f(r.positionsPerS)],
  ['incident events published /s', (r) => f(r.incidentEventsPerS, 1)],
  ['incident events delivered /s (all displays)', (r) => f(r.incidentDeliveriesPerS)],
  ['incident events delivered (share of expected)', (r) => f(r.deliveredShare * 100, 1) + ' %'],
  ['position rows delivered /s (all displays)', (r) => f(r.rowDeliveriesPerS)],
  ['messages delivered /s (all displays)', (r) => f(r.messagesPerS)],
  ['bytes delivered MB/s (all displays, on the wire)', (r) => f(r.bytesPerS / 2 ** 20, 2)],
  ['district snapshot at the end: JSON MB', (r) => (r.snapshot ? f(r.snapshot.jsonBytes / 2 ** 20, 2) : '-')],
  [
    'district snapshot at the end: packed (binary) MB',
    (r) => (r.snapshot ? f(r.snapshot.packedBytes / 2 ** 20, 2) : '-'),
  ],
  ['center publish-to-ack p50 ms (durable commit)', (r) => f(r.ackLatency.quantile(0.5), 1)],
  ['center publish-to-ack p99 ms', (r) => f(r.ackLatency.quantile(0.99), 1)],
  ['incident latency p50 ms', (r) => f(r.latency.quantile(0.5), 1)],
  ['incident latency p99 ms', (r) => f(r.latency.quantile(0.99), 1)],
  ['incident latency max ms', (r) => f(r.latency.max, 1)],
  ['  of which in the relay: receipt to broadcast p99 <= ms', (r) => bucketQuantile(r.relayBuckets, 0.99)],
  ['position staleness p50 ms', (r) => f(r.staleness.quantile(0.5))],
  ['position staleness p99 ms', (r) => f(r.staleness.quantile(0.99))],
  ['position staleness max ms', (r) => f(r.staleness.max)],
  ['positions never received (share, sampled displays)', (r) => f(r.missingShare * 100, 2) + ' %'],
  ['relay CPU % (of one core)', (r) => f(r.cpuPct)],
  ['relay RSS max MB', (r) => f(r.rssMaxMB)],
  ['relay heap max MB', (r) => f(r.heapMaxMB)],
  ['relay event-loop delay p99 ms', (r) => f(r.loopDelayP99Ms, 1)],
  ['load generator event-loop delay p99 ms', (r) => f(r.loadLoopDelayP99Ms, 1)],
  ['display processes event-loop delay p99 ms (worst)', (r) => f(r.displayLoopDelayP99Ms, 1)],
  ['display disconnections during the run (reconnected)', (r) => String(r.displayDrops)],
  ['displays disconnected at the end', (r) => String(r.disconnectedDisplays)],
  ['center events refused', (r) => JSON.stringify(r.rejected)],
  ['position batches lost at the centers (whole run)', (r) => String(r.lostBatches)],
  ...(ATTACK > 0
    ? ([
        ['attack: district subscribes answered', (r) => (r.attack ? String(r.attack.subscribes) : '-')],
        ['attack: refused (by reason)', (r) => (r.attack ? JSON.stringify(r.attack.refused) : '-')],
        ['attack: snapshots received', (r) => (r.attack ? String(r.attack.snapshots) : '-')],
        ['attack: snapshot MB received', (r) => (r.attack ? f(r.attack.snapshotBytes / 2 ** 20, 1) : '-')],
      ] as [string, (r: Result) => string][])
    : []),
];
const w0 = Math.max(...rows.map(([k]) => k.length));
console.log(`\n${''.padEnd(w0)}  ${results.map((r) => r.kind.padStart(12)).join('  ')}`);
for (const [k, fn] of rows) console.log(`${k.padEnd(w0)}  ${results.map((r) => fn(r).padStart(12)).join('  ')}`);

console.log(`\nmachine load average ${load()} at the end`);
const real = results.find((r) => r.kind === 'real');
const naive = results.find((r) => r.kind === 'naive');
if (real && naive) {
  const ratio = (x: number, y: number) => (y > 0 ? (x / y).toFixed(2) + 'x' : '-');
  console.log('\nnaive / real:');
  console.log(`  incident latency p99    ${ratio(naive.latency.quantile(0.99), real.latency.quantile(0.99))}`);
  console.log(`  position staleness p99  ${ratio(naive.staleness.quantile(0.99), real.staleness.quantile(0.99))}`);
  console.log(`  relay CPU               ${ratio(naive.cpuPct, real.cpuPct)}`);
  console.log(`  relay RSS               ${ratio(naive.rssMaxMB, real.rssMaxMB)}`);
  console.log(`  position rows sent      ${ratio(naive.rowDeliveriesPerS, real.rowDeliveriesPerS)}`);
  console.log(
    `  bytes on the wire       ${ratio(naive.bytesPerS, real.bytesPerS)}  (real / naive ${(real.bytesPerS / naive.bytesPerS).toFixed(2)}; target <= 0.50)`,
  );
}
if (real) {
  const ok = (b: boolean) => (b ? 'ok' : 'MISSED');
  if (ATTACK > 0) {
    console.log(
      `\ntargets under the snapshot attack (${ATTACK} connections): relay RSS <= 600 MB: ${ok(real.rssMaxMB <= 600)} (${f(real.rssMaxMB)}); ` +
        `honest ack p99 <= 100 ms: ${ok(real.ackLatency.quantile(0.99) <= 100)} (${f(real.ackLatency.quantile(0.99), 1)})`,
    );
  }
  console.log(
    `\ntargets (real relay): incident p99 <= 100 ms: ${ok(real.latency.quantile(0.99) <= 100)}; staleness p99 <= 500 ms: ${ok(real.staleness.quantile(0.99) <= 500)}` +
      (CITY ? `; relay RSS <= 400 MB: ${ok(real.rssMaxMB <= 400)}` : '') +
      (naive ? `; bytes <= 0.5x naive: ${ok(real.bytesPerS <= 0.5 * naive.bytesPerS)}` : ''),
  );
}
process.exit(0);

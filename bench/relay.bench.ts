// npm run bench:relay [-- --duration 20 --warmup 8 --displays 100 --positions 10000 --incidents 10 --relays real,naive]
// npm run bench:relay -- --city    300 synthetic streets, 50,000 positions/s, 20 incident events/s,
//                                  100 walls: 10 see the whole city, 90 one street each; the real
//                                  relay as 2 nodes (--nodes) on a throwaway PostgreSQL database and
//                                  a private Redis, centers and walls alternating between the nodes
// --frames json|binary (real relay's walls; default binary), --attack N (snapshot amplification)
//
// 30 simulated street centers publish ~10,000 position updates/s and ~10 incident events/s in total;
// 100 displays subscribe to the whole district. Same load, same run, against (1) the real relay
// (createApplication: storage, numbered streams, coalesced position frames) and (2) a naive relay
// that forwards every message to every display as it arrives. Relay, load generator and displays
// run in separate processes (fork + tsx) on loopback; each phase is bounded in time.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { child, stopChild, type Child, type Msg } from './relay/children.ts';
import { cpuWindow, startBenchCluster, type CpuGroups } from './relay/cluster-nodes.ts';
import { Hist, type HistJson } from './relay/hist.ts';
import { tableRows } from './relay/table.ts';
import { printVerdict } from './relay/verdict.ts';
import {
  NODE_NAMES,
  printCpu,
  printLoops,
  type LoopFigures,
  sumBuckets,
  type NodeFigures,
  type Result,
} from './relay/result.ts';
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
    // real relay nodes (2 and up: PostgreSQL + Redis, as docs/adr/0006); default 2 with --city, else 1
    nodes: { type: 'string' },
    // display 0 in a process of its own (default: on with more than one display)
    probe: { type: 'boolean' },
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
const NODES = Math.max(1, Number(a.nodes ?? (CITY ? 2 : 1)));
const PROBE = (a.probe ?? DISPLAYS > 1) && DISPLAYS > 1;

const { world, districtDir } = benchWorld(CITY ? CITY_STREETS : undefined);
const staffIds = benchStaffIds(world);
const streetOfStaff = new Map(world.streets.flatMap((s) => s.staff.map((p) => [p.id, s.id] as const)));
const staffStreets = staffIds.map((id) => streetOfStaff.get(id) ?? '');
const streets = world.streets.map((s) => s.id);
const streetIndex = new Map(streets.map((id, n) => [id, n]));
// city: 10 walls on the whole city, the rest on one street each, spread over the streets. The city
// walls (the heavy ones: every street's frames) are spread over the display processes and alternate
// between the nodes (display d is on node d % nodes): one in each block of DISPLAYS / 10, its
// place in the block alternating; display 0, the --probe wall, is one of them.
const spacing = Math.max(1, Math.floor(DISPLAYS / CITY_DISTRICT_WALLS));
const cityWall = (d: number) =>
  Math.floor(d / spacing) < CITY_DISTRICT_WALLS && d % spacing === Math.floor(d / spacing) % Math.min(2, spacing);
let nextStreet = 0;
const scopes = Array.from({ length: DISPLAYS }, (_, d) =>
  !CITY || cityWall(d) ? 'district' : streets[(nextStreet++ * 7) % streets.length]!,
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runOne(kind: 'real' | 'naive'): Promise<Result> {
  const nodeCount = kind === 'real' ? NODES : 1;
  console.log(
    `\n[${kind}] starting relay${nodeCount > 1 ? ` as ${nodeCount} nodes` : ''}, ${DISPLAYS} displays in ${DISPLAY_PROCS} processes, ${streets.length} centers`,
  );
  const cluster = nodeCount > 1 ? await startBenchCluster() : null;
  if (cluster) console.log(`[${kind}] cluster: ${cluster.describe}`);
  const hosts: Child[] = [];
  const procs: Child[] = [];
  let load: Child | null = null;
  let attacker: Child | null = null;
  try {
    type Ready = { port: number; tokens: { centers: Record<string, string>; display: string } };
    const readies: Ready[] = [];
    // one after the other: the first node creates the database's tables
    for (let n = 0; n < nodeCount; n++) {
      const h = child('host.child.ts', [kind, districtDir ?? '-', streets.join(',')], cluster?.env);
      hosts.push(h);
      readies.push((await h.next('ready', 60_000)) as unknown as Ready);
    }
    // the nodes share the secret: node A's tokens serve on every node
    const ready = readies[0]!;
    const urls = readies.map((r) => `http://127.0.0.1:${r.port}`);
    const url = urls[0]!;
    if (nodeCount > 1) console.log(`[${kind}] nodes ${urls.map((u, n) => `${NODE_NAMES[n]} ${u}`).join(', ')}`);
    // with --probe, display 0 (a whole-district wall) has a process of its own: its figures are the
    // relay's as seen by a wall with an idle event loop, beside those of the crowded processes
    const split = (n: number, k: number) =>
      Array.from({ length: k }, (_, p) => Math.floor(n / k) + (p < n % k ? 1 : 0));
    const counts = PROBE ? [1, ...split(DISPLAYS - 1, DISPLAY_PROCS)] : split(DISPLAYS, DISPLAY_PROCS);
    for (let p = 0, first = 0; p < counts.length; p++) {
      const count = counts[p]!;
      const d = child('display.child.ts');
      d.cp.send({
        url,
        // display d on node d % nodes: city walls and street walls alike are spread over the nodes
        urls: Array.from({ length: count }, (_, k) => urls[(first + k) % urls.length]!),
        ...(urls.length > 1
          ? {
              displayNodes: Array.from({ length: count }, (_, k) => (first + k) % urls.length),
              // the simulator puts street n's center on node n % nodes
              staffNodes: staffStreets.map((st) => streetIndex.get(st)! % urls.length),
            }
          : {}),
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
      if (m.type === 'pub' || m.type === 'sent') for (const d of procs) if (d.cp.connected) d.cp.send(m);
    });
    load.cp.send({
      url,
      ...(urls.length > 1 ? { urls } : {}),
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
    // who uses the cores: each node, the generator, the walls, and the cluster's store and Redis
    const pids = (cs: Child[]) => cs.map((c) => c.cp.pid!);
    const groups: CpuGroups = Object.fromEntries(hosts.map((h, n) => [`node ${NODE_NAMES[n]}`, pids([h])]));
    groups['load generator'] = pids([load]);
    groups.displays = pids([...procs, ...(attacker ? [attacker] : [])]);
    if (cluster) {
      const store = await cluster.storePids();
      groups['PostgreSQL (this database)'] = store.postgres;
      groups.Redis = store.redis;
    }
    const from = Date.now();
    for (const c of [...hosts, load, ...procs, ...(attacker ? [attacker] : [])])
      c.cp.send({ type: 'measure-start', at: from });
    const cpuEnd = cpuWindow(groups);
    const t0 = performance.now();
    const overload = Promise.race(
      hosts.map((h) =>
        h.next('overload', DURATION_S * 1000).then(
          (m) => m,
          () => new Promise<never>(() => {}),
        ),
      ),
    );
    const cut = await Promise.race([sleep(DURATION_S * 1000).then(() => null), overload]);
    const measuredS = (performance.now() - t0) / 1000;
    if (cut)
      console.log(
        `[${kind}] relay RSS passed ${Math.round(cut.rssMB as number)} MB after ${measuredS.toFixed(1)} s: window ended early`,
      );
    const to = Date.now();
    const cpu = { ...cpuEnd(), loadAvg: loadAvg() };
    for (const h of hosts) h.cp.send({ type: 'measure-stop' });
    attacker?.cp.send({ type: 'measure-stop' });
    load.cp.send({ type: 'measure-stop', at: to });
    for (const d of procs) d.cp.send({ type: 'measure-stop', at: to, drainMs: DRAIN_S * 1000 });
    const nodes = (await Promise.all(hosts.map((x) => x.next('measured', 30_000)))) as unknown as NodeFigures[];
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
      stalenessLocal: HistJson;
      stalenessRemote: HistJson;
      latencyLocal: HistJson;
      latencyRemote: HistJson;
      latencyFromSend: HistJson;
      missing: number;
      incidentDeliveries: number;
      connected: number;
    })[];
    const latency = new Hist();
    const staleness = new Hist();
    const stalenessLocal = new Hist();
    const stalenessRemote = new Hist();
    const latencyLocal = new Hist();
    const latencyRemote = new Hist();
    const latencyFromSend = new Hist();
    let missing = 0;
    let delivered = 0;
    for (const d of ds) {
      latency.merge(d.latency);
      staleness.merge(d.staleness);
      stalenessLocal.merge(d.stalenessLocal);
      stalenessRemote.merge(d.stalenessRemote);
      latencyLocal.merge(d.latencyLocal);
      latencyRemote.merge(d.latencyRemote);
      latencyFromSend.merge(d.latencyFromSend);
      missing += d.missing;
      delivered += d.incidentDeliveries;
    }
    const sum = (k: 'rowDeliveriesPerS' | 'messagesPerS' | 'bytesPerS') => ds.reduce((s, d) => s + d[k], 0);
    const ingestLag = new Hist();
    for (const n of nodes) if (n.ingestLag) ingestLag.merge(n.ingestLag);
    const relayLeg = new Hist();
    for (const n of nodes) if (n.relayLeg) relayLeg.merge(n.relayLeg);
    const appendLeg = new Hist();
    for (const n of nodes) if (n.appendLeg) appendLeg.merge(n.appendLeg);
    const outboxWait = Hist.from((l as unknown as { outboxWait: HistJson }).outboxWait);
    const queuedWait = Hist.from((l as unknown as { queuedWait: HistJson }).queuedWait);
    const crowded = PROBE ? ds.slice(1) : ds;
    const worst = (xs: LoopFigures[]) => xs.reduce((w, x) => (x.loopDelayP99Ms > w.loopDelayP99Ms ? x : w));
    const loops: Record<string, LoopFigures> = Object.fromEntries(nodes.map((n, i) => [`node ${NODE_NAMES[i]}`, n]));
    loops['load generator'] = l as unknown as LoopFigures;
    loops[`walls (worst of ${crowded.length} processes)`] = worst(crowded as unknown as LoopFigures[]);
    if (PROBE) loops['probe wall (own process)'] = ds[0] as unknown as LoopFigures;
    // a street wall gets its street's events only: about 1/streets of them
    const expectedPerEvent = districtWalls + (DISPLAYS - districtWalls) / streets.length;
    return {
      kind,
      positionsPerS: l.positionsPerS,
      positionsAcceptedPerS: (l as unknown as { positionsAcceptedPerS: number }).positionsAcceptedPerS,
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
      stalenessLocal,
      stalenessRemote,
      missingShare: missing / (missing + staleness.n || 1),
      // the relay as a whole: CPU added up, memory and loop delay of its worst node
      cpuPct: nodes.reduce((n, x) => n + x.cpuPct, 0),
      rssMaxMB: Math.max(...nodes.map((x) => x.rssMaxMB)),
      heapMaxMB: Math.max(...nodes.map((x) => x.heapMaxMB)),
      loopDelayP99Ms: Math.max(...nodes.map((x) => x.loopDelayP99Ms)),
      nodes,
      cpu,
      rejected: l.rejected,
      rejectedBefore: l.rejectedBefore ?? {},
      lostBatches: (l as unknown as { lostBatches: number }).lostBatches,
      disconnectedDisplays: DISPLAYS - ds.reduce((s, d) => s + d.connected, 0),
      relayBuckets: sumBuckets(nodes),
      displayDrops: ds.reduce((s, d) => s + (d as unknown as { drops: number }).drops, 0),
      attack,
      snapshot: nodes[0]!.snapshot ?? null,
      ingestLag,
      relayLeg,
      appendLeg,
      outboxWait,
      queuedWait,
      latencyLocal,
      latencyRemote,
      latencyFromSend,
      loops,
      probe: PROBE
        ? {
            latency: Hist.from(ds[0]!.latency),
            latencyFromSend: Hist.from(ds[0]!.latencyFromSend),
            staleness: Hist.from(ds[0]!.staleness),
          }
        : undefined,
    };
  } finally {
    if (attacker) await stopChild(attacker);
    if (load) await stopChild(load);
    await Promise.all(procs.map(stopChild));
    await Promise.all(hosts.map(stopChild));
    await cluster?.close();
  }
}

console.log(
  `relay bench${CITY ? ' (city)' : ''}: ${streets.length} centers, ${staffIds.length} staff (${districtDir ? 'generated district' : 'synthetic district'}), ${a.frames} frames, ` +
    `positions every ${positionIntervalMs} ms per person (target ${a.positions}/s), ~${a.incidents} incident events/s ` +
    `(sim speed ${SPEED}, ${incidentsPerHour.toFixed(2)} reports/street/h), ${DISPLAYS} displays (${districtWalls} on the whole district), ${DURATION_S} s per relay`,
);
function loadAvg() {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}
// The machine is shared: its load is part of the context of every figure below.
console.log(`machine: ${os.cpus().length} cores, load average ${loadAvg()} at start`);
const results: Result[] = [];
for (const kind of a.relays!.split(',') as ('real' | 'naive')[]) results.push(await runOne(kind));

const rows = tableRows(NODES, ATTACK);
const w0 = Math.max(...rows.map(([k]) => k.length));
console.log(`\n${''.padEnd(w0)}  ${results.map((r) => r.kind.padStart(12)).join('  ')}`);
for (const [k, fn] of rows) console.log(`${k.padEnd(w0)}  ${results.map((r) => fn(r).padStart(12)).join('  ')}`);

console.log(`\nmachine load average ${loadAvg()} at the end`);
printLoops(results);
printCpu(results);
printVerdict(results, { attack: ATTACK, city: CITY, nodes: NODES });
process.exit(0);

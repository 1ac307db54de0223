// What one relay run of bench:relay measured (real or naive; one node or several), and the CPU
// account that says where this machine, not the relay, is the limit.
import { bucketQuantile, type Hist, type HistJson } from './hist.ts';

export const f = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '-');
export const NODE_NAMES = 'ABCDEFGH';

export type Row = [string, (r: Result) => string];
const perNode = (r: Result, fn: (n: NodeFigures) => string) => r.nodes.map(fn).join(' / ');

/** the table's rows for each node of a cluster run */
export const nodeRows = (nodes: number): Row[] => [
  [`  per node (${NODE_NAMES.slice(0, nodes).split('').join(' / ')}): CPU %`, (r) => perNode(r, (n) => f(n.cpuPct))],
  ['  per node: RSS max MB', (r) => perNode(r, (n) => f(n.rssMaxMB))],
  ['  per node: heap max MB', (r) => perNode(r, (n) => f(n.heapMaxMB))],
  // the heap's maximum is mostly garbage: this is what a full GC found still in use, and how many ran
  [
    '  per node: heap after a full GC, max MB (full GCs)',
    (r) => perNode(r, (n) => `${f(n.liveHeapMaxMB ?? NaN)} (${n.majorGcs ?? '-'})`),
  ],
  ['  per node: event-loop delay p99 ms', (r) => perNode(r, (n) => f(n.loopDelayP99Ms))],
];

/**
 * Where an incident's latency goes: the first leg (center to relay, where the generator's own lag
 * shows), the relay's own part, and what a wall with an idle event loop (--probe) saw end to end.
 */
const p5099 = (h: Hist) => `${f(h.quantile(0.5))} / ${f(h.quantile(0.99))}`;
export const latencyRows: Row[] = [
  ["  from the center's send p50 / p99 ms (no wait for the street's previous ack)", (r) => p5099(r.latencyFromSend)],
  ["  center stamp to the center's socket p50 / p99 ms (outbox)", (r) => p5099(r.outboxWait)],
  [
    "    queued behind the street's previous event: share, p50 / p99 ms",
    (r) => `${f((r.queuedWait.n / (r.outboxWait.n || 1)) * 100)} %, ${p5099(r.queuedWait)}`,
  ],
  ['  center stamp to relay receipt p50 / p99 ms', (r) => p5099(r.ingestLag)],
  ['  relay receipt to broadcast p50 / p99 ms (commit included)', (r) => p5099(r.relayLeg)],
  ['    of which the store append p50 / p99 ms (PostgreSQL commit)', (r) => p5099(r.appendLeg)],
  ['  relay receipt to broadcast p99 <= ms (Prometheus buckets)', (r) => bucketQuantile(r.relayBuckets, 0.99)],
];
/** incident latency of walls on the center's node, and of walls on the other (through Redis) */
export const latencyNodeRows: Row[] = [
  ["  p50 / p99 ms, center on the wall's node", (r) => p5099(r.latencyLocal)],
  ['  p50 / p99 ms, center on the other node', (r) => p5099(r.latencyRemote)],
];
export const probeRows: Row[] = [
  [
    'probe wall (own process): incident p50 / p99 ms',
    (r) => (r.probe ? `${f(r.probe.latency.quantile(0.5))} / ${f(r.probe.latency.quantile(0.99))}` : '-'),
  ],
  [
    "probe wall (own process): incident from the center's send p50 / p99 ms",
    (r) => (r.probe ? p5099(r.probe.latencyFromSend) : '-'),
  ],
  [
    'probe wall (own process): staleness p50 / p99 ms',
    (r) => (r.probe ? `${f(r.probe.staleness.quantile(0.5))} / ${f(r.probe.staleness.quantile(0.99))}` : '-'),
  ],
];

/**
 * Event-loop delay of every process of the run: a wall process whose loop is late measures its own
 * lateness as the relay's latency, and a late generator stamps events it sends late.
 */
export function printLoops(results: Result[]) {
  for (const r of results) {
    console.log(`\n[${r.kind}] event-loop delay over the window, ms (p50 / p99 / max):`);
    const w = Math.max(...Object.keys(r.loops).map((k) => k.length));
    for (const [k, x] of Object.entries(r.loops))
      console.log(
        `  ${k.padEnd(w)}  ${f(x.loopDelayP50Ms, 1)} / ${f(x.loopDelayP99Ms, 1)} / ${f(x.loopDelayMaxMs, 1)}`,
      );
  }
}

/** staleness of people whose frames stay on the wall's node, and of those whose frames cross Redis */
export const stalenessRows: Row[] = [
  [
    "  p99 ms, center on the wall's node / on the other",
    (r) =>
      r.nodes.length > 1 ? `${f(r.stalenessLocal.quantile(0.99))} / ${f(r.stalenessRemote.quantile(0.99))}` : '-',
  ],
];

export interface Result {
  kind: string;
  measuredS: number;
  positionsPerS: number;
  /** positions the relay acknowledged as taken */
  positionsAcceptedPerS: number;
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
  /** several nodes: staleness of people whose center is on the wall's node, and on another node */
  stalenessLocal: Hist;
  stalenessRemote: Hist;
  missingShare: number;
  cpuPct: number;
  rssMaxMB: number;
  heapMaxMB: number;
  loopDelayP99Ms: number;
  /** each relay node's own figures (one for a single relay) */
  nodes: NodeFigures[];
  /** CPU over the window by process group, % of one core; the machine's busy share of its cores */
  cpu: { groups: Record<string, number>; machinePct: number; coresPct: number; loadAvg: string };
  /** center events refused in the measured window, by reason */
  rejected: Record<string, number>;
  /** refused before it (start-up: every center connecting and sending its preroll at once) */
  rejectedBefore: Record<string, number>;
  lostBatches: number;
  /** incident events: the center's stamp to a relay node's receipt (generator lag, wire, node inbound queue) */
  ingestLag: Hist;
  /** incident events: the center's stamp to its socket (waiting for the ack of the center's previous event) */
  outboxWait: Hist;
  /** those of them that waited for the ack of their street's previous event */
  queuedWait: Hist;
  /** incident events: relay receipt to the receiving node's broadcast (commit included) */
  relayLeg: Hist;
  /** incident events: the store's append (queued behind the commit in flight, then committed) */
  appendLeg: Hist;
  /** incident latency from the moment the center sent the event (not its stamp: no outbox wait) */
  latencyFromSend: Hist;
  /** several nodes: incident latency of walls on the center's node / on another node */
  latencyLocal: Hist;
  latencyRemote: Hist;
  /** event-loop delay of every process group over the window */
  loops: Record<string, LoopFigures>;
  /** --probe: what the wall in a process of its own measured */
  probe?: { latency: Hist; latencyFromSend: Hist; staleness: Hist };
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

export interface LoopFigures {
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export interface NodeFigures extends LoopFigures {
  ingestLag?: HistJson;
  relayLeg?: HistJson;
  appendLeg?: HistJson;
  liveHeapMaxMB?: number;
  majorGcs?: number;
  cpuPct: number;
  rssMaxMB: number;
  heapMaxMB: number;
  relayBuckets?: [string, number][];
  snapshot?: Result['snapshot'];
}

/** the nodes' receipt-to-broadcast histograms added up (same buckets on every node) */
export function sumBuckets(nodes: NodeFigures[]): [string, number][] {
  const sum = new Map<string, number>();
  for (const n of nodes) for (const [le, c] of n.relayBuckets ?? []) sum.set(le, (sum.get(le) ?? 0) + c);
  return [...sum];
}

/**
 * Where the machine is the limit: the relays share its cores with the generator and the walls (and
 * with whatever else runs on it). One row per group, in % of one core and of the whole machine,
 * then what is left idle and what the bench itself cost.
 */
export function printCpu(results: Result[]) {
  for (const r of results) {
    const g = r.cpu.groups;
    const cap = r.cpu.coresPct;
    const of = (pred: (k: string) => boolean) => Object.entries(g).reduce((n, [k, v]) => (pred(k) ? n + v : n), 0);
    const relay = of((k) => k.startsWith('node '));
    const harness = of((k) => k === 'load generator' || k === 'displays');
    const store = of((k) => k.startsWith('PostgreSQL') || k === 'Redis');
    const other = Math.max(0, r.cpu.machinePct - relay - harness - store);
    const idle = Math.max(0, cap - r.cpu.machinePct);
    const rows: [string, number][] = [
      ...Object.entries(g),
      ['= relay nodes', relay],
      ['= bench load generator + walls', harness],
      ['= PostgreSQL + Redis', store],
      ['other work on the machine (not this bench)', other],
      ['idle', idle],
    ];
    const w = Math.max(...rows.map(([k]) => k.length));
    console.log(
      `\n[${r.kind}] CPU over the window (${f(cap)} % = all ${f(cap / 100)} cores; load average ${r.cpu.loadAvg} at its end):`,
    );
    for (const [k, v] of rows)
      console.log(
        `  ${k.padEnd(w)}  ${f(v).padStart(4)} % of a core  ${f((v / cap) * 100).padStart(3)} % of the machine`,
      );
    const saturated = r.cpu.machinePct >= 0.9 * cap;
    console.log(
      saturated
        ? `  the machine was the limit (${f((r.cpu.machinePct / cap) * 100)} % busy): the relay nodes got ${f(relay)} % of a core, ` +
            `the bench's own generator and walls ${f(harness)} %, other work ${f(other)} %; latencies measured here ` +
            `include waiting for a core`
        : `  the machine had ${f(idle)} % of a core idle: the relay was not short of CPU`,
    );
  }
}

// What one relay run of bench:relay measured (real or naive; one node or several), and the CPU
// account that says where this machine, not the relay, is the limit.
import type { Hist } from './hist.ts';

export const f = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '-');
export const NODE_NAMES = 'ABCDEFGH';

type Row = [string, (r: Result) => string];
const perNode = (r: Result, fn: (n: NodeFigures) => string) => r.nodes.map(fn).join(' / ');

/** the table's rows for each node of a cluster run */
export const nodeRows = (nodes: number): Row[] => [
  [`  per node (${NODE_NAMES.slice(0, nodes).split('').join(' / ')}): CPU %`, (r) => perNode(r, (n) => f(n.cpuPct))],
  ['  per node: RSS max MB', (r) => perNode(r, (n) => f(n.rssMaxMB))],
  ['  per node: heap max MB', (r) => perNode(r, (n) => f(n.heapMaxMB))],
  ['  per node: event-loop delay p99 ms', (r) => perNode(r, (n) => f(n.loopDelayP99Ms))],
];

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

export interface NodeFigures {
  cpuPct: number;
  rssMaxMB: number;
  heapMaxMB: number;
  loopDelayP99Ms: number;
  relayBuckets?: [string, number][];
  snapshot?: Result['snapshot'];
}

/** the nodes' receipt-to-broadcast histograms added up (same buckets on every node) */
export function sumBuckets(nodes: NodeFigures[]): [string, number][] {
  const sum = new Map<string, number>();
  for (const n of nodes) for (const [le, c] of n.relayBuckets ?? []) sum.set(le, (sum.get(le) ?? 0) + c);
  return [...sum];
}

/** Where the machine is the limit: the relays share its cores with the generator and the walls. */
export function printCpu(results: Result[]) {
  for (const r of results) {
    const g = r.cpu.groups;
    const of = (pred: (k: string) => boolean) => Object.entries(g).reduce((n, [k, v]) => (pred(k) ? n + v : n), 0);
    const relay = of((k) => k.startsWith('node '));
    const harness = of((k) => k === 'load generator' || k === 'displays');
    const store = of((k) => k.startsWith('PostgreSQL') || k === 'Redis');
    const other = r.cpu.machinePct - relay - harness - store;
    console.log(
      `\n[${r.kind}] CPU in the window, % of one core (${f(r.cpu.coresPct)} = all cores): ` +
        Object.entries(g)
          .map(([k, v]) => `${k} ${f(v)}`)
          .join(', ') +
        `\n  relay ${f(relay)}, load generator + walls ${f(harness)}, store + Redis ${f(store)}, rest of the machine ${f(other)}; ` +
        `machine busy ${f(r.cpu.machinePct)} of ${f(r.cpu.coresPct)} (${f((r.cpu.machinePct / r.cpu.coresPct) * 100)} %); load average ${r.cpu.loadAvg} at the window's end` +
        (r.cpu.machinePct >= 0.9 * r.cpu.coresPct
          ? `\n  the machine was saturated: the relay had ${f((relay / r.cpu.machinePct) * 100)} % of what was used, the bench's own generator and walls ${f((harness / r.cpu.machinePct) * 100)} %`
          : ''),
    );
  }
}

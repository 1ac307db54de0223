// What one relay run of bench:relay measured (real or naive; one node or several), and the CPU
// account that says where this machine, not the relay, is the limit.
import type { Hist } from './hist.ts';

export const f = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '-');

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

// npm run bench:cluster [-- --kills 6 --phase 4 --interval 500 --redis-down 3 --pg-down 5]
//
// The cluster proof (server/cluster/cluster.proof.test.ts) run longer: two relay nodes on a private
// PostgreSQL and a private Redis (real processes), 30 street centers spread over both, 10 walls.
// Redis is restarted, PostgreSQL stopped (immediate) and started, then relay nodes are killed with
// SIGKILL `--kills` times, alternating, each restarted before the next kill. Prints recovery
// figures against the baseline of the same run (send-to-ack time before any disturbance), and the
// proof's counts (lost, duplicates, contiguity). Exit code 1 when anything was lost or broken.
import { parseArgs } from 'node:util';
import { percentile } from '../test/cluster/cluster-harness.ts';
import { runClusterScenario } from '../test/cluster/cluster-scenario.ts';

const { values: a } = parseArgs({
  options: {
    kills: { type: 'string', default: '6' },
    phase: { type: 'string', default: '4' },
    interval: { type: 'string', default: '500' },
    'redis-down': { type: 'string', default: '3' },
    'pg-down': { type: 'string', default: '5' },
  },
});

const r = await runClusterScenario({
  kills: Number(a.kills),
  phaseMs: Number(a.phase) * 1000,
  incidentIntervalMs: Number(a.interval),
  redisDownMs: Number(a['redis-down']) * 1000,
  pgDownMs: Number(a['pg-down']) * 1000,
  log: (m) => console.log(m),
});

const fig = (xs: number[]) =>
  `p50 ${percentile(xs, 50)} ms, p99 ${percentile(xs, 99)} ms, max ${Math.max(...xs)} ms (n=${xs.length})`;
const walls = r.walls;
const violations = walls.reduce((n, w) => n + w.violations.length, 0);
const behind = walls.reduce((n, w) => n + w.behind.length, 0);
const resnapshots = walls.reduce((n, w) => n + w.resnapshots, 0);
const duplicatesStored = r.storedCenterEvents - r.distinctSent;
console.log(`
bench:cluster — 2 nodes + PostgreSQL + Redis, 30 centers, 10 walls, ${a.kills} × kill -9, ${(r.durationMs / 1000).toFixed(0)} s
  events: ${r.sent} sent by centers (${((r.sent / r.durationMs) * 1000).toFixed(0)}/s), ${r.acked} acknowledged, ${r.lost.length} acknowledged but lost, ${duplicatesStored} stored twice
  incidents: ${r.reportsSent} reported, ${r.incidentsStored} stored; refused (not retried): ${JSON.stringify(r.refusedOther)}
  walls: ${walls.reduce((n, w) => n + w.deltas, 0)} deltas received, ${violations} contiguity violations, ${behind} streams behind the store at the end, ${resnapshots} resumes answered by a snapshot, ${walls.reduce((n, w) => n + w.duplicates, 0)} repeated deltas
  baseline (same run, before any fault) send→ack: ${fig(r.steadyAckMs)}
  kill -9, center: node died → first ack on the other node: ${fig(r.centerRecoverMs)}
  kill -9, wall:   connection lost → resumed on the other node: ${fig(r.wallRecoverMs)}
  Redis restart:   back → first cross-node positions frame per wall: ${fig(r.redisResumeMs)}
  PostgreSQL down ${a['pg-down']} s: ${r.unavailableAcks} unavailable acks; back → each center's first ack: ${fig(r.pgFirstAckMs)}; all queues drained after ${Number.isNaN(r.pgRecoverMs) ? '> 30 s (still producing)' : `${r.pgRecoverMs} ms`}
  center failovers: ${r.failovers}
`);
process.exit(r.lost.length || violations || behind || duplicatesStored || r.acked !== r.sent ? 1 : 0);

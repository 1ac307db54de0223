// The city bench's two relay nodes share what the cluster proof's nodes share (docs/adr/0006):
// a throwaway database on the machine's PostgreSQL (created here, dropped at the end) and a private
// redis-server (the adapter's stream name is fixed, so a shared Redis would mix this run's broadcasts
// with any other cluster running on the machine). Also the CPU accounting that says which process
// used the 2 cores: /proc/<pid>/stat of every process of the run, /proc/stat for the machine.
import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { PrivateRedis } from '../../test/cluster/cluster-harness.ts';
import { createTestDatabase } from '../../test/cluster/pg-test-db.ts';

export interface BenchCluster {
  /** what each node's environment adds: GRIDWALL_DATABASE_URL, GRIDWALL_REDIS_URL, GRIDWALL_SECRET */
  env: Record<string, string>;
  describe: string;
  /** PostgreSQL backends serving this run's database, and the private Redis */
  storePids(): Promise<{ postgres: number[]; redis: number[] }>;
  close(): Promise<void>;
}

export async function startBenchCluster(): Promise<BenchCluster> {
  const db = await createTestDatabase(undefined, 'gridwall_bench');
  let redis: PrivateRedis;
  try {
    redis = await PrivateRedis.create();
  } catch (e) {
    await db.drop();
    throw e;
  }
  return {
    env: {
      GRIDWALL_DATABASE_URL: db.url,
      GRIDWALL_REDIS_URL: redis.url,
      GRIDWALL_SECRET: crypto.randomBytes(32).toString('hex'),
    },
    describe: `PostgreSQL database ${db.name} (dropped at the end), private redis-server :${redis.port}`,
    async storePids() {
      const c = new pg.Client({ connectionString: db.url, connectionTimeoutMillis: 5_000 });
      await c.connect();
      const r = await c.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      await c.end();
      return { postgres: r.rows.map((x) => x.pid), redis: redis.pid ? [redis.pid] : [] };
    },
    async close() {
      await redis.kill();
      await db.drop();
    },
  };
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** user + system CPU ms of a process so far (0 once it is gone) */
function procCpuMs(pid: number): number {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS; // fields 14 and 15: utime, stime
  } catch {
    return 0;
  }
}

/** the machine's busy and total CPU ms so far, all cores */
function machineCpuMs(): { busy: number; total: number } {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = f[3]! + f[4]!; // idle + iowait
  return { busy: (total - idle) * TICK_MS, total: total * TICK_MS };
}

export type CpuGroups = Record<string, number[]>;

/**
 * CPU use per group of processes over a window, as % of one core, and the machine's busy share of
 * all its cores. `start` reads the counters; the returned function reads them again.
 */
export function cpuWindow(
  groups: CpuGroups,
): () => { groups: Record<string, number>; machinePct: number; coresPct: number } {
  const t0 = performance.now();
  const m0 = machineCpuMs();
  const c0 = new Map(
    Object.values(groups)
      .flat()
      .map((pid) => [pid, procCpuMs(pid)] as const),
  );
  return () => {
    const wall = performance.now() - t0;
    const m1 = machineCpuMs();
    const out: Record<string, number> = {};
    for (const [g, pids] of Object.entries(groups)) {
      const ms = pids.reduce((n, pid) => n + Math.max(0, procCpuMs(pid) - (c0.get(pid) ?? 0)), 0);
      out[g] = (ms / wall) * 100;
    }
    const cores = (m1.total - m0.total) / wall; // ≈ the number of cores
    return { groups: out, machinePct: ((m1.busy - m0.busy) / wall) * 100, coresPct: cores * 100 };
  };
}

// Real processes for the cluster proof (test and bench): a private PostgreSQL cluster and a private
// redis-server (so restarting them disturbs nobody else on the machine), and relay nodes as child
// processes that can be killed with SIGKILL. Everything on 127.0.0.1, bounded in time.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const NODE_ENTRY = path.join(HERE, 'node-entry.ts');

/** A port free right now (listen on 0, close): the nodes need fixed addresses that clients list. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function pgBin(name: string): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const p = path.join(root, v, 'bin', name);
    if (fs.existsSync(p)) return p;
  }
  throw new Error(
    `PostgreSQL server binaries (${name}) not found under ${root}: install the Debian postgresql package`,
  );
}

/** PostgreSQL refuses to run as root: as root we run its tools as the postgres user. */
const asPostgres = (cmd: string, args: string[]): [string, string[]] =>
  process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];

function run(cmd: string, args: string[], what: string) {
  const [c, a] = asPostgres(cmd, args);
  const r = spawnSync(c, a, { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${r.stderr || r.stdout}`);
}

/** A throwaway PostgreSQL cluster of our own, on a free port, that we may stop and start. */
export class PrivatePostgres {
  readonly dir: string;
  private constructor(readonly port: number) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-pg-'));
    fs.chmodSync(this.dir, 0o777);
  }
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async create(): Promise<PrivatePostgres> {
    const pg = new PrivatePostgres(await freePort());
    run(
      pgBin('initdb'),
      ['-D', path.join(pg.dir, 'data'), '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'],
      'initdb',
    );
    pg.start();
    return pg;
  }

  start() {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=50`;
    run(
      pgBin('pg_ctl'),
      ['-D', path.join(this.dir, 'data'), '-o', opts, '-l', path.join(this.dir, 'log'), '-w', '-t', '30', 'start'],
      'pg_ctl start',
    );
  }

  /** `immediate`: no checkpoint, clients cut at once, as a crash would. */
  stop(mode: 'immediate' | 'fast' = 'immediate') {
    run(pgBin('pg_ctl'), ['-D', path.join(this.dir, 'data'), '-m', mode, '-w', '-t', '30', 'stop'], 'pg_ctl stop');
  }

  destroy() {
    try {
      this.stop('immediate');
    } catch {
      /* already stopped */
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A redis-server of our own (nothing saved to disk), restartable on the same port. */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  private constructor(readonly port: number) {}
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  /** the server's process id while it runs (the relay bench accounts for its CPU) */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  static async create(): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freePort());
    await r.start();
    return r;
  }

  async start() {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 15_000);
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        if (/Ready to accept connections/.test(out)) {
          clearTimeout(t);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
    });
  }

  async kill() {
    const c = this.child;
    this.child = null;
    if (!c || c.exitCode !== null) return;
    c.kill('SIGKILL');
    await new Promise((r) => c.once('exit', r));
  }
}

export interface NodeProcess {
  url: string;
  port: number;
  child: ChildProcess;
  kill9(): Promise<void>;
}

/** A relay node in its own process on a fixed port; resolves once it listens. */
export function startNode(port: number, env: Record<string, string>): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', NODE_ENTRY], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', process.env.GRIDWALL_CLUSTER_DEBUG ? 'inherit' : 'ignore'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`relay node on ${port} did not start`)), 60_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (/READY \d+/.test(out)) {
        clearTimeout(timer);
        resolve({
          url: `http://127.0.0.1:${port}`,
          port,
          child,
          async kill9() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            child.kill('SIGKILL');
            await new Promise((r) => child.once('exit', r));
          },
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`relay node on ${port} exited early (${code})`));
    });
  });
}

export function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

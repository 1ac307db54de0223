// The bench's child processes (relay nodes, load generator, displays, attacker): forked with tsx,
// driven over IPC, each awaited message bounded in time, each stop bounded too.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface Msg {
  type: string;
  [k: string]: unknown;
}

export interface Child {
  cp: ChildProcess;
  next: (type: string, ms: number) => Promise<Msg>;
}

const here = path.dirname(new URL(import.meta.url).pathname);

// A relay must not pick up a database or Redis from the shell that started the bench: the single
// node bench stays on SQLite; a cluster run passes its own throwaway ones in `env`.
const CLUSTER_ENV = ['GRIDWALL_DATABASE_URL', 'GRIDWALL_REDIS_URL', 'GRIDWALL_SECRET'];

/** Fork bench/relay/<file>; `env` adds to (and for the cluster keys replaces) the bench's own. */
export function child(file: string, args: string[] = [], env: Record<string, string> = {}): Child {
  const base = { ...process.env };
  for (const k of CLUSTER_ENV) delete base[k];
  // BENCH_CPU_PROF=<dir>: every child writes a V8 CPU profile when it exits (node --cpu-prof), in
  // <dir>/<its file>/, to find the hot paths of relay nodes, generator and walls alike
  const prof = process.env.BENCH_CPU_PROF;
  const profArgs = prof ? ['--cpu-prof', `--cpu-prof-dir=${path.join(prof, file)}`] : [];
  const cp = fork(path.join(here, file), args, {
    execArgv: ['--import', 'tsx', ...profArgs],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...base, ...env },
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

export async function stopChild(c: { cp: ChildProcess }) {
  if (c.cp.exitCode !== null) return;
  const exited = new Promise((r) => c.cp.once('exit', r));
  c.cp.send({ type: 'stop' });
  const t = setTimeout(() => c.cp.kill('SIGKILL'), 8_000);
  await exited;
  clearTimeout(t);
}

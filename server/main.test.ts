import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io as ioc } from 'socket.io-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig, ROOT } from './config.ts';
import { signToken } from './relay/auth.ts';

let stop = () => {};

/** A free port in the range this project's tests may use for a server that needs a fixed one. */
async function freePort(): Promise<number> {
  for (let p = 9100 + Math.floor(Math.random() * 90); p < 9200; p++) {
    const free = await new Promise<boolean>((res) => {
      const s = net.createServer().once('error', () => res(false));
      s.listen(p, '127.0.0.1', () => s.close(() => res(true)));
    });
    if (free) return p;
  }
  throw new Error('no free port in 9100-9199');
}

// `npm start` / server/main.ts as an operator runs it. Without district data the relay knows no
// street, so street scopes cannot be checked: the server must say so and stop, not serve.

function runMain(
  env: NodeJS.ProcessEnv,
  ms: number,
  onOutput?: (out: string) => void,
): Promise<{ code: number | null; out: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const add = (b: Buffer) => {
      out += b.toString();
      onOutput?.(out);
    };
    child.stdout.on('data', add);
    child.stderr.on('data', add);
    stop = () => child.kill('SIGTERM');
    let killed = false;
    // bounded: a server that keeps serving is stopped and reported as such
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, killed });
    });
  });
}

describe('server/main.ts', () => {
  it('refuses to start without district data, saying what is missing and how to build it', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-main-'));
    onTestFinished(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const { code, out, killed } = await runMain(
      {
        GRIDWALL_DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        GRIDWALL_SIMULATE: '0',
        GRIDWALL_SECRET: 'main-test-secret-0123456789abcdefghij',
      },
      45_000,
    );
    expect(killed, `the server kept running:\n${out}`).toBe(false);
    expect(code).toBe(78);
    expect(out).toContain(`no district data in ${path.join(dataDir, 'district')}`);
    expect(out).toMatch(/npm run build:data/);
    expect(out).not.toMatch(/the wall is at/);
  });

  it('refuses a heap setting it cannot use, naming it, before it starts anything', async () => {
    const { code, out, killed } = await runMain(
      { GRIDWALL_HEAP_GROWING_PERCENT: 'twice', PORT: '0', HOST: '127.0.0.1', GRIDWALL_SIMULATE: '0' },
      45_000,
    );
    expect(killed, `the server kept running:\n${out}`).toBe(false);
    expect(code).toBe(78);
    expect(out).toContain('gridwall: GRIDWALL_HEAP_GROWING_PERCENT must be a whole number from 0 to 1000, not "twice"');
    expect(out, 'one line, no stack trace').not.toMatch(/^\s+at /m);
    expect(out).not.toMatch(/the wall is at/);
  });

  it('runs the simulated centers with a configured secret when GRIDWALL_SIMULATE=1, with tokens of that secret', async () => {
    const districtDir = loadConfig().districtDir;
    expect(
      fs.existsSync(path.join(districtDir, 'summary.json')),
      `${districtDir} is missing: run npx tsx scripts/prepare.ts`,
    ).toBe(true);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-main-'));
    fs.symlinkSync(districtDir, path.join(dataDir, 'district'));
    onTestFinished(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const secret = 'main-test-secret-0123456789abcdefghij';
    const port = await freePort();
    let started: () => void = () => {};
    const up = new Promise<void>((res) => (started = res));
    let printed = '';
    const running = runMain(
      {
        GRIDWALL_DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        GRIDWALL_SIMULATE: '1',
        GRIDWALL_SECRET: secret,
      },
      90_000,
      (out) => {
        printed = out;
        if (/simulated street centers started/.test(out)) started();
      },
    );
    onTestFinished(() => stop());
    await Promise.race([up, running.then((r) => Promise.reject(new Error(`main exited: ${r.out}`)))]);
    const tokens = JSON.parse(fs.readFileSync(path.join(dataDir, 'sim-tokens.json'), 'utf8')) as {
      centers: Record<string, string>;
    };
    expect(Object.keys(tokens.centers)).toHaveLength(30);
    // the start-up collection ran once the server listened, before the centers (server/startup-heap.ts)
    expect(printed).toMatch(/gridwall: start-up garbage collected: heap \d+ -> \d+ MB/);
    expect(fs.statSync(path.join(dataDir, 'sim-tokens.json')).mode & 0o077).toBe(0);
    // a wall with a token of the same secret sees the simulated centers' positions
    const wall = ioc(`http://127.0.0.1:${port}/live`, {
      auth: { token: await signToken(secret, { role: 'display', scope: 'district', sub: 'main-test' }) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    onTestFinished(() => void wall.close());
    const frame = new Promise<string>((res) => wall.on('positions', (f: { stream: string }) => res(f.stream)));
    wall.on('connect', () => wall.emit('subscribe', { scope: 'district' }, () => {}));
    expect(
      await Promise.race([
        frame,
        new Promise<string>((_, rej) => setTimeout(() => rej(new Error('no positions within 60 s')), 60_000)),
      ]),
    ).toMatch(/^S\d\d$/);
    stop();
    expect((await running).killed).toBe(false);
  }, 120_000);
});

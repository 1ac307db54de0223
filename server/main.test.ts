import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ROOT } from './config.ts';

// `npm start` / server/main.ts as an operator runs it. Without district data the relay knows no
// street, so street scopes cannot be checked: the server must say so and stop, not serve.

function runMain(env: NodeJS.ProcessEnv, ms: number): Promise<{ code: number | null; out: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
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
      { GRIDWALL_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', GRIDWALL_SIMULATE: '0', GRIDWALL_SECRET: 'main-test-secret-0123456789abcdefghij' },
      45_000,
    );
    expect(killed, `the server kept running:\n${out}`).toBe(false);
    expect(code).toBe(78);
    expect(out).toContain(`no district data in ${path.join(dataDir, 'district')}`);
    expect(out).toMatch(/npm run build:data/);
    expect(out).not.toMatch(/the wall is at/);
  });
});

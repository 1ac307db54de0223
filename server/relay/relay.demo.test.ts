import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV_TOKENS_FILE, type DevTokens } from './auth.ts';
import { connect, report, send, startRelay } from '../../test/support/relay.fixture.ts';

// Demo mode: no secret configured → a persisted generated secret, dev tokens on disk, a display
// session for any browser. And the token CLI.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-demo-'));
// npm run token checks a street against the district data: the relay fixture's two streets
fs.mkdirSync(path.join(dataDir, 'district'));
fs.writeFileSync(
  path.join(dataDir, 'district', 'hierarchy.json'),
  JSON.stringify({
    version: 1,
    seed: 0,
    streets: [
      { id: 'S01', level: 'street' },
      { id: 'S02', level: 'street' },
    ],
    communities: [],
    grids: [],
  }),
);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('demo mode', () => {
  it('writes dev tokens that survive a restart, and hands browsers a display session', async () => {
    let r = await startRelay({ secret: null, dataDir });
    expect(r.relay.demo).toBe(true);
    const tokens = JSON.parse(fs.readFileSync(path.join(dataDir, DEV_TOKENS_FILE), 'utf8')) as DevTokens;
    expect(Object.keys(tokens.centers)).toEqual(['S01', 'S02']);
    const session = (await (await fetch(`${r.url}/api/session`)).json()) as { token: string; role: string };
    expect(session.role).toBe('display');
    const wall = await connect(r.url, '/live', session.token);
    expect(await send(wall, 'subscribe', { scope: 'district' })).toMatchObject({ ok: true });
    expect((await fetch(`${r.url}/api/incidents`)).status).toBe(200);
    await r.close();

    r = await startRelay({ secret: null, dataDir });
    const center = await connect(r.url, '/ingest', tokens.centers.S01!);
    expect(await send(center, 'incident:report', report('S01-demo-1'))).toMatchObject({ ok: true });
    const officer = await connect(r.url, '/live', tokens.officer);
    expect(
      await send(officer, 'incident:act', {
        requestId: 'q1',
        incidentId: 'S01-demo-1',
        step: { action: 'acknowledge' },
      }),
    ).toMatchObject({ ok: true });

    // npm run token uses the same demo secret
    const run = promisify(execFile);
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/token.ts', '--role', 'center', '--street', 'S02'],
      {
        cwd: ROOT,
        env: { ...process.env, GRIDWALL_DATA_DIR: dataDir, GRIDWALL_SECRET: '' },
      },
    );
    const s02 = await connect(r.url, '/ingest', stdout.trim());
    expect(await send(s02, 'incident:report', report('S01-demo-2'))).toMatchObject({
      ok: false,
      error: { reason: 'scope' },
    });
    expect(await send(s02, 'incident:report', report('S02-demo-2', 'S02'))).toMatchObject({ ok: true });
    await expect(
      run(process.execPath, ['--import', 'tsx', 'scripts/token.ts', '--role', 'center'], {
        cwd: ROOT,
        env: { ...process.env, GRIDWALL_DATA_DIR: dataDir },
      }),
    ).rejects.toMatchObject({
      code: 2,
    });
    await r.close();
  }, 60_000);
});

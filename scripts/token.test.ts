import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DISTRICT_FILES } from '../src/domain/district.types.ts';
import { ROOT } from '../server/config.ts';
import { verifyToken } from '../server/relay/auth.ts';

// `npm run token` as an operator runs it: a street token for a street hall, and a clear refusal for
// a scope the relay would refuse at the handshake (a community, an unknown street).

const SECRET = 'token-cli-test-secret-0123456789abcdef';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-token-'));
fs.mkdirSync(path.join(dataDir, 'district'));
fs.writeFileSync(
  path.join(dataDir, 'district', DISTRICT_FILES.hierarchy),
  JSON.stringify({
    version: 1,
    seed: 0,
    streets: [{ id: 'S07', level: 'street' }],
    communities: [{ id: 'S07-C03', level: 'community' }],
    grids: [{ id: 'S07-C03-G12', level: 'grid' }],
  }),
);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function token(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'token.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, GRIDWALL_DATA_DIR: dataDir, GRIDWALL_SECRET: SECRET },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr };
}

describe('npm run token', () => {
  it('mints a street display token the relay accepts for that street', async () => {
    const r = token('--role', 'display', '--street', 'S07');
    expect(r.code, r.err).toBe(0);
    expect(await verifyToken(SECRET, r.out)).toMatchObject({ role: 'display', scope: 'S07' });
  });

  it('refuses a community or grid scope and an unknown street, saying what to use instead', () => {
    const community = token('--role', 'display', '--scope', 'S07-C03');
    expect(community.code).toBe(2);
    expect(community.out).toBe('');
    expect(community.err).toMatch(
      /S07-C03 is a community: the relay issues tokens for the district or one street only.*--street S07/,
    );
    expect(token('--role', 'officer', '--street', 'S07-C03-G12').err).toMatch(/is a grid/);
    expect(token('--role', 'display', '--street', 'S99').err).toMatch(/unknown street S99 \(streets: S07\)/);
  });
});

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICT_FILES } from '../../src/domain/district.types.ts';
import { generateDistrict } from './index.ts';

const dirs: string[] = [];
const hashes = (dir: string) =>
  Object.fromEntries(
    Object.values(DISTRICT_FILES).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(join(dir, f)))
        .digest('hex'),
    ]),
  );
let a: Record<string, string>;
let b: Record<string, string>;
let c: Record<string, string>;
const steps: [string, number][] = [];

beforeAll(async () => {
  for (let i = 0; i < 3; i++) dirs.push(await mkdtemp(join(tmpdir(), 'gridwall-det-')));
  await generateDistrict({ seed: 7, outDir: dirs[0], onProgress: (s, f) => steps.push([s, f]) });
  await generateDistrict({ seed: 7, outDir: dirs[1] });
  await generateDistrict({ seed: 8, outDir: dirs[2] });
  [a, b, c] = dirs.map(hashes);
});
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('determinism', () => {
  it('the same seed writes byte-identical files', () => {
    expect(Object.keys(a)).toHaveLength(Object.keys(DISTRICT_FILES).length);
    expect(b).toEqual(a);
  });

  it('another seed gives another district', () => {
    for (const f of [DISTRICT_FILES.hierarchy, DISTRICT_FILES.buildings, DISTRICT_FILES.roads, DISTRICT_FILES.cameras])
      expect(c[f], f).not.toBe(a[f]);
  });

  it('reports progress from 0 to 1 in order', () => {
    expect(steps.length).toBeGreaterThan(5);
    expect(steps[0][1]).toBe(0);
    expect(steps[steps.length - 1][1]).toBe(1);
    for (let i = 1; i < steps.length; i++) expect(steps[i][1]).toBeGreaterThanOrEqual(steps[i - 1][1]);
  });

  it('the generator never reads the clock or Math.random', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    for (const f of readdirSync(here).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts') && n !== 'cli.ts')) {
      const src = readFileSync(join(here, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(src, f).not.toMatch(/Math\.random|Date\.now|new Date\(|performance\.now/);
    }
  });
});

// Same input, same bytes: two builds of the synthetic district into different directories
// produce identical files (tileset, every GLB, every ground tile, ground.json).

import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTiles } from './index.ts';
import { writeSyntheticDistrict } from '../../test/support/tiles-synthetic.fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'gridwall-tiles-det-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hashes(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(root, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(root);
  return out;
}

describe('determinism', () => {
  it('two builds of the same district are byte-identical', async () => {
    writeSyntheticDistrict(join(dir, 'data'));
    const plan = { leafCap: 60, internalCap: 120, internalShare: 0.4, maxDepth: 8 };
    const a = await buildTiles({ districtDir: join(dir, 'data'), outDir: join(dir, 'a') }, { plan });
    const b = await buildTiles({ districtDir: join(dir, 'data'), outDir: join(dir, 'b') }, { plan });
    expect(a.glbCount).toBe(b.glbCount);
    const ha = hashes(join(dir, 'a'));
    const hb = hashes(join(dir, 'b'));
    expect(ha.size).toBeGreaterThan(a.glbCount);
    expect([...ha.keys()]).toEqual([...hb.keys()]);
    for (const [k, v] of ha) expect(hb.get(k), k).toBe(v);
  });
});

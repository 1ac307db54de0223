// The deliberately broken fixture (test/fixtures/import/broken): one grid per validation rule.
// The report must name each broken feature with its problem; errors skip the feature, warnings
// keep it, and --strict refuses to write anything.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hierarchy } from '../../src/domain/district.types.ts';
import { runImport, StrictImportError } from './index.ts';
import { loadManifest } from './manifest.import.ts';
import { formatReport } from './report.import.ts';

const MANIFEST = path.resolve(import.meta.dirname, '../../test/fixtures/import/broken/manifest.json');
let tmp: string;
let report: Awaited<ReturnType<typeof runImport>>;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-broken-'));
  report = await runImport(loadManifest(MANIFEST, { out: path.join(tmp, 'lenient') }));
}, 300_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const EXPECTED: [feature: string, code: string, severity: 'error' | 'warning'][] = [
  ['id G-unclosed (未闭合网格)', 'not-closed', 'error'],
  ['id G-bowtie (自相交网格)', 'self-intersecting', 'error'],
  ['id G-noname', 'missing-name', 'warning'],
  ['id G-dup (重复二)', 'duplicate-id', 'error'],
  ['id G-empty (空网格)', 'empty-geometry', 'error'],
  ['id G-outside (越界网格)', 'outside-parent', 'error'],
  ['id G-overlap (重叠网格)', 'overlaps-sibling', 'warning'],
  ['id G-orphan (无主网格)', 'no-parent', 'error'],
];

describe('validation report', () => {
  it('names each broken feature with its problem, and nothing else', () => {
    const got = report.problems.map((p) => [p.feature, p.code, p.severity]);
    expect(got.sort()).toEqual([...EXPECTED].sort());
    for (const p of report.problems) expect(p.file).toBe('grids.geojson');
  });

  it('writes the same lines to the report file as to the terminal', () => {
    const text = fs.readFileSync(path.join(tmp, 'lenient', 'import-report.txt'), 'utf8');
    for (const [feature, code] of EXPECTED)
      expect(text).toMatch(new RegExp(`grids\\.geojson grid ${feature.replace(/[()]/g, '\\$&')}: ${code}:`));
    expect(formatReport(report)).toBe(text);
    const json = JSON.parse(fs.readFileSync(path.join(tmp, 'lenient', 'import-report.json'), 'utf8'));
    expect(json.problems).toHaveLength(EXPECTED.length);
  });

  it('skips the errors and keeps the warnings', () => {
    const h = JSON.parse(fs.readFileSync(path.join(tmp, 'lenient', 'district', 'hierarchy.json'), 'utf8')) as Hierarchy;
    const kept = h.grids.map((g) => g.sourceId).sort();
    // the first G-dup is fine; the second is the duplicate
    expect(kept).toEqual(['G-dup', 'G-noname', 'G-ok', 'G-overlap']);
    expect(h.grids.find((g) => g.sourceId === 'G-noname')!.name).toBe('网格G-noname');
    expect(h.grids.find((g) => g.sourceId === 'G-dup')!.name).toBe('重复一');
  });

  it('--strict refuses and writes nothing', async () => {
    const out = path.join(tmp, 'strict');
    const err = await runImport(loadManifest(MANIFEST, { out }), { strict: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StrictImportError);
    expect((err as StrictImportError).report.problems).toHaveLength(EXPECTED.length);
    expect(fs.existsSync(out)).toBe(false);
  });
});

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, collectStartupGarbage } from './startup-heap.ts';

const MB = 2 ** 20;

const HERE = JSON.stringify(path.resolve(import.meta.dirname, 'startup-heap.ts'));

/** runs an ES module script in a Node of its own with V8's GC trace; returns its output */
function traced(script: string, env: NodeJS.ProcessEnv = {}): string {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--trace-gc-verbose', '--input-type=module', '-e', script],
    {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ...env },
    },
  );
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

/** V8's marks, in order: "[HeapController] Limit: old size: 123 KB, new limit: 456 KB (4.0)" */
function marks(text: string): { liveBytes: number; limitBytes: number; factor: number }[] {
  return [...text.matchAll(/\[HeapController\] Limit: old size: (\d+) KB, new limit: (\d+) KB \(([\d.]+)\)/g)].map(
    (m) => ({ liveBytes: Number(m[1]) * 1024, limitBytes: Number(m[2]) * 1024, factor: Number(m[3]) }),
  );
}

describe('collectStartupGarbage', () => {
  it('frees what start-up left unreachable', () => {
    // start-up's parsed district: read, used, and left unreachable once the server is built
    const parse = () =>
      (
        JSON.parse(
          JSON.stringify(Array.from({ length: 300_000 }, (_, i) => ({ id: `B${i}`, h: i % 40, ring: [i, i + 1] }))),
        ) as unknown[]
      ).length;
    expect(parse()).toBe(300_000);
    const r = collectStartupGarbage();
    expect(r.collected).toBe(true);
    expect(r.heapBeforeBytes - r.heapAfterBytes, `${JSON.stringify(r)}`).toBeGreaterThan(30 * MB);
  });

  // What it is for: V8 sets the next full collection's mark from the last one's survivors. A
  // process that was collected with its start-up data alive, then dropped it, keeps a mark of ~4×
  // that data until it collects again; one collection after start-up brings the mark down.
  it("lowers V8's next-collection mark that a collection during start-up left high", () => {
    const out = traced(`
      const { collectStartupGarbage } = await import(${HERE});
      let data = Array.from({ length: 1_500_000 }, (_, i) => ({ id: 'B' + i, n: i }));
      // a full collection while start-up data is alive (as when one falls in the district's load)
      (await import('node:v8')).setFlagsFromString('--expose-gc');
      (await import('node:vm')).runInNewContext('gc')();
      data = null;
      console.log('MARK-BEFORE');
      collectStartupGarbage();
      console.log('MARK-AFTER');
    `);
    const before = marks(out.slice(0, out.indexOf('MARK-BEFORE'))).at(-1)?.limitBytes;
    const after = marks(out.slice(out.indexOf('MARK-BEFORE'), out.indexOf('MARK-AFTER'))).at(-1)?.limitBytes;
    expect(before, out.slice(-2000)).toBeDefined();
    expect(after, out.slice(-2000)).toBeDefined();
    expect(before! / MB, 'mark set with start-up data alive').toBeGreaterThan(100);
    expect(after! / MB, `mark after the start-up collection (before: ${Math.round(before! / MB)} MB)`).toBeLessThan(
      before! / MB / 2,
    );
  });
});

describe('boundHeapGrowth', () => {
  it('refuses a setting that is not a whole percent, naming it', () => {
    expect(() => boundHeapGrowth({ GRIDWALL_HEAP_GROWING_PERCENT: 'half' })).toThrow(
      /GRIDWALL_HEAP_GROWING_PERCENT.*"half"/,
    );
    expect(() => boundHeapGrowth({ GRIDWALL_HEAP_GROWING_PERCENT: '-5' })).toThrow(/whole number from 0 to 1000/);
    expect(boundHeapGrowth({ GRIDWALL_HEAP_GROWING_PERCENT: '0' }), "0 keeps V8's own factor").toBeNull();
  });

  // In a Node of its own: the flag changes how the whole process collects.
  it("sets V8's mark at twice the survivors by default, and at what the setting says", () => {
    const script = `
      const { boundHeapGrowth } = await import(${HERE});
      console.log('percent', boundHeapGrowth());
      (await import('node:v8')).setFlagsFromString('--expose-gc');
      const keep = Array.from({ length: 600_000 }, (_, i) => ({ id: 'S' + i }));
      (await import('node:vm')).runInNewContext('gc')();
      console.log(keep.length);
    `;
    const byDefault = traced(script);
    expect(byDefault).toContain('percent 100');
    const last = marks(byDefault).at(-1)!;
    expect(last.factor).toBe(2);
    expect(last.liveBytes / MB).toBeGreaterThan(20);
    expect(last.limitBytes / last.liveBytes).toBeLessThan(2.5);
    expect(marks(traced(script, { GRIDWALL_HEAP_GROWING_PERCENT: '50' })).at(-1)!.factor).toBe(1.5);
  });
});

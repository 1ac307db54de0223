import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectStartupGarbage } from './startup-heap.ts';

const MB = 2 ** 20;

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
    const script = `
      const { collectStartupGarbage } = await import(${JSON.stringify(path.resolve(import.meta.dirname, 'startup-heap.ts'))});
      let data = Array.from({ length: 1_500_000 }, (_, i) => ({ id: 'B' + i, n: i }));
      // a full collection while start-up data is alive (as when one falls in the district's load)
      (await import('node:v8')).setFlagsFromString('--expose-gc');
      (await import('node:vm')).runInNewContext('gc')();
      data = null;
      console.log('MARK-BEFORE');
      collectStartupGarbage();
      console.log('MARK-AFTER');
    `;
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--trace-gc-verbose', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    // "[HeapController] Limit: old size: 123 KB, new limit: 456 KB (4.0)"
    const limitAfter = (text: string) => {
      const all = [...text.matchAll(/\[HeapController\] Limit: old size: (\d+) KB, new limit: (\d+) KB/g)];
      return all.length ? Number(all[all.length - 1]![2]) * 1024 : null;
    };
    const out = run.stdout;
    const before = limitAfter(out.slice(0, out.indexOf('MARK-BEFORE')));
    const after = limitAfter(out.slice(out.indexOf('MARK-BEFORE'), out.indexOf('MARK-AFTER')));
    expect(before, out.slice(-2000)).not.toBeNull();
    expect(after, out.slice(-2000)).not.toBeNull();
    expect(before! / MB, 'mark set with start-up data alive').toBeGreaterThan(100);
    expect(after! / MB, `mark after the start-up collection (before: ${Math.round(before! / MB)} MB)`).toBeLessThan(
      before! / MB / 2,
    );
  });
});

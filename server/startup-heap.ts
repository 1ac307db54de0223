import v8 from 'node:v8';
import vm from 'node:vm';

// Why a server collects its garbage once after start-up (docs/adr/0006, issue 10's RSS goal):
// V8 sets the heap size at which the next full collection runs from what the last one found alive,
// times a growing factor that is at its largest (4×) while the process is young. Start-up parses the
// district and opens the store: a full collection that happens to fall in the middle of that finds
// 115–145 MB alive, and the node then runs up to ~400–560 MB of heap before it collects again, 50–60
// MB of it live. Collecting once when start-up is over puts that mark at 4× the server's real size.
// Node has no API for one collection without --expose-gc on its command line (npm start and the
// bench run it through tsx); the flag can be turned on at run time, and a new context then has `gc`.
//
// That alone did not hold the city bench's nodes under 400 MB RSS: with ~57 MB live, V8 still let
// the heap reach 313-361 MB between collections (its factor is up to 4x the survivors, plus the young
// generation). A relay's live set is small and its garbage is per message, so it pays a few more
// collections for a heap bounded near twice what is live: V8's --heap-growing-percent, which it reads
// each time it sets the mark, so it can be set once the process runs.

/** the heap may grow to (1 + this/100)x what the last full collection found alive */
export const DEFAULT_HEAP_GROWING_PERCENT = 100;

/**
 * Bounds V8's heap growth between full collections (GRIDWALL_HEAP_GROWING_PERCENT, default 100: 2x;
 * 0 leaves V8's own factor). Returns the percent in force, or null when V8's own factor stays.
 */
export function boundHeapGrowth(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env.GRIDWALL_HEAP_GROWING_PERCENT;
  const percent = raw === undefined || raw === '' ? DEFAULT_HEAP_GROWING_PERCENT : Number(raw);
  if (!Number.isInteger(percent) || percent < 0 || percent > 1000)
    throw new Error(`GRIDWALL_HEAP_GROWING_PERCENT must be a whole number from 0 to 1000, not ${JSON.stringify(raw)}`);
  if (percent === 0) return null;
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}

export interface StartupCollection {
  /** false: the runtime refused (no collection happened) */
  collected: boolean;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  ms: number;
}

let gcFn: (() => void) | null | undefined;

function fullGc(): (() => void) | null {
  if (gcFn !== undefined) return gcFn;
  try {
    const existing = (globalThis as { gc?: () => void }).gc;
    if (typeof existing === 'function') return (gcFn = existing);
    v8.setFlagsFromString('--expose-gc');
    const fn = vm.runInNewContext('gc') as unknown;
    gcFn = typeof fn === 'function' ? (fn as () => void) : null;
  } catch {
    gcFn = null;
  }
  return gcFn;
}

/** One full collection, for a process whose start-up (not its work) left the garbage. */
export function collectStartupGarbage(): StartupCollection {
  const heapBeforeBytes = process.memoryUsage().heapUsed;
  const started = performance.now();
  const gc = fullGc();
  if (gc) gc();
  return {
    collected: gc !== null,
    heapBeforeBytes,
    heapAfterBytes: process.memoryUsage().heapUsed,
    ms: performance.now() - started,
  };
}

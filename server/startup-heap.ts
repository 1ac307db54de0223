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

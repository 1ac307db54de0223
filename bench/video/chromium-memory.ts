// Chromium's memory as the bench sees it from outside: the PSS of every process under the bench
// (but not under the server, whose ffmpeg encoders are its own), by process type, and within each
// type by the kind of mapping that holds it. A growth that shows in two processes at once is
// usually memory they share (a memfd or /dev/shm region: Mojo data pipes, media frames), which
// the mapping kinds tell apart from a renderer's own heap (partition_alloc, v8) or a cache.
import fs from 'node:fs';

export interface ChromiumMemory {
  /** PSS of all of Chromium's processes, MB */
  total: number;
  /** by process type: renderer, gpu-process, browser, utility:<service> (network, storage, audio…) */
  byType: Record<string, number>;
  /** by process type, the PSS that is not file-backed (anonymous and shared memory): what a leak
   * grows. File pages are Chromium's own code and data, paged in and shared as processes come. */
  anonByType: Record<string, number>;
  /** by process type, then mapping kind ("anon", "anon:partition_alloc", "memfd:…", "shm", "file"), MB */
  byMapping: Record<string, Record<string, number>>;
}

/** a process's type from its command line; a utility process by the service it hosts */
function processType(cmdline: string): string {
  const type = /--type=([a-z-]+)/.exec(cmdline)?.[1] ?? 'browser';
  if (type !== 'utility') return type;
  const sub = /--utility-sub-type=([\w.]+)/.exec(cmdline)?.[1] ?? '';
  // network.mojom.NetworkService -> network
  return `utility:${sub.split('.')[0] || '?'}`;
}

/** what a mapping is, from the name at the end of its smaps header line */
function mappingKind(name: string): string {
  if (!name) return 'anon';
  if (name.startsWith('[anon:')) return name.slice(1, -1).replace(/\s+.*$/, '');
  if (name.startsWith('/memfd:')) return `memfd:${name.slice(7).replace(/ \(deleted\)$/, '')}`;
  if (name.startsWith('/dev/shm/')) return 'shm';
  if (name.startsWith('[')) return name; // [heap] [stack] [vdso]
  if (name.startsWith('/SYSV') || name.startsWith('/dev/')) return 'dev';
  return 'file';
}

function pssByMapping(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  let kind = 'anon';
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const c = line.charCodeAt(0);
    // header lines start with the address (hex digit); field lines with a capital letter
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102)) {
      const parts = line.split(/\s+/);
      kind = mappingKind(parts.slice(5).join(' '));
    } else if (line.startsWith('Pss:')) {
      out[kind] = (out[kind] ?? 0) + Number(line.slice(4).trim().split(/\s+/)[0]) / 1024;
    }
  }
  return out;
}

/** Every process under `root` but not under `skip`, with the memory each type holds. */
export function chromiumMemory(root: number, skip: number, mappings: boolean): ChromiumMemory {
  const parent = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const under = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === skip) return false;
      if (p === root) return true;
    }
    return false;
  };
  const mem: ChromiumMemory = { total: 0, byType: {}, anonByType: {}, byMapping: {} };
  for (const pid of parent.keys()) {
    if (pid === skip || !under(pid)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1');
      // Playwright's own driver (node) and anything else that is not Chromium
      if (!cmdline.includes('chrom')) continue;
      const type = processType(cmdline);
      const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0);
      const mb = kb('Pss') / 1024;
      mem.total += mb;
      mem.byType[type] = (mem.byType[type] ?? 0) + mb;
      mem.anonByType[type] = (mem.anonByType[type] ?? 0) + (kb('Pss_Anon') + kb('Pss_Shmem')) / 1024;
      if (mappings) {
        const into = (mem.byMapping[type] ??= {});
        for (const [k, v] of Object.entries(pssByMapping(pid))) into[k] = (into[k] ?? 0) + v;
      }
    } catch {
      // gone meanwhile
    }
  }
  return mem;
}

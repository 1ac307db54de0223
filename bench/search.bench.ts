// npm run bench:search [-- --rounds 5]
// Index build time and per-keystroke query time over the prepared demo district (areas,
// micro-grids, places, buildings, cameras, staff), typed one key at a time as an officer would.
// Baseline in the same run: the same matcher scanning every document on every keystroke (no
// narrowing from the previous query, no letter prefilter).
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../server/config.ts';
import type { Building, Camera, Hierarchy, MicroGrid, Place, Staff } from '../src/domain/district.types.ts';
import { buildIndex, districtDocs, LiveKeys, searchLive, StaticSearcher } from '../src/domain/search/search.index.ts';
import { buildKey, matchKey, parseQuery } from '../src/domain/search/search.match.ts';
import type { SearchDoc } from '../src/domain/search/search.types.ts';

const config = loadConfig();
const read = <T>(f: string): T => JSON.parse(fs.readFileSync(path.join(config.districtDir, f), 'utf8')) as T;
if (!fs.existsSync(path.join(config.districtDir, 'hierarchy.json'))) {
  console.error(`no district in ${config.districtDir}: run npm start (or npx tsx scripts/prepare.ts) first`);
  process.exit(1);
}
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3;

const hierarchy = read<Hierarchy>('hierarchy.json');
const staff = read<Staff[]>('staff.json');
let t = performance.now();
const docs = districtDocs({
  hierarchy,
  microgrids: read<MicroGrid[]>('microgrids.json'),
  places: read<Place[]>('places.json'),
  buildings: read<Building[]>('buildings.json'),
  cameras: read<Camera[]>('cameras.json'),
});
const loadMs = performance.now() - t;
t = performance.now();
const index = buildIndex(docs);
const buildMs = performance.now() - t;
const searcher = new StaticSearcher(index);
t = performance.now();
searcher.warm();
const warmMs = performance.now() - t;
const staffDocs: SearchDoc[] = staff.map((s) => ({ kind: 'staff', id: s.id, name: s.name, streetId: s.streetId }));

// What officers type: a grid by initials, a grid by pinyin, a code, a camera number, a person,
// a place by characters, a mixed query.
const g = hierarchy.grids[137];
const typed = ['rhd2wg', 'jiefangdi', g.id, 'c00412', staff[42].name, '中学', 'jfd1', 'chengnanjiedao', '0412'];

function percentile(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

// Wall time per keystroke, and CPU time of this process (steadier when other work shares the cores).
function typeAll(search: (q: string) => unknown): { wall: number[]; cpu: number[] } {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const word of typed) {
      const chars = [...word];
      for (let i = 1; i <= chars.length; i++) {
        const q = chars.slice(0, i).join('');
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        search(q);
        times.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
    }
  }
  return { wall: times, cpu };
}

const liveKeys = new LiveKeys();
const ours = typeAll((q) => {
  searcher.search(q);
  searchLive(staffDocs, liveKeys, q);
});
const keys = index.keys;
const baseline = typeAll((q) => {
  const query = { ...parseQuery(q), mask: 0 };
  const hits: number[] = [];
  for (let i = 0; i < keys.length; i++) if (matchKey(keys[i], query)) hits.push(i);
  for (const d of staffDocs) matchKey(buildKey(d), query);
  return hits;
});

const mem = process.memoryUsage();
const f = (n: number) => n.toFixed(2);
console.log(`searchable things: ${docs.length + staffDocs.length} (${docs.length} static + ${staffDocs.length} staff)`);
console.log(
  `district files read + documents: ${loadMs.toFixed(0)} ms; index build (pinyin of every name): ${buildMs.toFixed(0)} ms`,
);
console.log(`single-letter answers precomputed (warm): ${warmMs.toFixed(0)} ms`);
console.log(
  `keystrokes measured: ${ours.wall.length} (${typed.length} queries typed one key at a time, ${rounds} rounds)`,
);
const line = (label: string, xs: number[]) =>
  `${label} p50 ${f(percentile(xs, 50))} ms, p95 ${f(percentile(xs, 95))} ms, max ${f(Math.max(...xs))} ms`;
console.log(line('per keystroke, ours, wall:     ', ours.wall));
console.log(line('per keystroke, ours, CPU:      ', ours.cpu));
console.log(line('per keystroke, baseline, wall: ', baseline.wall));
console.log(line('per keystroke, baseline, CPU:  ', baseline.cpu));
const p95 = percentile(ours.wall, 95);
console.log(`ratio baseline ÷ ours (p95 wall): ${(percentile(baseline.wall, 95) / p95).toFixed(1)}×`);
console.log(
  `goal ≤ 16 ms per keystroke (p95 wall): ${p95 <= 16 ? 'met' : 'MISSED'}; load average now ${(await import('node:os')).loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} cores`,
);
console.log(`heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB, rss ${(mem.rss / 2 ** 20).toFixed(0)} MB`);

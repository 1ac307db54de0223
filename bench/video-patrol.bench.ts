// npm run bench:video [-- --minutes 30 --every 10 --streams 10 --sample-seconds 30 --warmup-seconds 60 --no-cdp --maps]
// A 9-tile video patrol left running, as a hall leaves it: the real server with its ffmpeg test
// streams (one more than the tiles, so every advance swaps live players), in its own process
// (bench/video/server.child.ts) so its RSS is its own; the wall's own patrol panel in headless
// Chromium (without the 3D map: the figure is what the patrol holds). Samples the page's JS heap
// (after a forced GC), Chromium's memory (PSS of all its processes: decoders and media buffers live
// outside the JS heap), the decoders held, the <video> elements playing, what destroyed players
// could leave behind (object URLs, intervals), and the server's RSS, heap and running encoders.
// Each sample is printed against the baseline taken after the warm-up of the same run; the end
// gives every figure's least-squares slope per 10 minutes over the samples after the warm-up, and
// checks them (exit code 1 when the patrol is not flat). Chromium is driven over a bare DevTools
// pipe (bench/video/cdp-page.ts), not Playwright, whose Network domain made the renderer keep a
// copy of every segment. Controls: --every 600 (players that never swap), --no-cdp (no forced GC),
// --devtools-network (the Network domain on, as under Playwright).
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { openCdpPage, type CdpPage } from './video/cdp-page.ts';
import { chromiumMemory } from './video/chromium-memory.ts';
import type { FromServer, ServerSample, ToServer } from './video/server.child.ts';

const args = process.argv.slice(2);
const arg = (name: string, d: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && Number.isFinite(Number(args[i + 1])) ? Number(args[i + 1]) : d;
};
const MINUTES = Math.max(2, arg('minutes', 30));
const EVERY_S = arg('every', 10);
const STREAMS = arg('streams', 10);
const SAMPLE_S = arg('sample-seconds', 30);
const WARMUP_S = arg('warmup-seconds', 60);
// --no-cdp: no forced GC or heap reading through the DevTools protocol (a control: does sampling
// itself hold memory?); --maps: Chromium's PSS also by mapping kind within each process type
const NO_CDP = args.includes('--no-cdp');
const MAPS = args.includes('--maps');
// --devtools-network: enable the DevTools Network domain on the page, as Playwright does (a control:
// the renderer then keeps a copy of every video segment for the inspector)
const DEVTOOLS_NETWORK = args.includes('--devtools-network');
const ROOT = resolve(import.meta.dirname, '..');
const log = (...a: unknown[]) => console.log(...a);
const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
const MB = 1048576;
/** slopes per 10 minutes above which the run is not flat (a sample-to-sample wobble is ±15 MB) */
const LIMIT = { heap: 2, renderer: 30, server: 15 };

interface Sample {
  atS: number;
  heapMB: number;
  browserMB: number;
  decoders: number;
  players: number;
  rounds: number;
  faults: number;
  playing: number;
  blobUrls: number;
  intervals: number;
  mediaSources: number;
  /** after the GC: MediaSources / SourceBuffers still reachable */
  aliveMse: number;
  aliveBuffers: number;
  /** Chromium PSS by process type (renderer, gpu-process, browser, utility:<service>) */
  byType: Record<string, number>;
  /** the same without file-backed pages (anonymous and shared memory) */
  anonByType: Record<string, number>;
  /** with --maps: by process type, then mapping kind */
  byMapping: Record<string, Record<string, number>>;
  server: ServerSample;
  benchRssMB: number;
}

/** The server in its own process; resolves once it listens. */
function startServerChild(): Promise<{
  origin: string;
  locals: number;
  cp: ChildProcess;
  ask: () => Promise<ServerSample>;
}> {
  const cp = fork(resolve(import.meta.dirname, 'video/server.child.ts'), [String(STREAMS)], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const waiting: ((s: ServerSample) => void)[] = [];
  return new Promise((ok, fail) => {
    cp.on('message', (m: FromServer) => {
      if (m.type === 'ready') ok({ origin: m.origin, locals: m.locals, cp, ask });
      else if (m.type === 'sample') waiting.shift()?.(m);
      else fail(new Error(`server: ${m.message}`));
    });
    cp.once('exit', (code) => fail(new Error(`server exited (${code})`)));
  });
  function ask(): Promise<ServerSample> {
    return new Promise((r) => {
      waiting.push(r);
      cp.send({ type: 'sample' } satisfies ToServer);
    });
  }
}

async function heapMB(page: CdpPage): Promise<number> {
  await page.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await page.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usedSize / 1048576;
}

/** least-squares slope of y over x */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

async function main() {
  log(
    `bench:video  9-tile patrol over ${STREAMS} live test streams, next page every ${EVERY_S} s, ${MINUTES} min, sample every ${SAMPLE_S} s, baseline after ${WARMUP_S} s${NO_CDP ? ', no forced GC' : ''}${DEVTOOLS_NETWORK ? ', DevTools Network domain on' : ''}`,
  );
  execFileSync('npx', ['vite', 'build', '-c', 'bench/video/vite.video.config.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const server = await startServerChild();
  const samples: Sample[] = [];
  let page: CdpPage | null = null;
  try {
    if (server.locals !== STREAMS)
      throw new Error(`expected ${STREAMS} local streams (is ffmpeg installed?), got ${server.locals}`);
    page = await openCdpPage(`${server.origin}/bench-video/index.html?every=${EVERY_S}`, {
      width: 960,
      height: 540,
      network: DEVTOOLS_NETWORK,
      onError: (m) => log('page error:', m),
    });
    // the patrol's clock starts when its panel mounts; samples fall half a period after an advance,
    // not on one (a tile mid-swap has let its player go and not made the next: 0 object URLs)
    for (let i = 0; i < 300 && !(await page.evaluate(() => Boolean(window.bench?.patrol))); i++)
      await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    const end = t0 + MINUTES * 60_000;
    let k = 0;
    log(
      '   t(s)  heap MB  Δbase  chromium MB  Δbase  decoders  players  rounds  playing  faults  blobs  timers  MSE alive/made  SBs  by type  server RSS  Δbase  heap  ext  enc  bench RSS',
    );
    let base: Sample | null = null;
    while (Date.now() < end) {
      const at = t0 + ++k * SAMPLE_S * 1000 + (Math.min(EVERY_S, SAMPLE_S) * 1000) / 2;
      await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
      const p = await page.evaluate(() => {
        const b = window.bench;
        const players = [...document.querySelectorAll('video')].filter((v) => v.src || v.srcObject).length;
        return {
          decoders: b.decoders.count,
          players,
          rounds: b.patrol?.rounds ?? 0,
          faults: b.faults,
          playing: b.playing,
          ...b.live,
        };
      });
      const heap = NO_CDP ? NaN : await heapMB(page);
      // WeakRefs are cleared by a GC: without the forced one the count says nothing
      const alive = NO_CDP
        ? { mediaSources: NaN, sourceBuffers: NaN }
        : await page.evaluate(() => window.bench.alive());
      const chrome = chromiumMemory(process.pid, server.cp.pid ?? -1, MAPS);
      const s: Sample = {
        atS: (Date.now() - t0) / 1000,
        heapMB: heap,
        browserMB: chrome.total,
        byType: chrome.byType,
        anonByType: chrome.anonByType,
        byMapping: chrome.byMapping,
        aliveMse: alive.mediaSources,
        aliveBuffers: alive.sourceBuffers,
        ...p,
        server: await server.ask(),
        benchRssMB: process.memoryUsage().rss / MB,
      };
      samples.push(s);
      if (!base && s.atS >= WARMUP_S) base = s;
      const d = (v: number, b: number | undefined, w: number) => (b === undefined ? '-' : f(v - b)).padStart(w);
      log(
        [
          f(s.atS, 0).padStart(7),
          f(s.heapMB).padStart(7),
          d(s.heapMB, base?.heapMB, 5),
          f(s.browserMB).padStart(11),
          d(s.browserMB, base?.browserMB, 6),
          String(s.decoders).padStart(8),
          String(s.players).padStart(7),
          String(s.rounds).padStart(6),
          String(s.playing).padStart(7),
          String(s.faults).padStart(6),
          String(s.blobUrls).padStart(5),
          String(s.intervals).padStart(6),
          `${s.aliveMse}/${s.mediaSources}`.padStart(7),
          String(s.aliveBuffers).padStart(4),
          Object.entries(s.byType)
            .map(([k, v]) => `${k.replace('utility:', '').slice(0, 3)} ${f(v, 0)}`)
            .join(' '),
          f(s.server.rssMB).padStart(10),
          d(s.server.rssMB, base?.server.rssMB, 6),
          f(s.server.heapMB).padStart(5),
          f(s.server.externalMB).padStart(4),
          String(s.server.encoders).padStart(4),
          f(s.benchRssMB).padStart(10),
        ].join('  '),
      );
    }
    const warm = samples.filter((s) => s.atS >= WARMUP_S);
    if (!base || warm.length < 2) throw new Error('run too short for a figure');
    const last = warm[warm.length - 1];
    const perTen = (pick: (s: Sample) => number) =>
      slope(
        warm.map((s) => s.atS / 600),
        warm.map(pick),
      );
    const row = (name: string, pick: (s: Sample) => number) =>
      log(
        `  ${name.padEnd(26)} ${f(pick(base!)).padStart(8)} ${f(pick(last)).padStart(8)} ${f(pick(last) - pick(base!), 2).padStart(8)} ${f(perTen(pick), 2).padStart(10)}`,
      );
    const decs = warm.map((s) => s.decoders);
    const players = warm.map((s) => s.players);
    log('');
    log(
      `after ${f(WARMUP_S / 60)} min warm-up to ${f(last.atS / 60)} min (${warm.length} samples):   baseline      end   Δ base  slope/10 min`,
    );
    row('page JS heap MB', (s) => s.heapMB);
    row('Chromium PSS MB (all procs)', (s) => s.browserMB);
    row('server RSS MB', (s) => s.server.rssMB);
    row('server JS heap MB', (s) => s.server.heapMB);
    row('server external MB', (s) => s.server.externalMB);
    row('bench RSS MB', (s) => s.benchRssMB);
    row('live object URLs', (s) => s.blobUrls);
    row('live page intervals', (s) => s.intervals);
    row('MediaSources reachable', (s) => s.aliveMse);
    for (const type of Object.keys(last.byType)) row(`  Chromium ${type} MB`, (s) => s.byType[type] ?? 0);
    for (const type of Object.keys(last.anonByType))
      row(`  ${type} not file-backed`.slice(0, 28), (s) => s.anonByType[type] ?? 0);
    // the mapping kinds that moved: where a growing process keeps what it gains
    for (const [type, kinds] of Object.entries(last.byMapping))
      for (const kind of Object.keys(kinds)) {
        const pick = (s: Sample) => s.byMapping[type]?.[kind] ?? 0;
        if (Math.abs(perTen(pick)) >= 2 || Math.abs(pick(last) - pick(base!)) >= 5)
          row(`    ${type.slice(0, 12)} ${kind}`.slice(0, 30), pick);
      }
    log(
      `decoders held min ${Math.min(...decs)} max ${Math.max(...decs)} (ceiling 9); <video> playing min ${Math.min(...players)} max ${Math.max(...players)}`,
    );
    log(
      `patrol rounds ${last.rounds}, stream starts ${last.playing}, faults ${last.faults}, MediaSources made ${last.mediaSources}, refused decoder slots ${await page.evaluate(() => window.bench.decoders.refused)}`,
    );
    const outside = await page.evaluate(() => window.bench.outside);
    log(`requests outside the origin: ${outside}`);
    // What "flat" means for a wall left patrolling. The renderer is the page's own process (the
    // players, their MediaSources and decoders): its anonymous and shared memory must not climb (its
    // file pages are Chromium's code, paged in as it runs). The network process's HTTP cache and
    // Chromium's on-demand utility processes fill once and stop, so they are printed above and not
    // judged here; run long enough (--minutes 30) for a slope that means something (the page heap
    // climbs ~1 MB in its first minutes as V8 compiles the players: with --warmup-seconds 30 and a
    // few minutes that alone reads as 2.6 MB/10 min).
    const flat = (what: string, pick: (s: Sample) => number, limit: number): [string, boolean] => {
      const v = perTen(pick);
      return [`${what} slope ≤ ${limit} MB/10 min (${f(v, 2)})`, v <= limit];
    };
    const rendererAnon = (s: Sample) => s.anonByType.renderer ?? 0;
    const checks: [string, boolean][] = [
      [`decoders held ≤ 9 (max ${Math.max(...decs)})`, Math.max(...decs) <= 9],
      NO_CDP ? ['page JS heap (not read: --no-cdp)', true] : flat('page JS heap', (s) => s.heapMB, LIMIT.heap),
      flat('renderer PSS not file-backed', rendererAnon, LIMIT.renderer),
      [`MediaSources reachable ≤ 9 at the end (${last.aliveMse})`, NO_CDP || last.aliveMse <= 9],
      [`live object URLs ≤ 9 at the end (${last.blobUrls})`, last.blobUrls <= 9],
      flat('server RSS', (s) => s.server.rssMB, LIMIT.server),
      [`no request outside the origin (${outside})`, outside === 0],
    ];
    for (const [what, ok] of checks) log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
  } finally {
    await page?.close();
    server.cp.send({ type: 'close' } satisfies ToServer);
    await new Promise((r) => server.cp.once('exit', r));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// npm run bench:video [-- --minutes 30 --every 10 --streams 10 --sample-seconds 30]
// A 9-tile video patrol left running, as a hall leaves it: the real server with its ffmpeg test
// streams (one more than the tiles, so every advance swaps live players), the wall's own patrol
// panel in headless Chromium (without the 3D map: the figure is what the patrol holds). Samples the
// page's JS heap (after a forced GC), the decoders held, the <video> elements playing, and the
// server's RSS and running encoders; prints each sample against the baseline taken after the
// warm-up minute of the same run, and the heap's slope per 10 minutes.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, startServer } from '../test/browser/harness.ts';

const args = process.argv.slice(2);
const arg = (name: string, d: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && Number.isFinite(Number(args[i + 1])) ? Number(args[i + 1]) : d;
};
const MINUTES = Math.max(2, arg('minutes', 30));
const EVERY_S = arg('every', 10);
const STREAMS = arg('streams', 10);
const SAMPLE_S = arg('sample-seconds', 30);
const WARMUP_S = 60;
const ROOT = resolve(import.meta.dirname, '..');
const log = (...a: unknown[]) => console.log(...a);
const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');

interface Sample {
  atS: number;
  heapMB: number;
  decoders: number;
  players: number;
  rounds: number;
  faults: number;
  playing: number;
  serverRssMB: number;
  encoders: number;
}

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
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
    `bench:video  9-tile patrol over ${STREAMS} live test streams, next page every ${EVERY_S} s, ${MINUTES} min, sample every ${SAMPLE_S} s`,
  );
  execFileSync('npx', ['vite', 'build', '-c', 'bench/video/vite.video.config.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const server = await startServer({ GRIDWALL_VIDEO_DEMO: String(STREAMS) });
  const browser = await launchBrowser();
  const samples: Sample[] = [];
  try {
    if (server.app.video.catalog.locals.length !== STREAMS)
      throw new Error(
        `expected ${STREAMS} local streams (is ffmpeg installed?), got ${server.app.video.catalog.locals.length}`,
      );
    const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.origin)) outside.push(r.url());
    });
    page.on('pageerror', (e) => log('page error:', e.message));
    await page.goto(`${server.origin}/bench-video/index.html?every=${EVERY_S}`);
    const t0 = Date.now();
    const end = t0 + MINUTES * 60_000;
    log('   t(s)  heap MB  Δbase  decoders  players  rounds  playing  faults  server RSS MB  encoders');
    let base: Sample | null = null;
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, SAMPLE_S * 1000));
      const p = await page.evaluate(() => {
        const b = window.bench;
        const players = [...document.querySelectorAll('video')].filter((v) => v.src || v.srcObject).length;
        return {
          decoders: b.decoders.count,
          players,
          rounds: b.patrol?.rounds ?? 0,
          faults: b.faults,
          playing: b.playing,
        };
      });
      const s: Sample = {
        atS: (Date.now() - t0) / 1000,
        heapMB: await heapMB(page),
        ...p,
        serverRssMB: process.memoryUsage().rss / 1048576,
        encoders: server.app.video.catalog.locals.filter((l) => l.running).length,
      };
      samples.push(s);
      if (!base && s.atS >= WARMUP_S) base = s;
      log(
        `${f(s.atS, 0).padStart(7)}  ${f(s.heapMB).padStart(7)}  ${base ? f(s.heapMB - base.heapMB).padStart(5) : '    -'}  ${String(s.decoders).padStart(8)}  ${String(s.players).padStart(7)}  ${String(s.rounds).padStart(6)}  ${String(s.playing).padStart(7)}  ${String(s.faults).padStart(6)}  ${f(s.serverRssMB).padStart(13)}  ${String(s.encoders).padStart(8)}`,
      );
    }
    const warm = samples.filter((s) => s.atS >= WARMUP_S);
    if (!base || warm.length < 2) throw new Error('run too short for a figure');
    const last = warm[warm.length - 1];
    const perTen = slope(
      warm.map((s) => s.atS / 600),
      warm.map((s) => s.heapMB),
    );
    const rssPerTen = slope(
      warm.map((s) => s.atS / 600),
      warm.map((s) => s.serverRssMB),
    );
    const decs = warm.map((s) => s.decoders);
    const players = warm.map((s) => s.players);
    log('');
    log(`baseline (after ${WARMUP_S} s warm-up): page heap ${f(base.heapMB)} MB, server RSS ${f(base.serverRssMB)} MB`);
    log(
      `end (${f(last.atS / 60)} min): page heap ${f(last.heapMB)} MB (${f(last.heapMB - base.heapMB, 2)} MB vs baseline), server RSS ${f(last.serverRssMB)} MB`,
    );
    log(`page heap slope ${f(perTen, 2)} MB per 10 min; server RSS slope ${f(rssPerTen, 2)} MB per 10 min`);
    log(
      `decoders held min ${Math.min(...decs)} max ${Math.max(...decs)} (ceiling 9); <video> playing min ${Math.min(...players)} max ${Math.max(...players)}`,
    );
    log(
      `patrol rounds ${last.rounds}, stream starts ${last.playing}, faults ${last.faults}, refused decoder slots ${await page.evaluate(() => window.bench.decoders.refused)}`,
    );
    log(`requests outside the origin: ${outside.length}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

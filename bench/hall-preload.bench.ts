// npm run bench:hall [-- --rounds 2]
// Issue 9: a tour step switches district → one grid (scene grid-focus, a 3 s flight). How long until
// the wall is settled (flight over, globe and city-model tiles loaded: window.gridwall.idle), with
// and without warming the destination's tiles first (src/scenes/hall/tile-preload.ts, what the tour
// player does while the previous step plays)? Real server, real tiles, headless Chromium under
// SwiftShader; each switch in a fresh browser context (cold HTTP cache), cold and warmed runs
// alternated so drift hits both. The cold figure is the baseline, measured in the same run.
import os from 'node:os';
import type { Browser, Page } from 'playwright-core';
import type { SettleReport } from '../src/app/settle-trace.ts';
import { launchBrowser, startServer, waitForReady, type TestServer } from '../test/browser/harness.ts';

const args = process.argv.slice(2);
const arg = (name: string, d: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && Number.isFinite(Number(args[i + 1])) ? Number(args[i + 1]) : d;
};
const ROUNDS = Math.max(1, arg('rounds', 2));
const FLIGHT_S = 3; // grid-focus.scene.json flight.durationS
const GOAL_AFTER_FLIGHT_S = 2;
const VIEWPORT = { width: 960, height: 540 };
const log = (...a: unknown[]) => console.log(...a);

interface Hierarchy {
  grids: { id: string; urban?: boolean; center: [number, number] }[];
}

async function pollUntil(page: Page, fn: string, timeoutMs: number): Promise<void> {
  await page.waitForFunction(fn, undefined, { timeout: timeoutMs, polling: 100 });
}

async function switchOnce(browser: Browser, server: TestServer, gridId: string, warmFirst: boolean) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  try {
    await page.goto(`${server.origin}/?diag=1`);
    await waitForReady(page, 300_000);
    await pollUntil(page, '(() => window.gridwall?.idle === true && !!window.gridwallHall)()', 300_000);
    let warm: { urls: number; warmed: number; ms: number } | null = null;
    if (warmFirst) {
      warm = await page.evaluate(
        (id) =>
          (
            window as unknown as {
              gridwallHall: {
                preloadScene(s: string, f: string): Promise<{ urls: number; warmed: number; ms: number }>;
              };
            }
          ).gridwallHall.preloadScene('grid-focus', id),
        gridId,
      );
    }
    const t0 = Date.now();
    await page.evaluate(
      (id) =>
        (window as unknown as { gridwallHall: { showScene(s: string, f: string): boolean } }).gridwallHall.showScene(
          'grid-focus',
          id,
        ),
      gridId,
    );
    // the flight starts on the next state change; wait for it to start, then for settled
    await pollUntil(
      page,
      '(() => window.gridwall?.camera?.flying === true || window.gridwall?.idle === false)()',
      10_000,
    ).catch(() => {});
    await pollUntil(
      page,
      '(() => window.gridwall?.idle === true && window.gridwall?.camera?.flying === false)()',
      300_000,
    );
    const settledS = (Date.now() - t0) / 1000;
    const { focus, trace } = await page.evaluate(() => {
      const g = (window as unknown as { gridwall: { focus: { id: string }; settle: { last: unknown } | null } })
        .gridwall;
      return { focus: g.focus.id, trace: (g.settle?.last ?? null) as SettleReport | null };
    });
    if (focus !== gridId) throw new Error(`focus is ${focus}, not ${gridId}`);
    return { settledS, warm, trace: trace?.reason === 'flight' ? trace : null };
  } finally {
    await context.close();
  }
}

async function main() {
  log(
    `bench:hall  scene switch district → grid (grid-focus, ${FLIGHT_S} s flight), ${ROUNDS} round(s) of cold + warmed`,
  );
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const h = (await (await fetch(`${server.origin}/api/hierarchy`)).json()) as Hierarchy;
    const urban = h.grids.filter((g) => g.urban);
    const grids = Array.from({ length: ROUNDS }, (_, i) => urban[Math.floor(((i + 0.5) * urban.length) / ROUNDS)]!.id);
    const cold: number[] = [];
    const warmed: number[] = [];
    const traces: SettleReport[] = [];
    for (const [i, grid] of grids.entries()) {
      // alternate which goes first so a slow machine phase does not favour one mode
      const order = i % 2 === 0 ? [false, true] : [true, false];
      for (const warm of order) {
        const r = await switchOnce(browser, server, grid, warm);
        (warm ? warmed : cold).push(r.settledS);
        if (r.trace) traces.push(r.trace);
        log(
          `  ${grid}  ${warm ? 'warmed' : 'cold  '}  settled ${r.settledS.toFixed(1)} s after the switch` +
            (r.warm
              ? `  (warm-up: ${r.warm.warmed}/${r.warm.urls} tiles in ${(r.warm.ms / 1000).toFixed(1)} s, during the previous step)`
              : ''),
        );
        log(`      ${describeTrace(r.trace)}  load ${os.loadavg()[0]!.toFixed(1)}`);
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const goal = FLIGHT_S + GOAL_AFTER_FLIGHT_S;
    log('');
    log(`  baseline (cold, this run):  mean ${mean(cold).toFixed(1)} s  [${cold.map((x) => x.toFixed(1)).join(', ')}]`);
    log(
      `  warmed first:               mean ${mean(warmed).toFixed(1)} s  [${warmed.map((x) => x.toFixed(1)).join(', ')}]`,
    );
    log(`  warmed / cold:              ${(mean(warmed) / mean(cold)).toFixed(2)}`);
    log(
      `  goal (flight + ${GOAL_AFTER_FLIGHT_S} s = ${goal} s): cold ${mean(cold) <= goal ? 'met' : 'missed'}, warmed ${mean(warmed) <= goal ? 'met' : 'missed'}`,
    );
    if (traces.length > 0) {
      const frames = mean(traces.map((t) => t.frames));
      const perFrame = mean(traces.map((t) => (t.ms ?? 0) / Math.max(1, t.frames)));
      const lastCounts = new Map<string, number>();
      for (const t of traces) for (const c of t.last) lastCounts.set(c, (lastCounts.get(c) ?? 0) + 1);
      log(
        `  frames per settle:           mean ${frames.toFixed(0)}, ${(perFrame / 1000).toFixed(2)} s apart` +
          ` (${(mean(traces.map((t) => t.renderMs / Math.max(1, t.frames))) / 1000).toFixed(2)} s of it in Cesium's render call;` +
          ' the rest the page waits for the GPU process to draw)',
      );
      log(`  waited for last:             ${[...lastCounts].map(([c, n]) => `${c} ×${n}`).join(', ')}`);
    }
    log(`  machine load (1 min):        ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** One line: frames, time per frame, and when each condition became true for good (s after the switch). */
function describeTrace(t: SettleReport | null): string {
  if (!t || t.ms === null) return 'no settle trace (window.gridwall.settle)';
  const at = (c: keyof SettleReport['doneAtMs']) => ((t.doneAtMs[c] ?? NaN) / 1000).toFixed(1);
  return (
    `${t.frames} frames, ${(t.ms / Math.max(1, t.frames) / 1000).toFixed(2)} s apart (longest render call ${(t.longestFrameMs / 1000).toFixed(1)} s);` +
    ` flight over ${at('flight')} s, buildings ${at('buildings')} s, globe ${at('globe')} s, layers ${at('layers')} s;` +
    ` last: ${t.last.join('+')}`
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

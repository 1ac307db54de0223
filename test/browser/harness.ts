// Shared set-up for browser tests: a real server on an ephemeral port (the production bundle, real
// tiles, real relay) and Debian's Chromium drawing WebGL on the CPU (SwiftShader).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApplication, type Application } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 960, height: 540 };

export interface TestServer {
  app: Application;
  config: Config;
  origin: string;
  /** Stops the server (as a crash or deploy would), without removing its database. */
  stop(): Promise<void>;
  /** Starts a new server on the same port and data directory. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Serves the prepared district, tiles and bundle; the database and tokens live in a temp dir. */
export async function startServer(env: NodeJS.ProcessEnv = {}): Promise<TestServer> {
  const base = loadConfig({ ...process.env, ...env });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-browser-'));
  const config: Config = {
    ...base,
    dataDir: tmp,
    dbPath: path.join(tmp, 'gridwall.db'),
    simulate: false,
    port: 0,
    host: '127.0.0.1',
  };
  for (const [what, p] of [
    ['district data', path.join(config.districtDir, 'summary.json')],
    ['tiles', path.join(config.tilesDir, 'buildings', 'tileset.json')],
    ['app bundle', path.join(config.distDir, 'index.html')],
  ]) {
    if (!fs.existsSync(p)) throw new Error(`${what} missing (${p}): run npm test, which prepares them first`);
  }
  const listen = async (port: number) => {
    const app = await createApplication(config);
    await new Promise<void>((resolve, reject) => {
      app.httpServer.once('error', reject);
      app.httpServer.listen(port, '127.0.0.1', resolve);
    });
    return app;
  };
  const first = await listen(0);
  const { port } = first.httpServer.address() as AddressInfo;
  let running: Application | null = first;
  const server: TestServer = {
    app: first,
    config,
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      await running?.close();
      running = null;
    },
    async restart() {
      await server.stop();
      running = await listen(port);
      server.app = running;
    },
    async close() {
      await server.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
  return server;
}

/** WebGL on the CPU (SwiftShader) in Debian's Chromium, nothing fetched in the background. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

export interface GuardedPage {
  page: Page;
  /** Every request that tried to leave the origin (they are aborted, so nothing actually leaves). */
  outside: string[];
  /** Console errors and uncaught page errors, for the failure message. */
  consoleErrors: string[];
}

export async function openPage(browser: Browser, origin: string): Promise<GuardedPage> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const outside: string[] = [];
  const consoleErrors: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url === origin || url.startsWith('data:') || url.startsWith('blob:')) {
      return route.continue();
    }
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  // routes do not see WebSockets (the relay, live FLV): they are checked as they open
  const wsOrigin = origin.replace(/^http/, 'ws');
  page.on('websocket', (ws) => {
    if (!ws.url().startsWith(`${wsOrigin}/`)) outside.push(ws.url());
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  return { page, outside, consoleErrors };
}

/** Waits for the wall's own readiness flag (tiles and layers drawn), exposed with ?diag=1. */
export async function waitForReady(page: Page, timeoutMs = 240_000): Promise<void> {
  await page.waitForFunction(
    () => (window as unknown as { gridwall?: { ready?: boolean } }).gridwall?.ready === true,
    undefined,
    {
      timeout: timeoutMs,
      polling: 500,
    },
  );
}

export async function diag<T = unknown>(page: Page): Promise<T> {
  return page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { gridwall: unknown }).gridwall)) as T);
}

/** Polls `probe` until `ok`; a timeout names what was awaited and shows the last value. */
export async function until<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 90_000,
  pollMs = 400,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 800)}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** A guarded page (kept in `pages`) at `/?<query>` in a window of that size, once the hall wiring is up. */
export async function openHallPage(
  browser: Browser,
  origin: string,
  pages: GuardedPage[],
  query: string,
  viewport: { width: number; height: number },
): Promise<Page> {
  const g = await openPage(browser, origin);
  pages.push(g);
  await g.page.setViewportSize(viewport);
  await g.page.goto(`${origin}/?${query}`);
  await g.page.waitForFunction(() => !!(window as unknown as { gridwallHall?: unknown }).gridwallHall, undefined, {
    timeout: 120_000,
  });
  return g.page;
}

/**
 * Waits until the wall is idle: ready, the camera no longer flying, the city model's tiles loaded.
 * `ready` stays true once reached, so after a drill-down only this says where things are drawn now.
 */
export async function waitForIdle(page: Page, timeoutMs = 120_000): Promise<void> {
  await page
    .waitForFunction(
      () => (window as unknown as { gridwall?: { idle?: boolean } }).gridwall?.idle === true,
      undefined,
      {
        timeout: timeoutMs,
        polling: 250,
      },
    )
    .catch(async (e: Error) => {
      // say which readiness condition the wall was still waiting for
      const settle = await page
        .evaluate(() => (window as unknown as { gridwall?: { settle?: unknown } }).gridwall?.settle ?? null)
        .catch(() => null);
      throw new Error(`${e.message}\nthe wall's settle trace: ${JSON.stringify(settle)}`);
    });
}

/**
 * Points of the page where a click lands on neither the map nor anything drawn: an invisible box
 * (a transparent layout container with pointer events) that swallows the officer's clicks on the map.
 */
export async function deadZones(page: Page, step = 24): Promise<{ x: number; y: number; element: string }[]> {
  return page.evaluate((s) => {
    const canvas = document.querySelector('canvas');
    const seen = (e: Element): boolean => {
      const css = getComputedStyle(e);
      if (css.visibility === 'hidden') return false;
      const alpha = (c: string) =>
        c === 'transparent' ? 0 : Number(/rgba?\(([^)]+)\)/.exec(c)?.[1].split(',')[3] ?? 1);
      if (alpha(css.backgroundColor) > 0 || css.backgroundImage !== 'none') return true;
      if (parseFloat(css.borderTopWidth) > 0 && alpha(css.borderTopColor) > 0) return true;
      if (['BUTTON', 'INPUT', 'SELECT', 'LABEL', 'IMG', 'VIDEO', 'CANVAS', 'svg', 'A'].includes(e.tagName)) return true;
      return [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
    };
    const out: { x: number; y: number; element: string }[] = [];
    for (let y = s / 2; y < innerHeight; y += s) {
      for (let x = s / 2; x < innerWidth; x += s) {
        const top = document.elementFromPoint(x, y);
        // the map itself, or the page behind it (where the map does not reach): not a box over the map
        if (!top || !canvas || top === canvas || canvas.parentElement?.contains(top) || top.contains(canvas)) continue;
        let e: Element | null = top;
        let ok = false;
        while (e && e !== document.body && !e.contains(canvas)) {
          if (seen(e)) {
            ok = true;
            break;
          }
          e = e.parentElement;
        }
        const name = (el: Element | null) =>
          el ? `${el.tagName.toLowerCase()}${[...el.classList].map((c) => `.${c}`).join('')}` : '';
        if (!ok) out.push({ x, y, element: `${name(top.parentElement)} > ${name(top)}` });
      }
    }
    return out;
  }, step);
}

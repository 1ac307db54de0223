// Issue 9 in a real browser against the real server (one server, one browser, small viewports):
// the kiosk canvas letterboxes at two window sizes and reports a heartbeat; a briefing tour plays
// three steps with captions by clicker keys (and back, and blank); the officer's scene picker and
// ?scene=; auto-focus fires on a simulated severe incident and returns; relay loss greys the wall;
// a lost WebGL context reloads the page.
import type { Browser, Page } from 'playwright-core';
import { io as ioc, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WallListing } from '../../src/protocol/wall.schema.ts';
import { launchBrowser, openHallPage, startServer, until, type GuardedPage, type TestServer } from './harness.ts';

interface HallDiag {
  scene: string | null;
  tour: { id: string; step: number; count: number; ended: boolean } | null;
  hall: {
    caption: { title: Record<string, string> } | null;
    kpi: { key: string } | null;
    blank: boolean;
    autoFocus: { incidentId: string } | null;
  };
  kiosk: { wall: boolean; scale: number | null; resolutionScale: number | null };
  lastSyncAgeMs: { heartbeat: number | null; live: number | null };
}

let server: TestServer;
let browser: Browser;
const pages: GuardedPage[] = [];

const hallDiag = (page: Page) =>
  page.evaluate(
    () => JSON.parse(JSON.stringify((window as unknown as { gridwallHall: unknown }).gridwallHall)) as HallDiag,
  );

const open = (query: string, viewport: { width: number; height: number }) =>
  openHallPage(browser, server.origin, pages, query, viewport);

const rootBox = (page: Page) =>
  page.evaluate(() => {
    const r = document.getElementById('root')!.getBoundingClientRect();
    return {
      left: r.left,
      top: r.top,
      width: r.width,
      height: r.height,
      cursor: getComputedStyle(document.body).cursor,
    };
  });

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  // nothing may leave our origin (no CDN, no fonts, no ion)
  expect(pages.flatMap((p) => p.outside)).toEqual([]);
});

describe('kiosk wall (?wall=<name>&canvas=1920x1080)', () => {
  let page: Page;

  it('letterboxes the logical canvas whole at two window sizes, with no cursor', async () => {
    page = await open('wall=hall-a&canvas=1920x1080&autofocus=6&diag=1', { width: 800, height: 600 });
    // 1920×1080 in 800×600: scale 800/1920, bars above and below
    let box = await rootBox(page);
    expect(box.width).toBeCloseTo(800, 0);
    expect(box.height).toBeCloseTo(450, 0);
    expect(box.top).toBeCloseTo(75, 0);
    expect(box.left).toBeCloseTo(0, 0);
    expect(box.cursor).toBe('none');
    await page.setViewportSize({ width: 900, height: 300 });
    // 1920×1080 in 900×300: scale 300/1080, bars left and right
    box = await until(
      're-fit after resize',
      () => rootBox(page),
      (b) => Math.abs(b.height - 300) < 1,
    );
    expect(box.width).toBeCloseTo(1920 * (300 / 1080), 0);
    expect(box.left).toBeCloseTo((900 - 1920 * (300 / 1080)) / 2, 0);
    expect(box.top).toBeCloseTo(0, 0);
    // no pointer chrome on a kiosk wall
    expect(await page.locator('[data-testid="scene-picker"]').count()).toBe(0);
  });

  it('draws at the screen resolution and reports a heartbeat the operator sees', async () => {
    const d = await until(
      'engine attached',
      () => hallDiag(page),
      (x) => x.kiosk.resolutionScale !== null,
    );
    expect(d.kiosk.resolutionScale).toBeCloseTo(300 / 1080, 3);
    const walls = await until(
      'the heartbeat in GET /api/walls',
      async () => (await (await fetch(`${server.origin}/api/walls`)).json()) as WallListing,
      (w) => w.walls.some((x) => x.name === 'hall-a' && x.heartbeat.scene === 'district-overview'),
    );
    const row = walls.walls.find((x) => x.name === 'hall-a')!;
    expect(row.heartbeat.canvas).toEqual({ width: 1920, height: 1080 });
    expect(row.worries).not.toContain('version-mismatch');
    expect((await hallDiag(page)).lastSyncAgeMs.heartbeat).not.toBeNull();
  });

  it('auto-focus: a new urgent incident takes the wall to the incident scene, which then returns', async () => {
    await until(
      'live data on the wall',
      () => hallDiag(page),
      (x) => x.lastSyncAgeMs.live !== null || x.scene !== null,
    );
    const hierarchy = (await (await fetch(`${server.origin}/api/hierarchy`)).json()) as {
      streets: { id: string; center: [number, number] }[];
    };
    const street = hierarchy.streets[0]!;
    const center: Socket = ioc(`${server.origin}/ingest`, {
      auth: { token: server.app.relay.devTokens!.centers[street.id] },
      transports: ['websocket'],
      forceNew: true,
    });
    // let the wall's live connection settle before the incident arrives (auto-focus ignores what it saw first)
    await until(
      'live connection',
      () =>
        page.evaluate(
          () =>
            (window as unknown as { gridwall?: { live?: { connection?: string } } }).gridwall?.live?.connection ?? null,
        ),
      (c) => c === 'live',
    );
    const id = `HALL-${Date.now()}`;
    const ack = await new Promise<{ ok: boolean }>((resolve) =>
      center.emit(
        'incident:report',
        {
          eventId: id,
          incident: {
            id,
            streetId: street.id,
            category: 'fire-hazard',
            title: '火灾隐患',
            priority: 'urgent',
            position: street.center,
          },
        },
        resolve,
      ),
    );
    expect(ack.ok).toBe(true);
    const focused = await until(
      'auto-focus on the incident',
      () => hallDiag(page),
      (x) => x.hall.autoFocus?.incidentId === id && x.scene === 'incident-focus',
    );
    expect(focused.scene).toBe('incident-focus');
    await expect(page.locator('[data-testid="auto-focus"]').getAttribute('data-incident')).resolves.toBe(id);
    const back = await until(
      'back to the overview after the hold',
      () => hallDiag(page),
      (x) => x.hall.autoFocus === null && x.scene === 'district-overview',
      60_000,
    );
    expect(back.scene).toBe('district-overview');
    center.disconnect();
  });

  it('relay loss greys the last picture with a banner, and recovery clears it', async () => {
    await server.stop();
    await until(
      'relay-lost banner',
      () => page.locator('[data-testid="relay-lost"]').count(),
      (n) => n === 1,
      60_000,
    );
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.wall-viewer')!).filter)).toMatch(
      /grayscale/,
    );
    await server.restart();
    await until(
      'banner gone after the relay is back',
      () => page.locator('[data-testid="relay-lost"]').count(),
      (n) => n === 0,
      90_000,
    );
  });

  it('a lost WebGL context rebuilds the wall without a person (the page reloads itself)', async () => {
    const lost = await page.evaluate(() => {
      (window as unknown as { beforeLoss?: boolean }).beforeLoss = true;
      const canvas = document.querySelector('.wall-viewer canvas') as HTMLCanvasElement;
      const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
      const ext = gl?.getExtension('WEBGL_lose_context');
      ext?.loseContext();
      return !!ext;
    });
    expect(lost, 'WEBGL_lose_context available').toBe(true);
    await until(
      'a fresh page after the reload',
      () =>
        page
          .evaluate(
            () =>
              (window as unknown as { beforeLoss?: boolean }).beforeLoss !== true &&
              !!(window as unknown as { gridwallHall?: unknown }).gridwallHall,
          )
          .catch(() => false),
      (v) => v,
      120_000,
    );
    await page.close();
  });
});

describe('briefing tour and scene picker (?tour=briefing)', () => {
  let page: Page;
  const caption = () => page.locator('[data-testid="tour-caption"]').textContent();

  it('plays three steps with captions by clicker keys, goes back, blanks', async () => {
    page = await open('tour=briefing&diag=1', { width: 960, height: 540 });
    await until(
      'the tour at its first step',
      () => hallDiag(page),
      (x) => x.tour?.step === 0 && x.scene === 'district-overview',
    );
    await page.keyboard.press('PageDown');
    await until(
      'step 2: caption',
      () => hallDiag(page),
      (x) => x.tour?.step === 1,
    );
    expect(await caption()).toContain('整体智治，一屏尽览');
    await page.keyboard.press('PageDown');
    const s3 = await until(
      'step 3: the KPI board',
      () => hallDiag(page),
      (x) => x.tour?.step === 2 && x.scene === 'kpi-board',
    );
    expect(s3.hall.caption).toBeNull();
    await page.locator('[data-testid="kpi-board"] [data-testid="kpi-incidents-today"]').waitFor({ timeout: 60_000 });
    await page.keyboard.press(' ');
    await until(
      'step 4: a highlighted figure',
      () => hallDiag(page),
      (x) => x.tour?.step === 3 && x.hall.kpi?.key === 'incidents-today',
    );
    await expect(page.locator('[data-testid="kpi-incidents-today"]').getAttribute('class')).resolves.toContain(
      'kpi-highlight',
    );
    expect(await page.locator('[data-testid="tour-progress"]').textContent()).toContain('4 / 16');
    // PageUp twice: back on the caption over the overview
    await page.keyboard.press('PageUp');
    await page.keyboard.press('PageUp');
    const back = await until(
      'back to step 2',
      () => hallDiag(page),
      (x) => x.tour?.step === 1 && x.scene === 'district-overview',
    );
    expect(back.hall.caption?.title['zh-CN']).toBe('整体智治，一屏尽览');
    await page.keyboard.press('b');
    await page.locator('[data-testid="blank"]').waitFor({ timeout: 10_000 });
    await page.keyboard.press('b');
    await until(
      'un-blanked',
      () => page.locator('[data-testid="blank"]').count(),
      (n) => n === 0,
    );
  });

  it('the officer picks a scene; ?scene= opens one', async () => {
    await page.locator('[data-testid="scene-picker"]').selectOption('hotspots');
    await until(
      'hotspots on screen',
      () => hallDiag(page),
      (x) => x.scene === 'hotspots',
    );
    await page.close();
    page = await open('scene=kpi-board&diag=1', { width: 960, height: 540 });
    await until(
      '?scene=kpi-board',
      () => hallDiag(page),
      (x) => x.scene === 'kpi-board',
    );
    await page.locator('[data-testid="kpi-board"] [data-testid="kpi-closed-rate"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="kpi-trend"] canvas').waitFor({ timeout: 60_000 });
    await page.close();
  });
});

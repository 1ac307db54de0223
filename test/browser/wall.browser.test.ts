// Issue 2's promise in a real browser: the production build on the demo district, nothing fetched
// from outside the origin, the whole district with its grids, deep links, and drilling down by
// clicking on the map until a grid's panel shows its worker and highlights its buildings.
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictSummary, Hierarchy } from '../../src/domain/district.types.ts';
import {
  deadZones,
  diag,
  launchBrowser,
  openPage,
  startServer,
  waitForIdle,
  waitForReady,
  type GuardedPage,
  type TestServer,
} from './harness.ts';

interface Diag {
  ready: boolean;
  focus: { level: string; id: string };
  layers: Record<string, { count: number; visible: boolean; areas?: number; [k: string]: unknown }>;
  tiles: { loaded: number; failed: number };
  errors: string[];
  gridDetails: { id: string; status: string; buildings: number; worker: string | null } | null;
  camera: { lng: number; lat: number; height: number } | null;
  lang: string;
  breadcrumb: { level: string; id: string; name: string }[];
}

let server: TestServer;
let browser: Browser;
let summary: DistrictSummary;
let hierarchy: Hierarchy;
const opened: GuardedPage[] = [];
/** the first test's page at the district, where the drill-down starts */
let districtPage: Page | null = null;

async function open(query: string): Promise<Page> {
  // One page at a time: a page left open keeps drawing Cesium on the CPU and slows every later test
  // (five open pages made the street and community views miss their readiness by minutes).
  for (const o of opened) if (!o.page.isClosed()) await o.page.context().close();
  const guarded = await openPage(browser, server.origin);
  opened.push(guarded);
  await guarded.page.goto(`${server.origin}/${query}`);
  await waitForReady(guarded.page);
  return guarded.page;
}

async function focusOf(page: Page) {
  return (await diag<Diag>(page)).focus;
}

/** Clicks an area on the canvas where the wall says it is drawn, then waits for the drill-down. */
async function clickArea(page: Page, id: string, level: string) {
  const at = await page.evaluate((areaId) => window.gridwall!.screenPositionOf(areaId), id);
  expect(at, `${id} is on screen`).not.toBeNull();
  await page.mouse.click(at!.x, at!.y);
  await page.waitForFunction(
    ([l, i]) => window.gridwall!.focus.level === l && window.gridwall!.focus.id === i,
    [level, id],
    {
      timeout: 60_000,
      polling: 250,
    },
  );
  await waitForIdle(page);
}

/** A blank or single-colour canvas has almost no distinct colours; a drawn city has many. */
function distinctColours(png: Buffer): number {
  const img = PNG.sync.read(png);
  const seen = new Set<number>();
  for (let i = 0; i < img.data.length; i += 4 * 7) {
    seen.add((img.data[i] >> 3) | ((img.data[i + 1] >> 3) << 5) | ((img.data[i + 2] >> 3) << 10));
  }
  return seen.size;
}

/** Buildings of a grid in the prepared data file (the source the tiles and the API were built from). */
let buildingCounts: Map<string, number> | null = null;
function buildingsOfGrid(gridId: string): number {
  if (!buildingCounts) {
    const all = JSON.parse(fs.readFileSync(path.join(server.config.districtDir, 'buildings.json'), 'utf8')) as {
      gridId: string;
    }[];
    buildingCounts = new Map();
    for (const b of all) buildingCounts.set(b.gridId, (buildingCounts.get(b.gridId) ?? 0) + 1);
  }
  return buildingCounts.get(gridId) ?? 0;
}

type Rect = { x: number; y: number; width: number; height: number };
/** Where the wall's panels and bars cover the map: pixels there are not the 3D model. */
async function overlayRects(page: Page): Promise<Rect[]> {
  return page.$$eval('[data-testid]', (els) =>
    els
      .filter((e) => e.tagName !== 'CANVAS')
      .map((e) => e.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0 && r.width * r.height < 0.5 * innerWidth * innerHeight)
      .map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })),
  );
}

/** Pixels in the highlight hue (#36e3ff, as lit and shaded: cyan, red well under blue) off the overlays. */
function highlightPixels(png: Buffer, covered: Rect[]): number {
  const img = PNG.sync.read(png);
  let n = 0;
  for (let y = 0; y < img.height; y += 2) {
    for (let x = 0; x < img.width; x += 2) {
      if (covered.some((c) => x >= c.x && x < c.x + c.width && y >= c.y && y < c.y + c.height)) continue;
      const i = (y * img.width + x) * 4;
      const [r, g, b] = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
      if (b > 90 && g > 0.6 * b && r < 0.45 * b) n++;
    }
  }
  return n;
}

beforeAll(async () => {
  server = await startServer();
  summary = (await (await fetch(`${server.origin}/api/district`)).json()) as DistrictSummary;
  hierarchy = (await (await fetch(`${server.origin}/api/hierarchy`)).json()) as Hierarchy;
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const o of opened) {
    expect(o.outside, 'requests that tried to leave the origin').toEqual([]);
  }
  await browser?.close();
  await server?.close();
});

describe('the wall on the demo district', () => {
  it('draws the whole district with its grids and city model, fetching nothing from outside', async () => {
    const page = await open('?diag=1');
    districtPage = page;
    const d = await diag<Diag>(page);
    expect(d.focus).toEqual({ level: 'district', id: summary.id });
    // the camera looks down on the district: near its outline (a tilted view stands off it by up to
    // about its height), high enough to take it all in
    const ring = hierarchy.district.polygon[0]!;
    const [lngs, lats] = [ring.map((p) => p[0]), ring.map((p) => p[1])];
    const margin = 0.6; // degrees
    expect(d.camera!.lng).toBeGreaterThan(Math.min(...lngs) - margin);
    expect(d.camera!.lng).toBeLessThan(Math.max(...lngs) + margin);
    expect(d.camera!.lat).toBeGreaterThan(Math.min(...lats) - margin);
    expect(d.camera!.lat).toBeLessThan(Math.max(...lats) + margin);
    expect(d.camera!.height).toBeGreaterThan(5_000);
    // at district level the legend is open: the colours on the map are explained
    expect(await page.getAttribute('[data-testid="legend"]', 'data-open')).toBe('true');
    // buildings are specks at district scale: their key gives way to the district's figures
    expect(await page.$('[data-testid="legend-grids"]')).not.toBeNull();
    expect(await page.$('[data-testid="legend-buildings"]')).toBeNull();
    // Every street, community and grid of the district is loaded into the grid layer, and the
    // district view fills one area per street.
    expect(d.layers.grids.areas).toBe(summary.streets + summary.communities + summary.grids);
    expect(d.layers.grids.count).toBe(summary.streets);
    expect(d.layers.grids.visible).toBe(true);
    expect(d.tiles.loaded).toBeGreaterThan(0);
    expect(d.tiles.failed).toBe(0);
    expect(d.errors).toEqual([]);
    const shot = await page.screenshot({ type: 'png' });
    expect(distinctColours(shot)).toBeGreaterThan(200);
    // wherever nothing is drawn over the map, a click reaches the map (no invisible box takes it)
    expect(await deadZones(page)).toEqual([]);
    const guarded = opened[opened.length - 1];
    expect(guarded.outside).toEqual([]);
  });

  it('drills down district → street → community → grid by clicking, and back', async () => {
    // the first test's district page, where an officer would start (a second district load would
    // cost this file a minute under software rendering and prove nothing more)
    const page = districtPage && !districtPage.isClosed() ? districtPage : await open('?diag=1');
    await waitForIdle(page);
    // Click whatever the wall offers at each level, preferring areas with buildings (counted from
    // the data file), as a duty officer would pick what is in front of them: a rural grid with no
    // building would leave nothing to highlight.
    const built = new Map<string, number>();
    for (const g of hierarchy.grids) {
      const n = buildingsOfGrid(g.id);
      if (n === 0) continue;
      for (const id of [g.id, g.communityId, g.streetId]) built.set(id, (built.get(id) ?? 0) + n);
    }
    const urbanStreets = new Set(hierarchy.streets.map((s) => s.id).filter((id) => built.has(id)));
    const urbanCommunities = new Set(hierarchy.communities.map((c) => c.id).filter((id) => built.has(id)));
    const residential = new Set(hierarchy.grids.map((g) => g.id).filter((id) => built.has(id)));
    /** The first area on offer that a click lands on, built-up ones first (most buildings first). */
    const pick = async (prefer: Set<string>, onlyPreferred: boolean) => {
      const ids = await page.evaluate(() => window.gridwall!.areas?.ids ?? []);
      const preferred = ids.filter((i) => prefer.has(i)).sort((a, b) => (built.get(b) ?? 0) - (built.get(a) ?? 0));
      const ordered = onlyPreferred ? preferred : [...preferred, ...ids.filter((i) => !prefer.has(i))];
      // Each probe is a real pick (slow under SwiftShader): try a handful, not every area.
      for (const id of ordered.slice(0, 6)) {
        if (await page.evaluate((i) => window.gridwall!.screenPositionOf(i), id)) return id;
      }
      return null;
    };
    const log = (m: string) => console.log(`drill-down: ${m} (${Math.round(performance.now() / 1000)} s)`);
    // A street's built-up communities can sit under the panels in this small viewport: then the
    // officer goes back up (Escape) and takes the next street.
    let streetId = '';
    let communityId = '';
    const tried = new Set<string>();
    for (let attempt = 0; attempt < 3 && !communityId; attempt++) {
      const ids = (await page.evaluate(() => window.gridwall!.areas?.ids ?? [])).filter((i) => !tried.has(i));
      const next = await pick(new Set(ids.filter((i) => urbanStreets.has(i))), attempt < 2);
      if (!next) break;
      tried.add(next);
      streetId = next;
      log(`street ${streetId}`);
      await clickArea(page, streetId, 'street');
      communityId = (await pick(urbanCommunities, true)) ?? '';
      if (!communityId) {
        await page.keyboard.press('Escape');
        await page.waitForFunction(() => window.gridwall!.focus.level === 'district', undefined, { timeout: 30_000 });
        await waitForIdle(page);
      }
    }
    expect(communityId, 'a built-up community to click in one of three streets').not.toBe('');
    log(`community ${communityId}`);
    await clickArea(page, communityId, 'community');
    const gridId = (await pick(residential, false))!;
    expect(gridId, 'a grid to click').toBeTruthy();
    log(`grid ${gridId}`);
    await clickArea(page, gridId, 'grid');
    const grid = hierarchy.grids.find((g) => g.id === gridId)!;
    expect([grid.streetId, grid.communityId]).toEqual([streetId, communityId]);
    await page.waitForSelector(`[data-testid="grid-panel"][data-grid-id="${grid.id}"][data-details="ok"]`, {
      timeout: 60_000,
    });
    const d = await diag<Diag>(page);
    expect(d.layers.buildings.styledFor).toBe(`grid:${grid.id}`);
    const shot = await page.screenshot({ type: 'png' });
    expect(distinctColours(shot)).toBeGreaterThan(200);
    // The count the panel names is the grid's buildings in the district data, counted here from the
    // data file itself (not from the API the panel reads).
    const inGrid = buildingsOfGrid(grid.id);
    expect(inGrid).toBeGreaterThan(0);
    expect(Number(await page.getAttribute('[data-testid="grid-buildings-highlighted"]', 'data-count'))).toBe(inGrid);
    // And they are lit on screen: the highlight colour fills the map at grid focus, and leaves it
    // once the wall goes back to the community (where buildings take their use colours).
    const litAtGrid = highlightPixels(shot, await overlayRects(page));

    await page.click('[data-testid="back-button"]');
    await page.waitForFunction((id) => window.gridwall!.focus.id === id, grid.communityId, { timeout: 30_000 });
    await waitForIdle(page);
    const litAtCommunity = highlightPixels(await page.screenshot({ type: 'png' }), await overlayRects(page));
    expect(litAtGrid, `highlighted pixels at grid ${litAtGrid}, at community ${litAtCommunity}`).toBeGreaterThan(
      litAtCommunity + 300,
    );
    await page.keyboard.press('Escape');
    await page.waitForFunction((id) => window.gridwall!.focus.id === id, grid.streetId, { timeout: 30_000 });
  });

  it('opens a deep link focused on one grid with its panel and worker', async () => {
    const grid = hierarchy.grids.find((g) => g.urban && g.kind === 'residential') ?? hierarchy.grids[0];
    const page = await open(`?grid=${grid.id}&diag=1`);
    expect(await focusOf(page)).toEqual({ level: 'grid', id: grid.id });
    await page.waitForSelector(`[data-testid="grid-panel"][data-grid-id="${grid.id}"][data-details="ok"]`, {
      timeout: 60_000,
    });
    const worker = await (await fetch(`${server.origin}/api/grids/${grid.id}`)).json();
    expect(await page.textContent('[data-testid="grid-worker-name"]')).toContain(worker.worker.name);
    const details = (await diag<Diag>(page)).gridDetails;
    expect(details).toMatchObject({ id: grid.id, status: 'ok', buildings: worker.buildingIds.length });
    const crumbs = await page.$$eval('[data-testid^="crumb-"]', (els) => els.map((e) => e.getAttribute('data-id')));
    expect(crumbs).toEqual([summary.id, grid.streetId, grid.communityId, grid.id]);
    // Below the district the panel gets the column: the legend is folded to one line until tapped.
    expect(await page.getAttribute('[data-testid="legend"]', 'data-open')).toBe('false');
    expect(await page.$('[data-testid="legend-grids"]')).toBeNull();
    await page.click('[data-testid="legend-toggle"]');
    await page.waitForSelector('[data-testid="legend"][data-open="true"] [data-testid="legend-grids"]', {
      timeout: 10_000,
    });
    expect(await page.$('[data-testid="legend-buildings"]')).not.toBeNull();
  });

  it('opens ?street= in English (?lang=en), and the 中/EN button switches the bar, badge and panel', async () => {
    const street = hierarchy.streets[6] ?? hierarchy.streets[0]!;
    const page = await open(`?street=${street.id}&lang=en&diag=1`);
    expect(await focusOf(page)).toEqual({ level: 'street', id: street.id });
    expect((await diag<Diag>(page)).lang).toBe('en');
    const panel = `[data-testid="area-panel"][data-level="street"][data-id="${street.id}"]`;
    await page.waitForSelector(panel, { timeout: 30_000 });
    const english = {
      bar: await page.textContent('[data-testid="top-bar"]'),
      badge: await page.textContent('[data-testid="live-badge"]'),
      panel: await page.textContent(panel),
    };
    expect(english.bar).toContain('Grid Governance Command Wall');
    expect(english.badge).toMatch(/Live|Connecting|Offline|Feed interrupted/);
    expect(english.panel).toContain('Population');
    expect(await deadZones(page), 'clicks through to the map below the district').toEqual([]);
    expect(await page.textContent('[data-testid="lang-toggle"]')).toBe('中文');
    await page.click('[data-testid="lang-toggle"]');
    await page.waitForFunction(() => window.gridwall!.lang === 'zh-CN', undefined, { timeout: 10_000 });
    expect(await page.textContent('[data-testid="top-bar"]')).toContain('网格化社会治理指挥平台');
    expect(await page.textContent('[data-testid="live-badge"]')).toMatch(/实时|连接中|离线|数据中断/);
    expect(await page.textContent(panel)).toContain('人口');
    expect(await page.textContent('[data-testid="lang-toggle"]')).toBe('EN');
    // the choice stays in the address (a reload keeps it): zh-CN is the default, so no parameter
    expect(new URL(page.url()).searchParams.get('lang')).toBeNull();
  });

  it('opens ?community= focused on the community, with its breadcrumb and panel', async () => {
    const community = hierarchy.communities[hierarchy.communities.length - 1]!;
    const page = await open(`?community=${community.id.toLowerCase()}&diag=1`);
    expect(await focusOf(page)).toEqual({ level: 'community', id: community.id });
    await page.waitForSelector(`[data-testid="area-panel"][data-level="community"][data-id="${community.id}"]`, {
      timeout: 30_000,
    });
    const crumbs = await page.$$eval('[data-testid^="crumb-"]', (els) => els.map((e) => e.getAttribute('data-id')));
    expect(crumbs).toEqual([summary.id, community.parentId, community.id]);
    // the grid layer offers this community's grids, and only those
    const ids = await page.evaluate(() => window.gridwall!.areas?.ids ?? []);
    const expected = hierarchy.grids.filter((g) => g.communityId === community.id).map((g) => g.id);
    expect([...ids].sort()).toEqual([...expected].sort());
  });
});

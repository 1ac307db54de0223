// Issue 8's worked example in a real browser: the places layer (地) added as one folder and one
// registry line. It starts hidden, switches on from the layer toggles like the live layers, clusters
// the district's places at district scale, and a click on a place opens its panel.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Place } from '../../src/domain/district.types.ts';
import {
  diag,
  launchBrowser,
  openPage,
  startServer,
  waitForIdle,
  waitForReady,
  type GuardedPage,
  type TestServer,
} from './harness.ts';

interface PlacesDiag {
  count: number;
  visible: boolean;
  settled: boolean;
  errors: string[];
  clusters: number;
  singles: number;
  cellM: number;
}
interface Diag {
  layers: Record<string, PlacesDiag>;
}

let server: TestServer;
let browser: Browser;
let places: Place[];
const opened: GuardedPage[] = [];

async function open(query: string): Promise<Page> {
  // one page at a time: an open page keeps drawing on the CPU and slows the next test
  for (const o of opened) if (!o.page.isClosed()) await o.page.context().close();
  const guarded = await openPage(browser, server.origin);
  opened.push(guarded);
  await guarded.page.goto(`${server.origin}/${query}`);
  await waitForReady(guarded.page);
  return guarded.page;
}

async function placesOf(page: Page): Promise<PlacesDiag> {
  return (await diag<Diag>(page)).layers.places;
}

async function switchOn(page: Page): Promise<void> {
  await page.click('[data-testid="toggle-places"]');
  await page.waitForFunction(
    () => {
      const p = window.gridwall!.layers.places as unknown as { visible: boolean; clusters: number; singles: number };
      return p.visible && p.clusters + p.singles > 0;
    },
    undefined,
    { timeout: 60_000, polling: 250 },
  );
}

beforeAll(async () => {
  server = await startServer();
  // The oracle is the district's own data file, served as is.
  places = (await (await fetch(`${server.origin}/api/places`)).json()) as Place[];
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const o of opened) expect(o.outside, 'requests that tried to leave the origin').toEqual([]);
  await browser?.close();
  await server?.close();
});

describe('the places layer', () => {
  it('loads every place hidden, switches on from its toggle and clusters them at district scale', async () => {
    expect(places.length).toBeGreaterThan(10_000);
    const page = await open('?diag=1');
    const before = await placesOf(page);
    expect(before).toMatchObject({ count: places.length, visible: false, settled: true, errors: [] });
    expect(await page.isChecked('[data-testid="toggle-places"]')).toBe(false);
    expect(await page.$('[data-testid="legend-places"]')).toBeNull();

    await switchOn(page);
    const on = await placesOf(page);
    expect(await page.isChecked('[data-testid="toggle-places"]')).toBe(true);
    // District scale: thousands of places become a few hundred markers at most.
    expect(on.cellM).toBeGreaterThan(0);
    expect(on.clusters).toBeGreaterThan(0);
    expect(on.clusters + on.singles).toBeLessThan(places.length / 5);
    await page.waitForSelector('[data-testid="legend-places"]', { timeout: 10_000 });

    await page.click('[data-testid="toggle-places"]');
    await page.waitForFunction(
      () => !(window.gridwall!.layers as Record<string, { visible: boolean }>).places.visible,
      undefined,
      { timeout: 30_000 },
    );
    expect(await page.$('[data-testid="legend-places"]')).toBeNull();
  });

  it('opens the panel of a place clicked on the map', async () => {
    // Close in on the grid with the most places, where they are drawn one by one.
    const perGrid = new Map<string, number>();
    for (const p of places) perGrid.set(p.gridId, (perGrid.get(p.gridId) ?? 0) + 1);
    const gridId = [...perGrid.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const page = await open(`?grid=${gridId}&diag=1`);
    await switchOn(page);
    await waitForIdle(page);
    // The first place the wall can show a verified click point for (a real pick resolves to it),
    // trying the focused grid's own places first.
    const ids = [...places.filter((p) => p.gridId === gridId), ...places.filter((p) => p.gridId !== gridId)].map(
      (p) => p.id,
    );
    const hit = await page.evaluate((all) => {
      for (const id of all) {
        const at = window.gridwall!.screenPositionOf(id);
        if (at) return { id, at };
      }
      return null;
    }, ids);
    expect(hit, 'a place with a click point on screen').not.toBeNull();
    await page.mouse.click(hit!.at.x, hit!.at.y);
    const panel = await page.waitForSelector(`[data-testid="place-panel"][data-place-id="${hit!.id}"]`, {
      timeout: 30_000,
    });
    const place = places.find((p) => p.id === hit!.id)!;
    expect(await panel.textContent()).toContain(place.name);
    // The click opened a panel and did not drill into the area under it.
    expect((await diag<{ focus: { id: string } }>(page)).focus.id).toBe(gridId);
  });
});

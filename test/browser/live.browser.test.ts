// Issue 4's promise in a real browser: the wall fed by the real relay and the 30 simulated street
// centers. Live counts appear and change, an incident click opens its panel with the nearest staff
// and the cameras that see it, a relay restart freezes the picture (never empties it) and then
// recovers without gaps or duplicates, street centers that drop are named as offline, and nothing is
// fetched from outside the origin.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Camera, LngLat } from '../../src/domain/district.types.ts';
import { cameraIdsSeeing, createCameraModel } from '../../src/live/models/cameras.model.ts';
import { startSimulator, type Simulator } from '../../server/sim/simulator.ts';
import { diag, launchBrowser, openPage, startServer, waitForReady, type GuardedPage, type TestServer } from './harness.ts';

interface LiveDiag {
  connection: string;
  layers: { staff: { count: number; withFix: number }; incidents: { count: number; open: number }; cameras: { count: number } };
  streets: Record<string, { ageMs: number | null; stale: boolean; seq: number; centerOnline: boolean | null }>;
  counts: { snapshots: number; deltas: number; frames: number };
  dropped: Record<string, number>;
  malformed: number;
}
interface Diag {
  live: LiveDiag | null;
  layers: Record<string, { count: number; visible: boolean; onScreenId?: string; onScreenXY?: string }>;
}

let server: TestServer;
let browser: Browser;
let sim: Simulator | null = null;
let guarded: GuardedPage;
let page: Page;

const live = async () => (await diag<Diag>(page)).live!;

async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function startSim() {
  sim = startSimulator({
    url: server.origin,
    tokens: server.app.relay.devTokens!,
    districtDir: server.config.districtDir,
    speed: 20,
    incidentsPerHour: 40,
    prerollMs: 30 * 60_000,
    seed: 7,
    runId: 'browser',
    log: () => {},
  });
}

beforeAll(async () => {
  server = await startServer();
  expect(server.app.relay.demo, 'demo mode: the page gets a display token by itself').toBe(true);
  startSim();
  browser = await launchBrowser();
  guarded = await openPage(browser, server.origin);
  page = guarded.page;
  await page.goto(`${server.origin}/?diag=1`);
  await waitForReady(page);
});

afterAll(async () => {
  await sim?.stop();
  await browser?.close();
  await server?.close();
});

describe('live layers on the wall', () => {
  it('shows live staff, incidents and cameras, and the counts move', async () => {
    const first = await until('live data', live, (l) => l?.connection === 'live' && l.layers.staff.withFix > 100 && l.layers.incidents.open > 0);
    expect(first.layers.cameras.count).toBeGreaterThanOrEqual(5000);
    expect(Object.keys(first.streets).length).toBe(30);
    const later = await until('more frames and deltas', live, (l) => l.counts.frames > first.counts.frames + 3 && l.counts.deltas > first.counts.deltas);
    expect(later.malformed).toBe(0);
    const layers = (await diag<Diag>(page)).layers;
    for (const id of ['staff', 'incidents', 'cameras']) expect(layers[id]?.visible, `${id} layer visible`).toBe(true);
    expect(layers.staff.count).toBeGreaterThan(100);
  });

  it('opens an incident panel with the three nearest free staff and the cameras that see it', async () => {
    const at = await until('an incident on screen', async () => (await diag<Diag>(page)).layers.incidents, (l) => Boolean(l.onScreenId));
    const [x, y] = at.onScreenXY!.split(',').map(Number);
    await page.mouse.click(x, y);
    const panel = await page.waitForSelector('[data-testid="incident-panel"]', { timeout: 30_000 });
    expect(await panel.getAttribute('data-incident-id')).toBeTruthy();
    await page.waitForSelector('[data-testid="incident-nearest"] li', { timeout: 30_000 });
    const nearest = await page.$$('[data-testid="incident-nearest"] li');
    expect(nearest.length).toBeGreaterThan(0);
    expect(nearest.length).toBeLessThanOrEqual(3);
    expect(await page.$('[data-testid="incident-timeline"]')).not.toBeNull();
    // The cameras listed are exactly those whose view cones hold the incident, computed here
    // independently from the relay's record of the incident and the district's camera list.
    const id = (await panel.getAttribute('data-incident-id'))!;
    const record = (await (await fetch(`${server.origin}/api/incidents/${id}`)).json()) as { incident: { position: LngLat | null } };
    const cameras = (await (await fetch(`${server.origin}/api/cameras`)).json()) as Camera[];
    const seeing = record.incident.position ? cameraIdsSeeing(createCameraModel(cameras), record.incident.position) : [];
    const byId = new Map(cameras.map((c) => [c.id, c.name]));
    const listed = await page.$$eval('[data-testid="incident-cameras"] li', (els) => els.map((e) => e.textContent?.trim() ?? ''));
    expect(listed).toEqual(seeing.slice(0, 8).map((c) => byId.get(c)));
    // A display token may look but not act.
    expect(await page.$('[data-testid="dispatch-button"]')).toBeNull();
  });

  it('freezes on a relay restart and recovers without gaps or duplicates', async () => {
    const before = await live();
    await server.stop();
    const frozen = await until('the wall to notice the drop', live, (l) => l.connection !== 'live');
    // The last known state stays on screen, greyed, never emptied.
    expect(frozen.layers.staff.withFix).toBe(before.layers.staff.withFix);
    expect(frozen.layers.incidents.count).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid="live-badge"]:not([data-state="live"])', { timeout: 15_000 });

    await server.restart();
    await until('the wall to be live again', live, (l) => l.connection === 'live', 90_000);
    // Let the simulator's resent events and new deltas flow, then stop it and compare with the relay.
    await until('new deltas after the restart', live, (l) => l.counts.deltas > before.counts.deltas + 5, 90_000);
    await sim!.stop();
    sim = null;
    await new Promise((r) => setTimeout(r, 3000));
    const after = await live();
    expect(after.dropped.gap ?? 0).toBe(0);
    expect(after.malformed).toBe(0);
    let open = 0;
    let cursor: string | null = null;
    do {
      const q = `status=reported,dispatched,arrived,handling,fed-back&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const pageOfIncidents = (await (await fetch(`${server.origin}/api/incidents?${q}`)).json()) as { items: unknown[]; nextCursor: string | null };
      open += pageOfIncidents.items.length;
      cursor = pageOfIncidents.nextCursor;
    } while (cursor);
    expect(after.layers.incidents.open).toBe(open);
    expect(guarded.outside).toEqual([]);
  });

  it('names the street centers that are offline, and clears them when they come back', async () => {
    // the restart test stopped the simulator: every street center is gone, and the relay says so
    if (sim) {
      await sim.stop();
      sim = null;
    }
    await page.waitForSelector('[data-testid="live-badge"][data-offline-centers="30"]', { timeout: 30_000 });
    const gone = await live();
    expect(Object.values(gone.streets).every((h) => h.centerOnline === false && h.stale)).toBe(true);
    expect(await page.textContent('[data-testid="offline-centers"]')).toContain('30 个街镇中心离线');
    startSim();
    await page.waitForSelector('[data-testid="live-badge"][data-offline-centers="0"]', { timeout: 60_000 });
    const back = await until('every street fresh again', live, (l) => Object.values(l.streets).every((h) => h.centerOnline === true && !h.stale));
    expect(Object.keys(back.streets).length).toBe(30);
    expect(guarded.outside).toEqual([]);
  });
});

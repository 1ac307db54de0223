// Issue 4's promise in a real browser: the wall fed by the real relay and the 30 simulated street
// centers. Live counts appear and change, an incident click opens its panel with the nearest staff
// and the cameras that see it, a relay restart freezes the picture (never empties it) and then
// recovers without gaps or duplicates, street centers that drop are named as offline, and nothing is
// fetched from outside the origin.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Camera, LngLat } from '../../src/domain/district.types.ts';
import { bearing, distance } from '@turf/turf';
import type { Simulator } from '../../server/sim/simulator.ts';
import {
  diag,
  launchBrowser,
  openPage,
  startServer,
  waitForIdle,
  waitForReady,
  type GuardedPage,
  type TestServer,
  until,
} from './harness.ts';
import { openIncidents, startLiveSim, type LiveDiag } from './live-feed.fixture.ts';

interface Diag {
  live: LiveDiag | null;
  layers: Record<string, { count: number; visible: boolean; onScreenId?: string; onScreenXY?: string }>;
}

/** The cameras whose cone holds p, nearest first: an oracle apart from the wall's camera model. */
function camerasSeeingByTurf(cameras: Camera[], p: LngLat): string[] {
  return cameras
    .map((c) => ({
      c,
      d: distance(c.position, p, { units: 'meters' }),
      off: Math.abs(((((bearing(c.position, p) - c.heading) % 360) + 540) % 360) - 180),
    }))
    .filter(({ c, d, off }) => d <= c.range && (d < 0.5 || off <= c.fov / 2))
    .sort((a, b) => a.d - b.d)
    .map(({ c }) => c.id);
}

let server: TestServer;
let browser: Browser;
let sim: Simulator | null = null;
let guarded: GuardedPage;
let page: Page;

const live = async () => (await diag<Diag>(page)).live!;

function startSim() {
  sim = startLiveSim(server);
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
    const first = await until(
      'live data',
      live,
      (l) => l?.connection === 'live' && l.layers.staff.withFix > 100 && l.layers.incidents.open > 0,
    );
    expect(first.layers.cameras.count).toBeGreaterThanOrEqual(5000);
    expect(Object.keys(first.streets).length).toBe(30);
    const later = await until(
      'more frames and deltas',
      live,
      (l) => l.counts.frames > first.counts.frames + 3 && l.counts.deltas > first.counts.deltas,
    );
    expect(later.malformed).toBe(0);
    const layers = (await diag<Diag>(page)).layers;
    for (const id of ['staff', 'incidents', 'cameras']) expect(layers[id]?.visible, `${id} layer visible`).toBe(true);
    expect(layers.staff.count).toBeGreaterThan(100);
  });

  it('opens an incident panel with the three nearest free staff and the cameras that see it', async () => {
    // an incident drawn mid-map where a click lands on it (not on a camera or a person drawn over it)
    const findTarget = () =>
      until(
        'an incident on screen that a click lands on',
        async () => {
          const open = (await (
            await fetch(`${server.origin}/api/incidents?status=reported,dispatched,arrived,handling&limit=60`)
          ).json()) as { items: { id: string }[] };
          return page.evaluate(
            (ids) => {
              const first = window.gridwall!.layers.incidents?.onScreenId as string | undefined;
              for (const id of [...(first ? [first] : []), ...ids]) {
                const at = window.gridwall!.screenPositionOf(id);
                if (at) return { id, ...at };
              }
              return null;
            },
            open.items.map((i) => i.id),
          );
        },
        (v) => v !== null,
      );
    // Live people move between reading a point and clicking it (frames are ~1 s apart here), so a
    // click may land on a person who walked over the incident: what it picked is kept, and the
    // wall gets up to three clicks. A wall whose incidents cannot be clicked still fails.
    const missed: string[] = [];
    let panel = null;
    let target: Awaited<ReturnType<typeof findTarget>> = null;
    for (let attempt = 0; attempt < 3 && !panel; attempt++) {
      target = await findTarget();
      await page.mouse.click(target!.x, target!.y);
      panel = await page
        .waitForSelector(`[data-testid="incident-panel"][data-incident-id="${target!.id}"]`, { timeout: 20_000 })
        .catch(async () => {
          const hit = await page.evaluate(([x, y]) => window.gridwall!.pickAt(x, y), [target!.x, target!.y] as const);
          missed.push(`${target!.id} at ${target!.x},${target!.y}: picked ${JSON.stringify(hit)}`);
          return null;
        });
    }
    expect(panel, `incident panel after clicks; missed: ${missed.join('; ')}`).not.toBeNull();
    if (missed.length) console.log(`incident click retried: ${missed.join('; ')}`);
    await page.waitForSelector('[data-testid="incident-nearest"] li', { timeout: 30_000 });
    const nearest = await page.$$('[data-testid="incident-nearest"] li');
    expect(nearest.length).toBeGreaterThan(0);
    expect(nearest.length).toBeLessThanOrEqual(3);
    expect(await page.$('[data-testid="incident-timeline"]')).not.toBeNull();
    // The cameras listed are exactly those whose view cones hold the incident, computed here with
    // turf's geodesy (within range, within half the field of view of the heading), nearest first,
    // from the relay's record of the incident and the district's camera list.
    const id = (await panel!.getAttribute('data-incident-id'))!;
    const record = (await (await fetch(`${server.origin}/api/incidents/${id}`)).json()) as {
      incident: { position: LngLat | null };
    };
    const cameras = (await (await fetch(`${server.origin}/api/cameras`)).json()) as Camera[];
    const seeing = record.incident.position ? camerasSeeingByTurf(cameras, record.incident.position) : [];
    const byId = new Map(cameras.map((c) => [c.id, c.name]));
    const listed = await page.$$eval('[data-testid="incident-cameras"] li', (els) =>
      els.map((e) => e.textContent?.trim() ?? ''),
    );
    expect(listed).toEqual(seeing.slice(0, 8).map((c) => byId.get(c)));
    // A display token may look but not act.
    expect(await page.$('[data-testid="dispatch-button"]')).toBeNull();

    // the staff panel, from the first of the nearest staff
    // read and clicked in one task in the page: the list is recomputed as people move, so a row
    // found in one step can be gone (or another person's) by the next
    const staffName = await page.evaluate(() => {
      const button = document.querySelector<HTMLButtonElement>('[data-testid="incident-nearest"] li button.linkish')!;
      const name = button.textContent!.trim();
      button.click();
      return name;
    });
    const staffPanel = await page.waitForSelector('[data-testid="staff-panel"]', { timeout: 30_000 });
    const staffId = (await staffPanel.getAttribute('data-staff-id'))!;
    const roster = (await (await fetch(`${server.origin}/api/staff`)).json()) as { id: string; name: string }[];
    expect(roster.find((s) => s.id === staffId)?.name).toBe(staffName);
    expect(await staffPanel.textContent()).toContain(staffName);
  });

  it('opens the camera panel of a camera found by its id (its name and status shown)', async () => {
    if (await page.$('[data-testid="staff-panel"]')) await page.click('[data-testid="staff-panel"] .live-panel-close');
    // cameras are clustered at district scale: the search box is how an operator reaches one
    const cameras = (await (await fetch(`${server.origin}/api/cameras`)).json()) as Camera[];
    const camera = cameras[Math.floor(cameras.length / 2)]!;
    if (!(await page.$('[data-testid="search-input"]'))) await page.keyboard.press('/');
    await page.waitForSelector('[data-testid="search-input"]', { timeout: 10_000 });
    await page.fill('[data-testid="search-input"]', '');
    await page.type('[data-testid="search-input"]', camera.id, { delay: 10 });
    await until(
      'the camera first among the results',
      () =>
        page.$$eval('[data-testid="search-result"]', (els) =>
          els.map((e) => [e.getAttribute('data-kind'), e.getAttribute('data-id')]),
        ),
      (r) => r.length > 0 && r[0]![0] === 'camera' && r[0]![1] === camera.id,
      30_000,
    );
    await page.keyboard.press('Enter');
    const cam = await page.waitForSelector(`[data-testid="camera-panel"][data-camera-id="${camera.id}"]`, {
      timeout: 30_000,
    });
    expect(await cam.textContent()).toContain(camera.name);
    expect(await page.$('[data-testid="camera-panel"] [data-testid="camera-status"]')).not.toBeNull();
    await page.click('[data-testid="camera-panel"] .live-panel-close');
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
    const open = (await openIncidents(server.origin)).length;
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
    // staleness is re-evaluated about once a second: wait for it rather than read it once
    const gone = await until('every street offline and stale', live, (l) =>
      Object.values(l.streets).every((h) => h.centerOnline === false && h.stale),
    );
    expect(Object.keys(gone.streets).length).toBe(30);
    expect(await page.textContent('[data-testid="offline-centers"]')).toContain('30 个街镇中心离线');
    startSim();
    await page.waitForSelector('[data-testid="live-badge"][data-offline-centers="0"]', { timeout: 60_000 });
    const back = await until('every street fresh again', live, (l) =>
      Object.values(l.streets).every((h) => h.centerOnline === true && !h.stale),
    );
    expect(Object.keys(back.streets).length).toBe(30);
    expect(guarded.outside).toEqual([]);
  });
});

describe('search on the officer console (issue 14)', () => {
  const results = () =>
    page.$$eval('[data-testid="search-result"]', (els) =>
      els.map((e) => [e.getAttribute('data-kind'), e.getAttribute('data-id')]),
    );
  async function openSearch() {
    if (!(await page.$('[data-testid="search-input"]'))) await page.keyboard.press('/');
    await page.waitForSelector('[data-testid="search-input"]', { timeout: 10_000 });
    await page.fill('[data-testid="search-input"]', '');
  }

  it('finds a grid by the initials of its name; Enter flies there and opens its panel', async () => {
    const hierarchy = (await (await fetch(`${server.origin}/api/hierarchy`)).json()) as {
      grids: { id: string; name: string }[];
    };
    const grid = hierarchy.grids.find((g) => g.id === 'S01-C01-G01');
    // the initials below are written by hand for this name: 解(jiě) 放(fàng) 第(dì) 1 网(wǎng) 格(gé)
    expect(grid?.name, 'the demo generator still names S01-C01-G01 解放第1网格').toBe('解放第1网格');
    await page.click('body');
    await openSearch();
    await page.type('[data-testid="search-input"]', 'jfd1wg', { delay: 30 });
    await until('the grid among the results', results, (r) => r.length > 0 && r[0][1] === 'S01-C01-G01', 30_000);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="grid-panel"][data-grid-id="S01-C01-G01"]', { timeout: 60_000 });
    expect((await diag<{ focus: { level: string; id: string } }>(page)).focus).toEqual({
      level: 'grid',
      id: 'S01-C01-G01',
    });
    expect(new URL(page.url()).searchParams.get('grid')).toBe('S01-C01-G01');
    expect(await page.$('[data-testid="search-input"]')).toBeNull();
  });

  it('finds a fresh incident from the simulator by its id and opens its panel', async () => {
    type Row = { id: string; reportedAt: number };
    const newest = await until(
      'an open incident',
      async () => {
        const res = (await (
          await fetch(`${server.origin}/api/incidents?status=reported,dispatched,arrived,handling&limit=500`)
        ).json()) as { items: Row[] };
        return res.items.sort((a, b) => b.reportedAt - a.reportedAt)[0] ?? null;
      },
      (r) => r !== null,
    );
    await openSearch();
    await page.type('[data-testid="search-input"]', newest!.id, { delay: 10 });
    // results follow the keystrokes: wait for the answer to the whole id, where it must come first
    const got = await until(
      'the incident first among the results',
      results,
      (r) => r.length > 0 && r[0]![0] === 'incident' && r[0]![1] === newest!.id,
      30_000,
    );
    expect(got[0]).toEqual(['incident', newest!.id]);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="incident-panel"]', { timeout: 30_000 });
    expect(new URL(page.url()).searchParams.get('incident')).toBe(newest!.id);
    // the close-up shows it from above: on the hills a height counted from the ellipsoid put the
    // camera inside the ground, with the panel open over a black map
    await waitForIdle(page);
    // idle came after the whole flight (1.5 s): the grid's flight, often still under way when Enter
    // started this one, is cancelled by it, and its end once read as this flight's (idle mid-flight)
    const { settle } = await diag<{ settle: { last: { doneAtMs: { flight?: number } } | null } }>(page);
    expect(settle.last?.doneAtMs.flight ?? 0, JSON.stringify(settle.last)).toBeGreaterThanOrEqual(1_500);
    const { position } = (
      (await (await fetch(`${server.origin}/api/incidents/${newest!.id}`)).json()) as {
        incident: { position: LngLat | null };
      }
    ).incident;
    expect(position, 'the simulator reports incidents with a position').not.toBeNull();
    const heights = await page.evaluate(([lng, lat]) => {
      const cam = window.gridwall!.camera!;
      const ground = (x: number, y: number) => window.gridwall!.groundAt(x, y)?.layers ?? 0;
      return { camera: cam.height, underCamera: ground(cam.lng, cam.lat), atIncident: ground(lng, lat) };
    }, position!);
    expect(heights.camera - heights.underCamera, JSON.stringify(heights)).toBeGreaterThan(50);
    expect(heights.camera - heights.atIncident, JSON.stringify(heights)).toBeGreaterThan(100);
    expect(guarded.outside).toEqual([]);
  });
});

describe('shift replay on the wall (issue 13)', () => {
  type ReplayDiag = {
    // a layer's own figures sit next to count and visible (the host flattens them)
    layers: Record<string, { visible: boolean; count: number; [k: string]: unknown }>;
  };
  // only what the checks read, so a timeout says what the replay layer had (its errors included)
  const layers = async () => {
    const l = (await diag<ReplayDiag>(page)).layers;
    return { replay: l.replay!, staff: l.staff!, incidents: l.incidents! };
  };

  it('replays the recent past from the relay history, jumps to an incident, and returns to live', async () => {
    if (await page.$('[data-testid="search-input"]')) await page.keyboard.press('Escape');
    await page.click('[data-testid="replay-open"]');
    await page.waitForSelector('[data-testid="replay-bar"][data-data="ready"]', { timeout: 60_000 });
    const drawn = await until(
      'people drawn at the playhead',
      layers,
      (l) => l.replay?.mode === 'replay' && Number(l.replay.people) > 100,
      30_000,
    );
    expect(drawn.staff.visible, 'the live staff layer is hidden while replaying').toBe(false);
    // the time bar has the incidents of the day; clicking one moves the playhead to its report
    await page.waitForSelector('[data-testid="replay-tick"]', { timeout: 30_000 });
    const tick = (await page.$$('[data-testid="replay-tick"]')).at(-1)!;
    const reportedAt = Number(await tick.getAttribute('data-at'));
    await tick.click();
    const t = Number(await page.getAttribute('[data-testid="replay-bar"]', 'data-t'));
    expect(Math.abs(t - reportedAt)).toBeLessThan(1_000);
    await until('the incident drawn in its stage', layers, (l) => Number(l.replay?.openIncidents) >= 1, 30_000);
    expect(await page.textContent('[data-testid="replay-live"]'), 'the live feed is still shown as live').toMatch(
      /实时|Live/,
    );
    await page.click('[data-testid="replay-back-live"]');
    const back = await until('live layers back', layers, (l) => l.staff.visible && l.replay?.mode === 'live', 30_000);
    expect(back.incidents.visible).toBe(true);
    expect(await page.$('[data-testid="replay-bar"]')).toBeNull();
    expect(guarded.outside).toEqual([]);
  });
});

// Issue 9 §3 in a real browser: two pages as the two screens of a 2×1 wall (320×180 each) and a
// third page as one 640×180 screen showing the whole wall (an operator's preview, following the
// same leader). The two tiles side by side must draw what the single page draws, their cameras
// must agree after the leader moves, and a follower reloaded must rejoin at once.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openHallPage,
  startServer,
  until,
  waitForIdle,
  type GuardedPage,
  type TestServer,
} from './harness.ts';

/**
 * The pixel measure: per pixel, the largest difference of its R, G or B (0–255). Two drawings of
 * the same view "match" when the mean of that is under MEAN_MAX and fewer than BAD_MAX of the
 * pixels differ by more than BAD_LEVEL (edges of labels and billboards land a pixel apart).
 */
const MEAN_MAX = 2;
const BAD_LEVEL = 48;
const BAD_MAX = 0.01;

interface Pose {
  position: [number, number, number];
  heading: number;
  pitch: number;
  roll: number;
}
interface SyncDiag {
  role: string;
  joined: boolean;
  sent: number;
  applied: number;
  lastSeq: number | null;
  rejoinMs: number | null;
  rejoinBy: 'join-ack' | 'leader' | null;
  lastError: string | null;
}
interface TileDiag {
  scene: string | null;
  sync: SyncDiag | null;
  cameraPose: Pose | null;
  /** the camera still in a flight (window.gridwall, which ?diag=1 also installs) */
  flying: boolean | null;
}

let server: TestServer;
let browser: Browser;
const pages: GuardedPage[] = [];

const tileDiag = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as {
      gridwallHall: Record<string, unknown>;
      gridwall?: { camera: { flying: boolean } | null };
    };
    const h = w.gridwallHall;
    const flying = w.gridwall?.camera?.flying ?? null;
    return JSON.parse(JSON.stringify({ scene: h.scene, sync: h.sync, cameraPose: h.cameraPose, flying })) as TileDiag;
  });

const open = (query: string, viewport: { width: number; height: number }) =>
  openHallPage(browser, server.origin, pages, query, viewport);

/** the largest distance (m) and angle (rad) between two poses */
function apart(a: Pose, b: Pose): { m: number; rad: number } {
  const m = Math.hypot(...a.position.map((v, i) => v - b.position[i]!));
  const rad = Math.max(Math.abs(a.heading - b.heading), Math.abs(a.pitch - b.pitch), Math.abs(a.roll - b.roll));
  return { m, rad };
}
const inStep = (a: Pose | null, b: Pose | null) => !!a && !!b && apart(a, b).m < 0.01 && apart(a, b).rad < 1e-6;

const capture = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { gridwallHall: { capture(): Promise<string | null> } }).gridwallHall.capture(),
  );

/** compares `tile` with the window of `whole` that starts at x0, in the page (canvas 2D) */
function compare(page: Page, tile: string, whole: string, x0: number) {
  return page.evaluate(
    async ({ tile, whole, x0, badLevel }) => {
      const load = (src: string) =>
        new Promise<HTMLImageElement>((res, rej) => {
          const i = new Image();
          i.onload = () => res(i);
          i.onerror = () => rej(new Error('image'));
          i.src = src;
        });
      const [a, b] = await Promise.all([load(tile), load(whole)]);
      const w = a.width;
      const h = a.height;
      const pixels = (img: HTMLImageElement, sx: number) => {
        const c = document.createElement('canvas');
        c.width = w;
        c.height = h;
        const g = c.getContext('2d')!;
        g.drawImage(img, sx, 0, w, h, 0, 0, w, h);
        return g.getImageData(0, 0, w, h).data;
      };
      const pa = pixels(a, 0);
      const pb = pixels(b, x0);
      let sum = 0;
      let bad = 0;
      for (let i = 0; i < pa.length; i += 4) {
        const d = Math.max(
          Math.abs(pa[i]! - pb[i]!),
          Math.abs(pa[i + 1]! - pb[i + 1]!),
          Math.abs(pa[i + 2]! - pb[i + 2]!),
        );
        sum += d;
        if (d > badLevel) bad++;
      }
      const n = pa.length / 4;
      return { width: w, height: h, wholeWidth: b.width, wholeHeight: b.height, mean: sum / n, bad: bad / n };
    },
    { tile, whole, x0, badLevel: BAD_LEVEL },
  );
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  expect(pages.flatMap((p) => p.outside)).toEqual([]);
});

describe('screens in step: a 2×1 wall of two browsers (?tile=&tiles=)', () => {
  let left: Page;
  let right: Page;
  let whole: Page;
  const TILE = { width: 320, height: 180 };
  const common = 'wall=pair&autofocus=0&diag=1';

  it('the two tiles side by side draw what one double-width screen draws', async () => {
    left = await open(`${common}&tile=0,0&tiles=2x1&canvas=320x180`, TILE);
    right = await open(`${common}&tile=1,0&tiles=2x1&canvas=320x180`, TILE);
    // the operator's preview: the whole wall on one screen (a 1×1 "wall"), following the leader
    whole = await open(`${common}&tile=0,0&tiles=1x1&sync=follower&canvas=640x180`, { width: 640, height: 180 });
    const lead = await until(
      'the leader sending its pose',
      () => tileDiag(left),
      (d) => d.sync?.role === 'leader' && d.sync.joined && d.sync.sent > 0,
    );
    expect(lead.scene).toBe('district-overview');
    for (const [name, page] of [
      ['right tile', right],
      ['whole-wall preview', whole],
    ] as const) {
      await until(
        `the ${name} in step with the leader`,
        async () => [await tileDiag(page), await tileDiag(left)] as const,
        ([f, l]) => f.sync?.role === 'follower' && inStep(f.cameraPose, l.cameraPose),
      );
    }
    // the chrome is laid out once on the whole wall: each screen shows its part of it
    const chrome = (page: Page) =>
      page.evaluate(() => {
        const r = document.querySelector('.wall-overlay')!.getBoundingClientRect();
        return [r.left, r.width];
      });
    expect(await chrome(left)).toEqual([0, 640]);
    expect(await chrome(right)).toEqual([-320, 640]);
    for (const p of [left, right, whole]) await waitForIdle(p, 180_000);
    const [a, b, w] = [await capture(left), await capture(right), await capture(whole)];
    expect(a && b && w).toBeTruthy();
    if (process.env.GRIDWALL_DUMP)
      for (const [n, u] of [
        ['left', a],
        ['right', b],
        ['whole', w],
      ] as const)
        (await import('node:fs')).writeFileSync(
          `${process.env.GRIDWALL_DUMP}/${n}.png`,
          Buffer.from(u!.split(',')[1]!, 'base64'),
        );
    const l = await compare(whole, a!, w!, 0);
    const r = await compare(whole, b!, w!, 320);
    // the measure can tell: one tile against the other half of the whole view
    const crossed = await compare(whole, a!, w!, 320);
    console.log(
      `2×1 wall vs one screen: left ${JSON.stringify(l)}, right ${JSON.stringify(r)}, crossed ${JSON.stringify(crossed)}`,
    );
    expect([l.width, l.height, l.wholeWidth, l.wholeHeight]).toEqual([320, 180, 640, 180]);
    expect(crossed.mean).toBeGreaterThan(MEAN_MAX);
    expect(l.mean).toBeLessThan(MEAN_MAX);
    expect(r.mean).toBeLessThan(MEAN_MAX);
    expect(l.bad).toBeLessThan(BAD_MAX);
    expect(r.bad).toBeLessThan(BAD_MAX);
  });

  it('the followers are where the leader is once it has moved', async () => {
    const before = (await tileDiag(left)).sync!.sent;
    await left.evaluate(() =>
      (window as unknown as { gridwallHall: { showScene(id: string, f?: string): boolean } }).gridwallHall.showScene(
        'street',
      ),
    );
    // the flight sends poses as it goes (one a frame: few on a slow machine, where frames are seconds
    // apart), the last in the frame that ends it; then none while the camera is still
    const settled = await until(
      'the leader flown and still',
      async () => {
        const a = await tileDiag(left);
        await new Promise((r) => setTimeout(r, 500));
        return [a, await tileDiag(left)] as const;
      },
      ([a, b]) =>
        a.scene === 'street' &&
        a.flying === false &&
        b.flying === false &&
        b.sync!.sent > before &&
        a.sync!.lastSeq === b.sync!.lastSeq,
    );
    const seq = settled[1].sync!.lastSeq;
    for (const page of [right, whole]) {
      const f = await until(
        'a follower at the leader’s last pose',
        async () => [await tileDiag(page), await tileDiag(left)] as const,
        ([f, l]) => f.sync!.lastSeq === seq && inStep(f.cameraPose, l.cameraPose),
        5_000,
      );
      expect(f[0].scene).toBe('street');
    }
  });

  // The "rejoins within 2 s" rests on the relay placing a restarted tile by its join ack
  // instead of the leader's next move (a still camera sends none): that is asserted; the time it
  // takes is printed (7 ms on a quiet run here, 2.2 s once while the machine was busy).
  it('a follower reloaded is placed by the join ack at the leader’s pose, while the leader stands still', async () => {
    const leaderSeq = (await tileDiag(left)).sync!.lastSeq;
    // the wait below is for the wall's own wiring: the page's load event (its whole bundle parsed)
    // took over 30 s once on a loaded machine, which is not what this test is about
    await right.reload({ waitUntil: 'commit' });
    await right.waitForFunction(() => !!(window as unknown as { gridwallHall?: unknown }).gridwallHall, undefined, {
      timeout: 120_000,
    });
    const [f, l] = await until(
      'the reloaded follower placed',
      async () => [await tileDiag(right), await tileDiag(left)] as const,
      ([f]) => f.sync?.rejoinMs != null,
    );
    console.log(`reloaded follower placed ${f.sync!.rejoinMs} ms after connecting`);
    expect(f.sync!.rejoinBy).toBe('join-ack');
    expect(l.sync!.lastSeq, 'the leader did not move meanwhile').toBe(leaderSeq);
    expect(inStep(f.cameraPose, l.cameraPose)).toBe(true);
  });
});

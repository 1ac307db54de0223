// Issue 11 in a real browser: the shipped sample district imported with its DEM, served from a data
// folder of its own (GRIDWALL_DATA_DIR), drawn on its terrain: ready, nothing fetched from outside
// the origin, and every building's base on the ground Cesium draws.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Building } from '../../src/domain/district.types.ts';
import { runImport } from '../../server/import/index.ts';
import { loadManifest } from '../../server/import/manifest.import.ts';
import { footprintBase, tileGroundSampler } from '../../server/terrain/ground.sampler.ts';
import {
  diag,
  launchBrowser,
  openPage,
  startServer,
  waitForReady,
  type GuardedPage,
  type TestServer,
} from './harness.ts';

/** Stated tolerance: a building's base is within this of the terrain surface Cesium has drawn under it. */
const BASE_TO_DRAWN_GROUND_M = 3;

let tmp: string;
let server: TestServer;
let browser: Browser;
let guarded: GuardedPage;
let page: Page;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-terrain-browser-'));
  await runImport(
    loadManifest(path.resolve(import.meta.dirname, '../fixtures/import/sample/manifest.json'), { out: tmp }),
  );
  server = await startServer({ GRIDWALL_DATA_DIR: tmp });
  browser = await launchBrowser();
  guarded = await openPage(browser, server.origin);
  page = guarded.page;
  await page.goto(`${server.origin}/?diag=1`);
  await waitForReady(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('imported district with terrain', () => {
  it('is ready on its terrain with its own data, and nothing left the origin', async () => {
    const d = await diag<{
      terrain: { on: boolean; level: number; tiles: number };
      errors: string[];
      layers: Record<string, { count: number }>;
    }>(page);
    expect(d.terrain.on).toBe(true);
    expect(d.terrain.tiles).toBeGreaterThan(0);
    expect(d.errors).toEqual([]);
    expect(d.layers.buildings?.count ?? 0).toBeGreaterThan(0);
    expect(guarded.outside).toEqual([]);
  });

  it(`stands every building within ${BASE_TO_DRAWN_GROUND_M} m of the ground Cesium draws under it`, async () => {
    const buildings = JSON.parse(fs.readFileSync(path.join(tmp, 'district', 'buildings.json'), 'utf8')) as Building[];
    // the tile builder's rule: walls start at the lowest ground point of the footprint
    const ground = tileGroundSampler(path.join(tmp, 'tiles', 'terrain'));
    const gaps: number[] = [];
    for (const b of buildings) {
      const base = footprintBase(ground, b.footprint.slice(0, -1)).base;
      const drawn = await page.evaluate(
        (ring) => ring.map(([lng, lat]) => window.gridwall!.groundAt(lng, lat)?.rendered ?? null),
        b.footprint.slice(0, -1),
      );
      expect(
        drawn.every((h) => h !== null),
        `${b.name}: terrain drawn under it`,
      ).toBe(true);
      const gap = Math.abs(Math.min(...(drawn as number[])) - base);
      gaps.push(gap);
      expect(gap, b.name).toBeLessThan(BASE_TO_DRAWN_GROUND_M);
      expect(base, `${b.name} on the hills, not on the ellipsoid`).toBeGreaterThan(500);
    }
    console.log(`building base vs drawn ground: ${gaps.length} buildings, worst ${Math.max(...gaps).toFixed(2)} m`);
  });
});

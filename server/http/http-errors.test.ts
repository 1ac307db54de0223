import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '../app.ts';
import { loadConfig } from '../config.ts';

// What an adversarial probe of `npm start` found on the HTTP side: HTML error pages with stacks and
// absolute paths, repeated query parameters silently dropping a filter, 404 for a wrong method, and
// an unlimited demo token dispenser. The whole app (data API, relay API, static) in demo mode.

let app: Application;
let origin: string;
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-http-errors-'));
  const districtDir = path.join(tmp, 'district');
  fs.mkdirSync(districtDir);
  const distDir = path.join(tmp, 'dist');
  fs.mkdirSync(distDir);
  fs.writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><title>gridwall</title>');
  const tilesDir = path.join(tmp, 'tiles');
  fs.mkdirSync(tilesDir);
  const config = {
    ...loadConfig({}),
    secret: null,
    dataDir: tmp,
    districtDir,
    tilesDir,
    distDir,
    dbPath: path.join(tmp, 'db.sqlite'),
    simulate: false,
  };
  app = await createApplication(config);
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A JSON error body with nothing of the server's insides: no stack frames, no file paths. */
async function jsonError(res: Response): Promise<{ error: string; message: string }> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const text = await res.text();
  expect(text).not.toMatch(/<html|<pre|\bat [\w.<>]+ \(|node_modules|\.ts:\d+|\.js:\d+/i);
  expect(text).not.toContain(tmp);
  expect(text).not.toContain(process.cwd());
  const body = JSON.parse(text) as { error: string; message: string };
  expect(typeof body.error).toBe('string');
  expect(typeof body.message).toBe('string');
  return body;
}

describe('every HTTP error is a JSON body without internals', () => {
  it('answers malformed URLs with 400 JSON, on API, static and tile paths alike', async () => {
    // (a page path such as /%E0%A4%A is a deep link: the app itself answers it)
    for (const p of ['/api/incidents/%E0%A4%A', '/api/grids/%E0%A4%A']) {
      const res = await fetch(origin + p);
      expect(res.status, p).toBe(400);
      expect((await jsonError(res)).error, p).toBe('bad-request');
    }
    // static files: the static server may call it a bad request or a missing file, but in JSON
    for (const p of ['/tiles/%E0%A4%A.png', '/tiles/buildings/%E0%A4%A.glb']) {
      const res = await fetch(origin + p);
      expect([400, 404], p).toContain(res.status);
      await jsonError(res);
    }
  });

  it('answers unknown paths with JSON 404s', async () => {
    const res = await fetch(`${origin}/tiles/buildings/nope.glb`);
    expect(res.status).toBe(404);
    await jsonError(res);
    expect((await fetch(`${origin}/api/no-such-thing`)).status).toBe(404);
  });

  it('answers a missing bundle file with a JSON 404, and page paths with the app', async () => {
    const missing = await fetch(`${origin}/assets/index-deadbeef.js`);
    expect(missing.status).toBe(404);
    await jsonError(missing);
    const page = await fetch(`${origin}/some/wall/path?grid=S01-C01-G01`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>gridwall</title>');
  });
});

describe('methods', () => {
  it('answers a wrong method on a known path with 405 and Allow, not 404', async () => {
    for (const [method, p] of [
      ['POST', '/api/incidents'],
      ['DELETE', '/api/incidents/S01-x'],
      ['PUT', '/api/session'],
      ['POST', '/api/hierarchy'],
      ['DELETE', '/api/grids/S01-C01-G01'],
      ['POST', '/healthz'],
      ['PUT', '/'],
      ['PATCH', '/some/deep/link'],
    ] as const) {
      const res = await fetch(origin + p, { method });
      expect(res.status, `${method} ${p}`).toBe(405);
      expect(res.headers.get('allow'), `${method} ${p}`).toBe('GET, HEAD');
      expect((await jsonError(res)).error).toBe('method-not-allowed');
    }
  });

  it('still serves GET and HEAD on those paths', async () => {
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    expect((await fetch(`${origin}/api/incidents`, { method: 'HEAD' })).status).toBe(200);
  });
});

describe('query parameters', () => {
  it('refuses a repeated parameter instead of dropping the filter', async () => {
    const res = await fetch(`${origin}/api/incidents?street=S01&street=S27`);
    expect(res.status).toBe(400);
    const body = await jsonError(res);
    expect(body.error).toBe('bad-query');
    expect(body.message).toContain('street');
    expect((await fetch(`${origin}/api/incidents?status=reported&status=closed`)).status).toBe(400);
    // the comma list is the way to ask for several
    expect((await fetch(`${origin}/api/incidents?street=S01,S27`)).status).toBe(200);
  });
});

describe('GET /api/session', () => {
  it('hands out the demo token, but not to a loop: 429 with Retry-After past the burst', async () => {
    const statuses: number[] = [];
    let limited: Response | null = null;
    for (let n = 0; n < 40 && !limited; n++) {
      const res = await fetch(`${origin}/api/session`);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else await res.body?.cancel();
    }
    expect(statuses[0]).toBe(200);
    expect(limited, `statuses ${statuses.join(',')}`).not.toBeNull();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await jsonError(limited!)).error).toBe('rate');
    // bounded: the limit bites within the documented burst, not after hundreds
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(20);
  });
});

import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SceneListing } from '../../src/protocol/scene.schema.ts';
import type { TourListing } from '../../src/protocol/tour.schema.ts';
import { ROOT } from '../config.ts';
import { sceneLibraries, sceneRoutes } from './scenes.routes.ts';

// The district's drop-in folder on a real HTTP server: good files load, a bad file is refused with
// every problem named (in the response and once in the log), and the others still load.

let dataDir: string;
let base: string;
let server: import('node:http').Server;
const logs: string[] = [];

const sceneFile = (over: Record<string, unknown>) => ({
  version: 2,
  id: 'night-watch',
  kind: 'overview',
  title: { 'zh-CN': '夜间值守', en: 'Night watch' },
  camera: { fit: 'focus' },
  focus: { level: 'district' },
  layers: { incidents: { options: { filter: { timing: ['overdue'] } } } },
  ...over,
});

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-scenes-'));
  fs.mkdirSync(path.join(dataDir, 'scenes'));
  fs.mkdirSync(path.join(dataDir, 'tours'));
  fs.writeFileSync(path.join(dataDir, 'scenes', 'night-watch.json'), JSON.stringify(sceneFile({})));
  fs.writeFileSync(
    path.join(dataDir, 'scenes', 'broken.json'),
    JSON.stringify(sceneFile({ id: 'Broken!', camera: { pitch: 10 }, layers: { grids: { visible: 1 } } })),
  );
  fs.writeFileSync(path.join(dataDir, 'scenes', 'not-json.json'), '{ "version": 2, ');
  // a district may override a shipped scene by id
  fs.writeFileSync(
    path.join(dataDir, 'scenes', 'hotspots.json'),
    JSON.stringify(sceneFile({ id: 'hotspots', kind: 'hotspots', title: { 'zh-CN': '本区热点', en: 'Our hotspots' } })),
  );
  const tour = {
    version: 1,
    id: 'night',
    title: { 'zh-CN': '夜', en: 'Night' },
    steps: [{ type: 'fly-to-scene', scene: 'night-watch' }],
  };
  fs.writeFileSync(path.join(dataDir, 'tours', 'night.json'), JSON.stringify(tour));
  fs.writeFileSync(
    path.join(dataDir, 'tours', 'typo.json'),
    JSON.stringify({ ...tour, id: 'typo', steps: [{ type: 'fly-to-scene', scene: 'nite-watch' }] }),
  );
  const app = express();
  app.use('/api', sceneRoutes(sceneLibraries({ rootDir: ROOT, dataDir, log: (m) => logs.push(m) })));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const get = async <T>(p: string) => (await fetch(base + p)).json() as Promise<T>;

describe('GET /api/scenes', () => {
  it('lists shipped and dropped-in scenes, and refuses the bad files naming every problem', async () => {
    const body = await get<SceneListing>('/scenes');
    const ids = body.scenes.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['district-overview', 'incident-focus', 'kpi-board', 'night-watch']));
    expect(body.scenes.find((s) => s.id === 'night-watch')).toMatchObject({
      source: 'district',
      version: 2,
      layers: { incidents: { visible: true } },
    });
    expect(body.scenes.find((s) => s.id === 'hotspots')).toMatchObject({
      source: 'district',
      title: { en: 'Our hotspots' },
    });
    const broken = body.refused.find((r) => r.file.endsWith('broken.json'));
    expect(broken?.problems.map((p) => p.path).sort()).toEqual([
      'camera',
      'camera.pitch',
      'id',
      'layers.grids.visible',
    ]);
    expect(body.refused.find((r) => r.file.endsWith('not-json.json'))?.problems[0]?.message).toMatch(/not JSON/);
  });

  it('logs a refused file once, not on every request', async () => {
    await get('/scenes');
    await get('/scenes');
    expect(logs.filter((l) => l.includes('broken.json'))).toHaveLength(1);
    expect(logs.find((l) => l.includes('broken.json'))).toMatch(/camera\.pitch/);
  });

  it('sees a file dropped in while running, without a restart', async () => {
    fs.writeFileSync(path.join(dataDir, 'scenes', 'late.json'), JSON.stringify(sceneFile({ id: 'late-arrival' })));
    expect((await get<SceneListing>('/scenes')).scenes.map((s) => s.id)).toContain('late-arrival');
    const one = await fetch(base + '/scenes/late-arrival');
    expect(one.status).toBe(200);
    expect((await fetch(base + '/scenes/nope')).status).toBe(404);
  });
});

describe('GET /api/tours', () => {
  it('lists the default briefing and the district tour, and refuses a tour naming a missing scene', async () => {
    const body = await get<TourListing>('/tours');
    expect(body.tours.map((t) => t.id)).toEqual(expect.arrayContaining(['briefing', 'night']));
    expect(body.refused).toEqual([
      {
        file: path.join('tours', 'typo.json'),
        problems: [{ path: 'steps.0.scene', message: 'no scene "nite-watch" in the library' }],
      },
    ]);
  });
});

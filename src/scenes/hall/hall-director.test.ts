import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveRuntime, LiveSource } from '../../live/live-hub.ts';
import { createLiveStore } from '../../live/live-store.ts';
import type { Incident } from '../../protocol/incident.schema.ts';
import { createStore } from '../../state/store.ts';
import { initialWallState, wallReducer, type WallAction } from '../../state/wall.model.ts';
import { HallDirector } from './hall-director.ts';

// The director with the real wall store and live store, and a fake server that answers like
// GET /api/scenes and /api/tours/:id (listing fields included): tour keys, a district scene from
// the server, a live selection resolved when its step plays.

const TOURS = path.resolve(import.meta.dirname, '../tours');
const briefing = JSON.parse(fs.readFileSync(path.join(TOURS, 'briefing.tour.json'), 'utf8'));
const NOW = Date.UTC(2026, 10, 29, 4, 0);

function setup() {
  const store = createStore(wallReducer, initialWallState('zh-CN', null));
  const actions: WallAction[] = [];
  const dispatch = store.dispatch;
  store.dispatch = (a) => {
    actions.push(a);
    dispatch(a);
  };
  const liveStore = createLiveStore();
  const rt = { client: { store: liveStore, now: () => NOW }, cameras: [] } as unknown as LiveRuntime;
  const replayed: unknown[] = [];
  const live = {
    current: () => rt,
    onRuntime: (cb: (r: LiveRuntime) => void) => (cb(rt), () => {}),
    runtime: async () => rt,
    replay: { dispatch: (a: unknown) => replayed.push(a) },
  } as unknown as LiveSource;
  const lastNight = {
    version: 1,
    id: 'last-night',
    title: { 'zh-CN': '昨夜回放', en: 'Last night' },
    replay: { from: '-60m', to: 'now', speed: 60 },
    steps: [{ type: 'fly-to-scene', scene: 'district-overview', durationS: 2 }],
  };
  const nightWatch = {
    version: 2,
    id: 'night-watch',
    kind: 'overview',
    title: { 'zh-CN': '夜间', en: 'Night' },
    camera: { fit: 'focus' },
    focus: { level: 'district' },
    layers: { staff: { visible: false } },
  };
  const fakeFetch = (async (url: string) => {
    const body =
      url === '/api/scenes'
        ? { scenes: [{ ...nightWatch, source: 'district', file: 'scenes/n.json' }], refused: [] }
        : url === '/api/tours/briefing'
          ? { ...briefing, source: 'built-in', file: 'briefing.tour.json' }
          : url === '/api/tours/last-night'
            ? lastNight
            : null;
    return { ok: body !== null, status: body ? 200 : 404, json: async () => body } as Response;
  }) as unknown as typeof fetch;
  const director = new HallDirector({ store, live, fetch: fakeFetch, now: () => NOW });
  return { store, actions, director, liveStore, replayed };
}

let current: HallDirector | null = null;
afterEach(() => current?.destroy());

describe('HallDirector', () => {
  it('plays a tour’s replay window on the map and ends it with the tour', async () => {
    const { director, replayed, actions } = setup();
    current = director;
    await director.loadLibrary(null);
    director.dataLoaded('D1', null);
    const played = await director.playTour('last-night');
    expect(played, JSON.stringify(actions.filter((a) => a.type === 'error'))).toBe(true);
    expect(replayed).toEqual([{ type: 'replay/enter', from: NOW - 3_600_000, to: NOW, speed: 60, playing: true }]);
    director.stopTour();
    expect(replayed.at(-1)).toEqual({ type: 'replay/exit' });
  });

  it('shows a district scene named by ?scene= once the server lists it', async () => {
    const { director, actions } = setup();
    current = director;
    const loading = director.loadLibrary(null);
    director.dataLoaded('D1', 'night-watch');
    expect(director.snapshot().sceneId).toBe('district-overview'); // what wall-effects showed meanwhile
    await loading;
    expect(director.snapshot().sceneId).toBe('night-watch');
    expect(actions).toContainEqual({ type: 'layer/set', id: 'staff', visible: false, options: {} });
    expect(director.snapshot().scenes.map((s) => s.id)).toContain('night-watch');
  });

  it('plays the briefing by keys: caption, KPI board, a highlighted figure', async () => {
    const { director, actions } = setup();
    current = director;
    await director.loadLibrary(null);
    director.dataLoaded('D1', null);
    expect(await director.playTour('briefing')).toBe(true);
    expect(director.snapshot().tour).toMatchObject({ id: 'briefing', index: 0, count: 16 });
    expect(director.snapshot().preloading).toBe('kpi-board');
    expect(director.key('PageDown')).toBe(true);
    expect(director.snapshot().caption?.title['zh-CN']).toBe('整体智治，一屏尽览');
    actions.length = 0;
    director.key('PageDown');
    expect(director.snapshot().sceneId).toBe('kpi-board');
    expect(director.snapshot().caption).toBeNull();
    expect(actions.at(-1)).toEqual({
      type: 'focus/set',
      id: 'D1',
      camera: { kind: 'fit', id: 'D1', heading: 0, pitch: -65 },
      durationS: 2,
      easing: 'ease-in-out',
    });
    director.key(' ');
    expect(director.snapshot().kpi).toEqual({ key: 'incidents-today', scope: 'district' });
    expect(director.key('x')).toBe(false);
  });

  it('resolves "street with most incidents today" when its step plays, from the live incidents', async () => {
    const { director, actions, liveStore } = setup();
    current = director;
    await director.loadLibrary(null);
    director.dataLoaded('D1', null);
    await director.playTour('briefing');
    for (const [id, street] of [
      ['a', 'S05'],
      ['b', 'S05'],
      ['c', 'S02'],
    ] as const) {
      liveStore.incidents.byId.set(id, {
        id,
        streetId: street,
        reportedAt: NOW - 60_000,
        status: 'reported',
        gridId: null,
      } as Incident);
    }
    for (let i = 0; i < 8; i++) director.key('PageDown'); // to step 9: fly to the street scene
    expect(director.snapshot().tour?.index).toBe(8);
    expect(director.snapshot().sceneId).toBe('street');
    expect(actions.at(-1)).toMatchObject({ type: 'focus/set', id: 'S05' });
  });
});

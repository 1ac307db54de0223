import { describe, expect, it } from 'vitest';
import type { Camera } from '../domain/district.types.ts';
import type { Incident } from '../protocol/incident.schema.ts';
import { parseScene, type WallScene } from '../protocol/scene.schema.ts';
import type { WallAction } from '../state/wall.model.ts';
import v1Street from './__fixtures__/v1-street.scene.json';
import { applyScene, planScene } from './scene.apply.ts';
import { loadScene, SceneLibrary, sceneIds } from './scenes.ts';

// Every expectation below is written out by hand: what the store must receive for a scene.

const scene = (id: string): WallScene => {
  const s = loadScene(id).scene;
  if (!s) throw new Error(id);
  return s;
};
const NOW = Date.UTC(2026, 10, 29, 4, 0);
const incident = (o: Partial<Incident>): Incident =>
  ({
    id: 'I1',
    streetId: 'S02',
    gridId: 'S02-C01-G03',
    category: 'noise',
    title: 't',
    description: '',
    position: null,
    source: 'other',
    priority: 'normal',
    status: 'reported',
    reportedAt: NOW - 10 * 60_000,
    acknowledgedAt: null,
    acknowledgedBy: null,
    dispatchedAt: null,
    assignees: [],
    arrivedAt: null,
    handlingAt: null,
    fedBackAt: null,
    feedback: null,
    closedAt: null,
    resolution: null,
    rating: null,
    escalation: null,
    timing: 'overdue',
    missed: ['dispatch'],
    history: [],
    updatedAt: NOW,
    ...o,
  }) as Incident;

describe('the shipped library', () => {
  it('has the scenes the hall and the briefing use, all valid', () => {
    expect(new SceneLibrary().errors).toEqual([]);
    expect(sceneIds().sort()).toEqual([
      'district-overview',
      'grid-focus',
      'hotspots',
      'incident-focus',
      'kpi-board',
      'overdue-watch',
      'street',
    ]);
    expect(loadScene('nope')).toEqual({ scene: null, errors: ['no scene nope'] });
  });

  it('district scenes from the server replace shipped ones by id and add new ones', () => {
    const lib = new SceneLibrary();
    const ours = { ...scene('hotspots'), title: { 'zh-CN': '本区热点', en: 'Ours' } };
    // as GET /api/scenes lists them: with where each came from
    lib.addScenes([
      { ...ours, source: 'district', file: 'scenes/h.json' },
      { ...ours, id: 'night-watch', source: 'district', file: 'scenes/n.json' },
      { version: 9 },
    ]);
    expect(lib.get('hotspots')?.title.en).toBe('Ours');
    expect(lib.get('night-watch')).not.toBeNull();
    expect(lib.list()).toHaveLength(8);
  });
});

describe('planScene', () => {
  it('district overview: every named layer, then one focus change fitting the district', () => {
    expect(planScene({ scene: scene('district-overview'), districtId: 'D500114' }).actions).toEqual([
      // the wall's start: the same layers as the version-1 file it replaces (the others keep their defaults)
      { type: 'layer/set', id: 'grids', visible: true, options: { metric: 'density', level: 'street' } },
      { type: 'layer/set', id: 'buildings', visible: true, options: {} },
      {
        type: 'focus/set',
        id: 'D500114',
        camera: { kind: 'fit', id: 'D500114', heading: 0, pitch: -55 },
        durationS: 0,
        easing: 'ease-in-out',
      },
    ]);
  });

  it("clears the options the previous scene set (the store merges them), so 'overdue only' does not stick", () => {
    const plan = planScene({ scene: scene('street'), previous: scene('overdue-watch'), districtId: 'D1' });
    expect(plan.actions.slice(1, 3)).toEqual([
      { type: 'layer/set', id: 'grids', visible: true, options: { metric: 'incidents-open', level: 'community' } },
      { type: 'layer/set', id: 'incidents', visible: true, options: { filter: { openOnly: true } } },
    ]);
    const back = planScene({ scene: scene('street'), previous: scene('hotspots'), districtId: 'D1' });
    expect(back.actions[5]).toEqual({
      type: 'layer/set',
      id: 'analysis',
      visible: false,
      options: { windowHours: undefined, density: undefined, arcs: undefined },
    });
  });

  it('a deep link overrides the focus and the camera fits it', () => {
    const plan = planScene({ scene: scene('district-overview'), districtId: 'D1', focusOverride: 'S07-C03' });
    expect(plan.actions.at(-1)).toEqual({
      type: 'focus/set',
      id: 'S07-C03',
      camera: { kind: 'fit', id: 'S07-C03', heading: 0, pitch: -55 },
      durationS: 0,
      easing: 'ease-in-out',
    });
  });

  it('a migrated version-1 scene with a fixed camera position flies there and focuses its street', () => {
    const r = parseScene(v1Street);
    if (!r.ok) throw new Error('fixture');
    expect(planScene({ scene: r.value, districtId: 'D1' }).actions).toEqual([
      { type: 'layer/set', id: 'grids', visible: true, options: { metric: 'density', level: 'community' } },
      { type: 'layer/set', id: 'buildings', visible: true, options: {} },
      {
        type: 'focus/set',
        id: 'S07',
        camera: { kind: 'view', lng: 108.77, lat: 29.53, height: 3000, heading: 30, pitch: -35 },
        durationS: 4,
        easing: 'ease-in-out',
      },
    ]);
  });

  it("the scene's flight curve goes to the camera with its duration", () => {
    const linear = { ...scene('street'), flight: { durationS: 5, easing: 'linear' as const } };
    const plan = planScene({ scene: linear, districtId: 'D1', world: { incidents: [], now: NOW } });
    expect(plan.actions.at(-1)).toMatchObject({ durationS: 5, easing: 'linear' });
  });

  it('a street selection resolves against the live incidents when it plays', () => {
    const incidents = [
      incident({ id: 'a', streetId: 'S03' }),
      incident({ id: 'b', streetId: 'S03' }),
      incident({ id: 'c', streetId: 'S01' }),
    ];
    const plan = planScene({ scene: scene('street'), districtId: 'D1', world: { incidents, now: NOW } });
    expect(plan.resolved).toEqual({ kind: 'area', id: 'S03', count: 2 });
    expect(plan.actions.at(-1)).toEqual({
      type: 'focus/set',
      id: 'S03',
      camera: { kind: 'fit', id: 'S03', heading: 0, pitch: -50 },
      durationS: 3,
      easing: 'ease-in-out',
    });
  });

  it('a selection with nothing to show falls back to the district, and says so', () => {
    const plan = planScene({ scene: scene('incident-focus'), districtId: 'D1', world: { incidents: [], now: NOW } });
    expect(plan.notes).toEqual(['nothing matches most-overdue-open-incident now']);
    expect(plan.actions.at(-1)).toEqual({
      type: 'focus/set',
      id: 'D1',
      camera: { kind: 'fit', id: 'D1', heading: 0, pitch: -45 },
      durationS: 2.5,
      easing: 'ease-in-out',
    });
  });

  it('incident focus frames the incident, its responder and the cameras that see it', () => {
    const pos: [number, number] = [108.77, 29.53];
    const i = incident({ position: pos, assignees: ['P9'], status: 'dispatched', dispatchedAt: NOW - 9 * 60_000 });
    const eye: Camera = {
      id: 'C7',
      name: 'c',
      kind: 'road',
      position: [108.7701, 29.5295],
      height: 6,
      heading: 10,
      fov: 60,
      range: 200,
      streetId: 'S02',
      gridId: 'S02-C01-G03',
      streamUrl: null,
    };
    const away: Camera = { ...eye, id: 'C8', heading: 190 };
    const plan = planScene({
      scene: scene('incident-focus'),
      districtId: 'D1',
      world: {
        incidents: [i],
        now: NOW,
        cameras: [eye, away],
        staffPosition: (id) => (id === 'P9' ? [108.772, 29.531] : null),
      },
    });
    expect(plan.resolved).toMatchObject({ kind: 'incident', id: 'I1' });
    expect(plan.cameraIds).toEqual(['C7']);
    const last = plan.actions.at(-1) as Extract<WallAction, { type: 'focus/set' }>;
    expect(last).toMatchObject({
      type: 'focus/set',
      id: 'S02-C01-G03',
      durationS: 2.5,
      camera: { kind: 'view', heading: 0, pitch: -45 },
    });
    // the eye is south of the framed points (heading north) and high enough to hold them
    const cam = last.camera as Extract<NonNullable<typeof last.camera>, { kind: 'view' }>;
    expect(cam.lat).toBeLessThan(29.5295);
    expect(cam.height).toBeGreaterThan(200);
  });
});

describe('applyScene', () => {
  it('dispatches the layers, then the focus, in that order', () => {
    const seen: WallAction[] = [];
    applyScene(scene('kpi-board'), { dispatch: (a) => seen.push(a), districtId: 'D500114' });
    expect(
      seen.map((a) =>
        a.type === 'layer/set' ? `${a.type}:${a.id}:${a.visible}` : `${a.type}:${'id' in a ? a.id : ''}`,
      ),
    ).toEqual([
      'layer/set:buildings:true',
      'layer/set:grids:true',
      'layer/set:incidents:false',
      'layer/set:staff:false',
      'layer/set:cameras:false',
      'layer/set:analysis:false',
      'focus/set:D500114',
    ]);
    expect(seen.at(-1)).toEqual({
      type: 'focus/set',
      id: 'D500114',
      camera: { kind: 'fit', id: 'D500114', heading: 0, pitch: -65 },
      durationS: 2,
      easing: 'ease-in-out',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { fixtureHierarchy } from '../../test/support/hierarchy.fixture.ts';
import { indexHierarchy } from './hierarchy.model.ts';
import { initialWallState, wallReducer, type GridDetails, type WallAction, type WallState } from './wall.model.ts';
import type { DistrictSummary } from '../domain/district.types.ts';

const hierarchy = fixtureHierarchy();
const index = indexHierarchy(hierarchy);
const summary = {
  id: 'D500114',
  name: '测试区',
  nameEn: 'Test',
  bbox: [108.7, 29.5, 108.82, 29.54],
} as DistrictSummary;
const run = (actions: WallAction[], from: WallState = initialWallState('zh-CN', null)) =>
  actions.reduce(wallReducer, from);

describe('wall reducer', () => {
  it('starts at the district once data loads, or at a requested area', () => {
    const s = run([{ type: 'data/loaded', summary, index }]);
    expect(s.status).toBe('ready');
    expect(s.focus).toEqual({ level: 'district', id: 'D500114' });
    expect(s.camera.target).toMatchObject({ kind: 'fit', id: 'D500114' });
    const linked = run([{ type: 'data/loaded', summary, index }], initialWallState('en', 'S02-C01'));
    expect(linked.focus).toEqual({ level: 'community', id: 'S02-C01' });
    const bad = run([{ type: 'data/loaded', summary, index }], initialWallState('en', 'S09'));
    expect(bad.focus.level).toBe('district');
    expect(bad.errors[0]).toMatch(/S09/);
  });

  it('drills, asks the camera to fit each step and goes back', () => {
    const s1 = run([
      { type: 'data/loaded', summary, index },
      { type: 'focus/drill', id: 'S01' },
    ]);
    const s2 = run(
      [
        { type: 'focus/drill', id: 'S01-C02' },
        { type: 'focus/drill', id: 'S01-C02-G03' },
      ],
      s1,
    );
    expect(s2.focus).toEqual({ level: 'grid', id: 'S01-C02-G03' });
    expect(s2.camera.seq).toBeGreaterThan(s1.camera.seq);
    expect(s2.camera.target).toMatchObject({ kind: 'fit', id: 'S01-C02-G03' });
    expect(s2.gridDetails).toEqual({ id: 'S01-C02-G03', status: 'loading', data: null });
    const back = run([{ type: 'focus/back' }], s2);
    expect(back.focus).toEqual({ level: 'community', id: 'S01-C02' });
    expect(back.gridDetails).toBeNull();
  });

  it('drops grid details that arrive after the user moved on', () => {
    const s = run([
      { type: 'data/loaded', summary, index },
      { type: 'focus/set', id: 'S01-C01-G01' },
      { type: 'focus/set', id: 'S01-C01-G02' },
    ]);
    const data = {
      grid: index.byId.get('S01-C01-G01'),
      worker: null,
      places: [],
      microGrids: [],
      buildingIds: [],
      cameras: 0,
    } as unknown as GridDetails;
    expect(wallReducer(s, { type: 'grid-details/loaded', id: 'S01-C01-G01', data })).toBe(s);
    const ok = wallReducer(s, { type: 'grid-details/loaded', id: 'S01-C01-G02', data });
    expect(ok.gridDetails?.status).toBe('ok');
  });

  it('keeps hover and language changes cheap (same state when nothing changes)', () => {
    const s = run([
      { type: 'data/loaded', summary, index },
      { type: 'hover', id: 'S01' },
    ]);
    expect(wallReducer(s, { type: 'hover', id: 'S01' })).toBe(s);
    expect(wallReducer(s, { type: 'lang/set', lang: 'zh-CN' })).toBe(s);
    expect(wallReducer(s, { type: 'lang/set', lang: 'en' }).lang).toBe('en');
  });

  it('merges layer options from scenes', () => {
    const s = run([
      { type: 'layer/set', id: 'grids', visible: true, options: { metric: 'density' } },
      { type: 'layer/set', id: 'grids', visible: false },
    ]);
    expect(s.layers.grids).toEqual({ visible: false, options: { metric: 'density' } });
  });
});

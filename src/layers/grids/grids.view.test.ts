import { describe, expect, it } from 'vitest';
import { fixtureHierarchy } from '../../../test/support/hierarchy.fixture.ts';
import { indexHierarchy } from '../../state/hierarchy.model.ts';
import { initialWallState, wallReducer, type WallAction } from '../../state/wall.model.ts';
import type { DistrictSummary } from '../../domain/district.types.ts';
import { gridsView, outlineLevelsForHeight } from './grids.view.ts';

const index = indexHierarchy(fixtureHierarchy(3, 2, 3));
const summary = { id: 'D500114', bbox: [0, 0, 1, 1] } as unknown as DistrictSummary;
const state = (...actions: WallAction[]) =>
  [{ type: 'data/loaded', summary, index } as WallAction, ...actions].reduce(
    wallReducer,
    initialWallState('zh-CN', null),
  );

describe('grid layer view', () => {
  it('fills streets at district level, coloured by density', () => {
    const view = gridsView(state())!;
    expect(view.fillLevel).toBe('street');
    expect([...view.fillIds]).toEqual(['S01', 'S02', 'S03']);
    // Street 3 is the densest in the fixture, street 1 the sparsest.
    expect(view.colors.get('S03')).toBe(view.scale.colors[view.scale.colors.length - 1]);
    expect(view.colors.get('S01')).toBe(view.scale.colors[0]);
  });

  it('fills the focus children as the focus goes down, and sibling grids at grid level', () => {
    expect([...gridsView(state({ type: 'focus/drill', id: 'S02' }))!.fillIds]).toEqual(['S02-C01', 'S02-C02']);
    const community = gridsView(state({ type: 'focus/set', id: 'S02-C02' }))!;
    expect(community.fillLevel).toBe('grid');
    expect([...community.fillIds]).toEqual(['S02-C02-G01', 'S02-C02-G02', 'S02-C02-G03']);
    const grid = gridsView(state({ type: 'focus/set', id: 'S02-C02-G02' }))!;
    expect(grid.selectedId).toBe('S02-C02-G02');
    expect(grid.fillIds.size).toBe(3);
  });

  it('only hovers areas that are drawn', () => {
    expect(gridsView(state({ type: 'hover', id: 'S02' }))!.hoverId).toBe('S02');
    expect(gridsView(state({ type: 'hover', id: 'S02-C01' }))!.hoverId).toBeNull();
  });

  it('lets a scene ask for a finer level than the focus implies', () => {
    const view = gridsView(state({ type: 'layer/set', id: 'grids', options: { level: 'community' } }))!;
    expect(view.fillLevel).toBe('community');
    expect(view.fillIds.size).toBe(6);
  });

  it('falls back to density for an unknown metric', () => {
    expect(gridsView(state({ type: 'layer/set', id: 'grids', options: { metric: 'nope' } }))!.metric.id).toBe(
      'density',
    );
  });

  it('colours the incident metrics from the live counts it is given, recomputed when they are replaced', () => {
    const s = state({ type: 'layer/set', id: 'grids', options: { metric: 'incidents-open' } });
    // Open-incident classes: < 1, 1–3, 3–6, 6–10, ≥ 10 (fixed breaks, alarm ramp).
    const first = new Map([
      ['S01', { open: 7, overdue: 2 }],
      ['S02', { open: 1, overdue: 0 }],
    ]);
    const a = gridsView(s, { countsByArea: first })!;
    expect(a.colors.get('S01')).toBe('#ee6c3b');
    expect(a.colors.get('S02')).toBe('#3b82a6');
    expect(a.colors.get('S03')).toBe('#23415f');
    expect(gridsView(s, { countsByArea: first })).toBe(a);
    const b = gridsView(s, { countsByArea: new Map([['S03', { open: 12, overdue: 12 }]]) })!;
    expect(b.colors.get('S01')).toBe('#23415f');
    expect(b.colors.get('S03')).toBe('#e0303f');
    // Without counts (the diagnostics' and the legend's call) nothing is open.
    expect(gridsView(s)!.colors.get('S01')).toBe('#23415f');
  });

  it('shows finer outlines as the camera comes down', () => {
    expect([...outlineLevelsForHeight(60_000)]).toEqual(['street']);
    expect(outlineLevelsForHeight(10_000).has('community')).toBe(true);
    expect(outlineLevelsForHeight(10_000).has('grid')).toBe(false);
    expect(outlineLevelsForHeight(2_000).has('grid')).toBe(true);
  });
});

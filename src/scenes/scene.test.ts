import { describe, expect, it } from 'vitest';
import overview from './district-overview.scene.json';
import { planScene, applyScene } from './scene.apply.ts';
import { validateScene } from './scene.validate.ts';
import type { WallAction } from '../state/wall.model.ts';

describe('scene files', () => {
  it('ship valid', () => {
    const result = validateScene(overview);
    expect(result.ok).toBe(true);
  });

  it('list every problem of a bad scene', () => {
    const result = validateScene({ version: 2, id: 'Bad Id', camera: { pitch: 20 }, layers: { grids: { visible: 'yes' } }, focus: { id: 'X1' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.join('\n')).toMatch(/version/);
    expect(result.errors.join('\n')).toMatch(/scene\.id/);
    expect(result.errors.join('\n')).toMatch(/pitch/);
    expect(result.errors.join('\n')).toMatch(/grids\.visible/);
    expect(result.errors.join('\n')).toMatch(/focus/);
  });
});

describe('applyScene', () => {
  const scene = (() => {
    const r = validateScene(overview);
    if (!r.ok) throw new Error('fixture');
    return r.scene;
  })();

  it('sets layers first, then one focus change carrying the camera', () => {
    const plan = planScene({ scene, districtId: 'D500114' });
    expect(plan.slice(0, -1).every((a) => a.type === 'layer/set')).toBe(true);
    expect(plan).toContainEqual({ type: 'layer/set', id: 'grids', visible: true, options: { metric: 'density', level: 'street' } });
    expect(plan.at(-1)).toEqual({
      type: 'focus/set',
      id: 'D500114',
      camera: { kind: 'fit', id: 'D500114', heading: 0, pitch: -55 },
      durationS: 0,
    });
  });

  it('lets a deep link override the focus and fit the camera to it', () => {
    const plan = planScene({ scene, districtId: 'D500114', focusOverride: 'S07-C03' });
    expect(plan.at(-1)).toMatchObject({ type: 'focus/set', id: 'S07-C03', camera: { kind: 'fit', id: 'S07-C03' } });
  });

  it('uses a fixed camera position when the scene gives one', () => {
    const fixed = validateScene({ ...overview, id: 'street-briefing', camera: { position: [108.77, 29.53, 3000], heading: 30, pitch: -35 }, focus: { id: 'S07' } });
    if (!fixed.ok) throw new Error(fixed.errors.join());
    const plan = planScene({ scene: fixed.scene, districtId: 'D500114' });
    expect(plan.at(-1)).toMatchObject({ type: 'focus/set', id: 'S07', camera: { kind: 'view', lng: 108.77, lat: 29.53, height: 3000, heading: 30, pitch: -35 } });
  });

  it('dispatches its plan', () => {
    const seen: WallAction[] = [];
    const plan = applyScene(scene, { dispatch: (a) => seen.push(a), districtId: 'D500114' });
    expect(seen).toEqual(plan);
  });
});

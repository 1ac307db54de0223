// Choosing a result does what clicking the thing does; expected actions are written out by hand.
import { describe, expect, it } from 'vitest';
import { linkedUrl, parseObjectLink, planGo, viewOfPoint } from './search-go.ts';

describe('planGo', () => {
  it('an area is focused like a click on it, and becomes the deep link', () => {
    expect(planGo({ kind: 'grid', id: 'S01-C03-G02', name: '人和第2网格', streetId: 'S01' })).toEqual({
      actions: [{ type: 'focus/set', id: 'S01-C03-G02' }],
      select: null,
      link: { grid: 'S01-C03-G02' },
    });
  });
  it('a place focuses its grid, frames the place and opens its panel with what the panel shows', () => {
    const plan = planGo({
      kind: 'place',
      id: 'L000007',
      name: '黔江中学',
      streetId: 'S01',
      position: [108.77, 29.53],
      areaId: 'S01-C03-G02',
      tag: 'school:org',
    });
    expect(plan.actions).toEqual([{ type: 'focus/set', id: 'S01-C03-G02', camera: viewOfPoint(108.77, 29.53, 320) }]);
    expect(plan.select).toEqual({
      kind: 'place',
      id: 'L000007',
      detail: {
        id: 'L000007',
        kind: 'school',
        name: '黔江中学',
        position: [108.77, 29.53],
        streetId: 'S01',
        gridId: 'S01-C03-G02',
        organization: true,
      },
    });
    expect(plan.link).toEqual({ place: 'L000007' });
  });
  it('a person is framed where the live state has them and their panel opens', () => {
    const plan = planGo(
      { kind: 'staff', id: 'W00042', name: '黎英军', streetId: 'S01', position: null },
      [108.8, 29.5],
    );
    expect(plan).toEqual({
      actions: [{ type: 'camera/set', target: viewOfPoint(108.8, 29.5, 320) }],
      select: { kind: 'staff', id: 'W00042' },
      link: { staff: 'W00042' },
    });
    // the close-up's height counts from the ground under the person (the wall adds it on terrain)
    expect(viewOfPoint(108.8, 29.5, 320)).toMatchObject({ ground: [108.8, 29.5] });
  });
  it('an incident with no known position still opens its panel', () => {
    expect(planGo({ kind: 'incident', id: 'INC-1', name: '纠纷', streetId: 'S01' }, null)).toEqual({
      actions: [],
      select: { kind: 'incident', id: 'INC-1' },
      link: { incident: 'INC-1' },
    });
  });
  it('a building focuses its grid (its buildings light up) and links to the grid', () => {
    const plan = planGo({
      kind: 'building',
      id: 'B1',
      name: '3栋',
      streetId: 'S01',
      position: [108.7, 29.5],
      areaId: 'S01-C01-G01',
    });
    expect(plan.link).toEqual({ grid: 'S01-C01-G01' });
    expect(plan.actions[0]).toMatchObject({ type: 'focus/set', id: 'S01-C01-G01' });
  });
});

describe('viewOfPoint', () => {
  it('puts the camera south of the point at the pitch, so the point is straight ahead', () => {
    const v = viewOfPoint(108.77, 29.53, 1000, -45);
    if (v.kind !== 'view') throw new Error('view expected');
    // 1000 m at 45°: 707.1 m up and 707.1 m back (south); 707.1 m of latitude is 0.006352°
    expect(v.height).toBeCloseTo(707.1, 1);
    expect(29.53 - v.lat).toBeCloseTo(0.006352, 6);
    expect(v.lng).toBe(108.77);
  });
});

describe('linkedUrl', () => {
  it('replaces every focus parameter and keeps the others', () => {
    expect(linkedUrl('http://h/?lang=en&grid=S01-C01-G01&diag=1', { camera: 'C00412' })).toBe(
      'http://h/?lang=en&diag=1&camera=C00412',
    );
  });
});

describe('parseObjectLink', () => {
  it('reads the object a link names and refuses what is not an id', () => {
    expect(parseObjectLink('?lang=en&camera=C00412')).toEqual({ kind: 'camera', id: 'C00412' });
    expect(parseObjectLink('?incident=INC-S01-20261129-0042')).toEqual({
      kind: 'incident',
      id: 'INC-S01-20261129-0042',
    });
    expect(parseObjectLink('?staff=%3Cscript%3E')).toBeNull();
    expect(parseObjectLink('?grid=S01-C01-G01')).toBeNull();
  });
});

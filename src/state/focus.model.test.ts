import { describe, expect, it } from 'vitest';
import { backFrom, breadcrumbOf, clickTarget, drillTo, resolveFocus } from './focus.model.ts';
import { fixtureHierarchy } from '../../test/support/hierarchy.fixture.ts';
import { indexHierarchy } from './hierarchy.model.ts';

const index = indexHierarchy(fixtureHierarchy());
const district = { level: 'district' as const, id: 'D500114' };

describe('drill-down focus', () => {
  it('goes down district → street → community → grid and back up', () => {
    const street = drillTo(index, district, 'S02');
    expect(street).toEqual({ level: 'street', id: 'S02' });
    const community = drillTo(index, street, 'S02-C01');
    expect(community).toEqual({ level: 'community', id: 'S02-C01' });
    const grid = drillTo(index, community, 'S02-C01-G03');
    expect(grid).toEqual({ level: 'grid', id: 'S02-C01-G03' });
    expect(backFrom(index, grid)).toEqual(community);
    expect(backFrom(index, community)).toEqual(street);
    expect(backFrom(index, street)).toEqual(district);
    expect(backFrom(index, district)).toEqual(district);
  });

  it('ignores ids the data does not know', () => {
    expect(drillTo(index, district, 'S99')).toBe(district);
    expect(resolveFocus(index, 'S09-C01').error).toMatch(/unknown/);
    expect(resolveFocus(index, 'S01-C02-G01').focus).toEqual({ level: 'grid', id: 'S01-C02-G01' });
    expect(resolveFocus(index, null)).toEqual({ focus: district, error: null });
  });

  it('builds a named breadcrumb from the focus id', () => {
    const crumbs = breadcrumbOf({ level: 'grid', id: 'S03-C02-G01' }, index);
    expect(crumbs.map((c) => c.id)).toEqual(['D500114', 'S03', 'S03-C02', 'S03-C02-G01']);
    expect(crumbs.map((c) => c.level)).toEqual(['district', 'street', 'community', 'grid']);
    expect(crumbs[2].name).toBe('社区3-2');
    expect(crumbs[3].nameEn).toBe('Grid 3-2-1');
    // Before the data arrives the ids alone still give the trail.
    expect(breadcrumbOf({ level: 'community', id: 'S03-C02' }, null).map((c) => c.id)).toEqual(['S03', 'S03-C02']);
  });

  it('maps a click on any part of the hierarchy to the area to drill into', () => {
    const streets = new Set(index.streets.map((s) => s.id));
    // A building (its grid id) clicked at district level drills into its street.
    expect(clickTarget(index, district, 'S02-C01-G02', 'street', streets)).toBe('S02');
    const s2Communities = new Set(['S02-C01', 'S02-C02']);
    const street = { level: 'street' as const, id: 'S02' };
    expect(clickTarget(index, street, 'S02-C02-G01', 'community', s2Communities)).toBe('S02-C02');
    // A building in another street switches to that street.
    expect(clickTarget(index, street, 'S03-C01-G01', 'community', s2Communities)).toBe('S03');
    const grid = { level: 'grid' as const, id: 'S02-C02-G01' };
    expect(clickTarget(index, grid, 'S02-C02-G01', 'grid', new Set(['S02-C02-G01', 'S02-C02-G02']))).toBe(
      'S02-C02-G01',
    );
    expect(clickTarget(index, grid, 'S01-C01-G01', 'grid', new Set(['S02-C02-G01']))).toBe('S01-C01-G01');
  });
});

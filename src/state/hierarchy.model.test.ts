import { describe, expect, it } from 'vitest';
import { fixtureHierarchy } from '../../test/support/hierarchy.fixture.ts';
import { densityOf, fillSetOf, indexHierarchy, validateHierarchy } from './hierarchy.model.ts';

describe('hierarchy model', () => {
  it('indexes children under their parents', () => {
    const index = indexHierarchy(fixtureHierarchy(2, 2, 3));
    expect(index.children.get('D500114')?.map((s) => s.id)).toEqual(['S01', 'S02']);
    expect(index.children.get('S02-C01')?.map((g) => g.id)).toEqual(['S02-C01-G01', 'S02-C01-G02', 'S02-C01-G03']);
    expect(fillSetOf(index, { level: 'grid', id: 'S01-C02-G02' }).map((g) => g.id)).toEqual([
      'S01-C02-G01',
      'S01-C02-G02',
      'S01-C02-G03',
    ]);
  });

  it('rejects payloads that would break the renderer', () => {
    expect(validateHierarchy(null).ok).toBe(false);
    expect(validateHierarchy({ district: { id: 'D1' }, streets: [], communities: [], grids: 'x' }).ok).toBe(false);
    const h = fixtureHierarchy(1, 1, 1) as unknown as { grids: unknown[] };
    h.grids.push({ id: 'S01-C01-G09' });
    const r = validateHierarchy(h);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/S01-C01-G09/);
    expect(validateHierarchy(fixtureHierarchy()).ok).toBe(true);
  });

  it('computes density per km², and none for a unit without an area', () => {
    // hand-computed from the fixture: grid S01-C01-G01 has 1000 + 100 + 10 people on 1 km², its
    // community the same people on 16 km²; the district carries no area (0 km²)
    const h = fixtureHierarchy(1, 1, 1);
    expect(densityOf(h.grids[0]!)).toBe(1110);
    expect(densityOf(h.communities[0]!)).toBe(69.375);
    expect(densityOf(h.district)).toBeNull();
    expect(densityOf({ ...h.grids[0]!, population: Number.NaN })).toBeNull();
    expect(densityOf({ ...h.grids[0]!, areaKm2: -1 })).toBeNull();
  });
});

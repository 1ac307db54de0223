import { describe, expect, it } from 'vitest';
import { fixtureHierarchy } from '../../test/support/hierarchy.fixture.ts';
import { densityOf, fillSetOf, indexHierarchy, validateHierarchy } from './hierarchy.model.ts';

describe('hierarchy model', () => {
  it('indexes children under their parents', () => {
    const index = indexHierarchy(fixtureHierarchy(2, 2, 3));
    expect(index.children.get('D500114')?.map((s) => s.id)).toEqual(['S01', 'S02']);
    expect(index.children.get('S02-C01')?.map((g) => g.id)).toEqual(['S02-C01-G01', 'S02-C01-G02', 'S02-C01-G03']);
    expect(fillSetOf(index, { level: 'grid', id: 'S01-C02-G02' }).map((g) => g.id)).toEqual(['S01-C02-G01', 'S01-C02-G02', 'S01-C02-G03']);
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

  it('computes density per km²', () => {
    const index = indexHierarchy(fixtureHierarchy(1, 1, 1));
    const g = index.grids[0];
    expect(densityOf(g)).toBe(g.population / g.areaKm2);
  });
});

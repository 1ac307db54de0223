import { describe, expect, it } from 'vitest';
import { ancestorAt, focusOfId, isSafeId, levelOfId, lineageOf, parentIdOf } from './area-id.ts';

describe('area ids', () => {
  it('know their level from their shape', () => {
    expect(levelOfId('S07')).toBe('street');
    expect(levelOfId('S07-C03')).toBe('community');
    expect(levelOfId('S07-C03-G12')).toBe('grid');
    expect(levelOfId('S07-C03-G12-M04')).toBe('microgrid');
    expect(levelOfId('D500114')).toBe('district');
    expect(levelOfId('S07-G12')).toBeNull();
    expect(levelOfId("S07' || true")).toBeNull();
  });

  it('give parents, lineage and ancestors without the data', () => {
    expect(parentIdOf('S07-C03-G12')).toBe('S07-C03');
    expect(parentIdOf('S07-C03')).toBe('S07');
    expect(parentIdOf('S07')).toBeNull();
    expect(lineageOf('S07-C03-G12')).toEqual(['S07', 'S07-C03', 'S07-C03-G12']);
    expect(ancestorAt('S07-C03-G12', 'street')).toBe('S07');
    expect(ancestorAt('S07-C03-G12-M04', 'grid')).toBe('S07-C03-G12');
    expect(ancestorAt('S07', 'community')).toBeNull();
  });

  it('map to focus levels', () => {
    expect(focusOfId('D500114', 'D500114')).toEqual({ level: 'district', id: 'D500114' });
    expect(focusOfId('S01-C02', 'D500114')).toEqual({ level: 'community', id: 'S01-C02' });
    expect(focusOfId('S01-C02-G01-M01', 'D500114')).toBeNull();
  });

  it('only lets safe ids into style expressions', () => {
    expect(isSafeId('S07-C03-G12')).toBe(true);
    expect(isSafeId("S07'); evil('")).toBe(false);
  });
});

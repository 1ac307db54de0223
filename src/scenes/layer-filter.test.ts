import { describe, expect, it } from 'vitest';
import type { Incident } from '../protocol/incident.schema.ts';
import { FilteredIncidents, incidentMatches, readLayerFilter } from './layer-filter.ts';

const inc = (id: string, o: Partial<Incident>) =>
  ({ id, status: 'reported', timing: 'on-time', category: 'noise', priority: 'normal', ...o }) as Incident;
const A = inc('a', { timing: 'overdue' });
const B = inc('b', { category: 'fire-hazard', priority: 'urgent' });
const C = inc('c', { status: 'closed', timing: 'overdue' });

describe('layer filters', () => {
  it('reads a valid filter and ignores a malformed one', () => {
    expect(readLayerFilter({ filter: { timing: ['overdue'] } })).toEqual({ timing: ['overdue'] });
    expect(readLayerFilter({ filter: { timing: ['late'] } })).toBeUndefined();
    expect(readLayerFilter({})).toBeUndefined();
  });

  it('"overdue only" (the overdue-watch scene) keeps open overdue incidents', () => {
    const f = { timing: ['overdue' as const], openOnly: true };
    expect([A, B, C].filter((i) => incidentMatches(i, f)).map((i) => i.id)).toEqual(['a']);
    expect([A, B, C].filter((i) => incidentMatches(i, { categories: ['fire-hazard'] })).map((i) => i.id)).toEqual([
      'b',
    ]);
    expect([A, B, C].filter((i) => incidentMatches(i, { priority: ['urgent', 'high'] })).map((i) => i.id)).toEqual([
      'b',
    ]);
    expect([A, B, C].filter((i) => incidentMatches(i, undefined))).toHaveLength(3);
  });

  it('a filtered view bumps its version when the source or the filter changes, not otherwise', () => {
    const source = { version: 1, incidents: new Map([A, B, C].map((i) => [i.id, i])) };
    const view = new FilteredIncidents(source);
    const v0 = view.version;
    expect([...view.incidents.keys()]).toEqual(['a', 'b', 'c']);
    expect(view.version).toBe(v0);
    expect(view.setFilter({ openOnly: true })).toBe(true);
    expect(view.setFilter({ openOnly: true })).toBe(false);
    expect(view.version).toBe(v0 + 1);
    expect([...view.incidents.keys()]).toEqual(['a', 'b']);
    source.incidents.set('d', inc('d', {}));
    source.version = 2;
    expect(view.version).toBe(v0 + 2);
    expect([...view.incidents.keys()]).toEqual(['a', 'b', 'd']);
  });
});

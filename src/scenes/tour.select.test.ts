import { describe, expect, it } from 'vitest';
import type { Incident } from '../protocol/incident.schema.ts';
import { overdueBy, resolveSelection } from './tour.select.ts';

// Hand-built live states with the expected pick written out: the targets are 1 min (dispatch),
// 5 min (arrival after dispatch) and 15 min (reinforcement after the request).

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 29, 4, 0); // 12:00 in the district; its day began 2026-11-28T16:00Z

function inc(id: string, o: Partial<Incident>): Incident {
  return {
    id,
    streetId: 'S01',
    gridId: null,
    category: 'noise',
    title: id,
    description: '',
    position: null,
    source: 'other',
    priority: 'normal',
    status: 'reported',
    reportedAt: NOW - 10 * MIN,
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
    timing: 'on-time',
    missed: [],
    history: [],
    updatedAt: NOW - 10 * MIN,
    ...o,
  };
}

describe('overdueBy', () => {
  it('measures the worst running target', () => {
    expect(overdueBy(inc('a', { reportedAt: NOW - 3 * MIN }), NOW)).toBe(2 * MIN); // dispatch 1 min
    expect(
      overdueBy(inc('b', { status: 'dispatched', reportedAt: NOW - 9 * MIN, dispatchedAt: NOW - 8 * MIN }), NOW),
    ).toBe(3 * MIN);
    const escalated = inc('c', {
      status: 'arrived',
      dispatchedAt: NOW - 30 * MIN,
      arrivedAt: NOW - 28 * MIN,
      escalation: { level: 'joint', at: NOW - 20 * MIN, reinforcedAt: null },
    });
    expect(overdueBy(escalated, NOW)).toBe(5 * MIN);
    expect(overdueBy(inc('d', { reportedAt: NOW - 30_000 }), NOW)).toBe(-30_000);
  });
});

describe('resolveSelection', () => {
  const incidents = [
    inc('late-dispatch', { reportedAt: NOW - 4 * MIN, gridId: 'S01-C01-G01' }), // 3 min over
    inc('late-arrival', {
      streetId: 'S02',
      status: 'dispatched',
      reportedAt: NOW - 20 * MIN,
      dispatchedAt: NOW - 12 * MIN,
      gridId: 'S02-C01-G05',
      position: [108.7, 29.5],
    }), // 7 min over
    inc('closed-long-ago', {
      status: 'closed',
      reportedAt: NOW - 300 * MIN,
      closedAt: NOW - 200 * MIN,
      gridId: 'S02-C01-G05',
    }),
    inc('fresh-urgent', { streetId: 'S03', priority: 'urgent', reportedAt: NOW - 0.5 * MIN, gridId: 'S02-C01-G05' }),
    inc('yesterday', {
      streetId: 'S03',
      reportedAt: Date.UTC(2026, 10, 28, 15, 0),
      status: 'closed',
      closedAt: NOW - 600 * MIN,
    }),
    inc('today-s2', {
      streetId: 'S02',
      reportedAt: Date.UTC(2026, 10, 28, 17, 0),
      status: 'closed',
      closedAt: NOW - 60 * MIN,
    }),
  ];

  it('the most overdue open incident', () => {
    expect(resolveSelection('most-overdue-open-incident', { incidents, now: NOW })).toEqual({
      kind: 'incident',
      id: 'late-arrival',
      streetId: 'S02',
      gridId: 'S02-C01-G05',
      position: [108.7, 29.5],
    });
  });

  it('nothing overdue → no pick (the step keeps its scene focus)', () => {
    expect(resolveSelection('most-overdue-open-incident', { incidents: [incidents[3]!], now: NOW })).toBeNull();
    expect(resolveSelection('street-most-incidents-today', { incidents: [], now: NOW })).toBeNull();
  });

  it('an equally overdue pair resolves to the older report on every wall', () => {
    const twins = [
      inc('z-later', { reportedAt: NOW - 5 * MIN }),
      inc('a-later', { reportedAt: NOW - 5 * MIN }),
      inc('older', { reportedAt: NOW - 5 * MIN - 1 }),
    ];
    // the older is also further over its deadline; equal ones fall to the id
    expect(resolveSelection('most-overdue-open-incident', { incidents: twins, now: NOW })).toMatchObject({
      id: 'older',
    });
    expect(resolveSelection('most-overdue-open-incident', { incidents: twins.slice(0, 2), now: NOW })).toMatchObject({
      id: 'a-later',
    });
  });

  it('the most severe open incident: priority first, then overdue', () => {
    expect(resolveSelection('most-severe-open-incident', { incidents, now: NOW })).toMatchObject({
      id: 'fresh-urgent',
    });
  });

  it("the street with most incidents today counts the district's day, closed ones included", () => {
    // S01: late-dispatch, closed-long-ago (today 07:00 local); S02: late-arrival, today-s2; S03: fresh-urgent (yesterday's excluded)
    // S01 and S02 tie at 2 → S01 by id
    expect(resolveSelection('street-most-incidents-today', { incidents, now: NOW })).toEqual({
      kind: 'area',
      id: 'S01',
      count: 2,
    });
    const more = [...incidents, inc('another-s2', { streetId: 'S02', reportedAt: NOW - 2 * MIN })];
    expect(resolveSelection('street-most-incidents-today', { incidents: more, now: NOW })).toEqual({
      kind: 'area',
      id: 'S02',
      count: 3,
    });
  });

  it('the grid with most open incidents ignores closed ones', () => {
    expect(resolveSelection('grid-most-open-incidents', { incidents, now: NOW })).toEqual({
      kind: 'area',
      id: 'S02-C01-G05',
      count: 2,
    });
  });
});

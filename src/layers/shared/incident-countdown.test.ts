import { describe, expect, it } from 'vitest';
import type { Incident } from '../../protocol/incident.schema.ts';
import { TARGETS_MS } from '../../domain/incident-lifecycle.ts';
import { translator } from '../../i18n/i18n.ts';
import { makeIncident } from '../../../test/support/live.fixture.ts';
import { countdownOf, formatClock, markerText } from './incident-countdown.ts';

const T0 = Date.UTC(2026, 10, 22, 3, 0, 0);

/** The shared fixture's incident (created through the lifecycle), as these cases need it. */
function incident(over: Partial<Incident> = {}): Incident {
  return { ...makeIncident('I1', 'S01', T0, [108.77, 29.53]), title: '噪音', ...over };
}

describe('formatClock', () => {
  it('shows minutes and seconds, hours when long, and marks overdue', () => {
    expect(formatClock(65_000)).toBe('1:05');
    expect(formatClock(3_723_000)).toBe('1:02:03');
    expect(formatClock(-12_000, translator('zh-CN'))).toBe('超时 0:12');
    expect(formatClock(-12_000, translator('en'))).toBe('late 0:12');
  });
});

describe('countdownOf / markerText', () => {
  it('runs the dispatch clock of a new report and turns at risk, then overdue', () => {
    const inc = incident();
    expect(countdownOf(inc, T0 + 10_000)).toMatchObject({
      kind: 'dispatch',
      leftMs: TARGETS_MS.dispatch - 10_000,
      timing: 'on-time',
    });
    expect(countdownOf(inc, T0 + TARGETS_MS.dispatch * 0.9).timing).toBe('at-risk');
    expect(countdownOf(inc, T0 + TARGETS_MS.dispatch + 5_000)).toMatchObject({ timing: 'overdue', leftMs: -5_000 });
    expect(markerText(inc, countdownOf(inc, T0 + 15_000), translator('zh-CN'))).toBe('待派遣 0:45');
  });

  it('switches to the arrival clock once dispatched, and shows the stage alone when no clock runs', () => {
    const dispatched = incident({ status: 'dispatched', dispatchedAt: T0 + 30_000, assignees: ['W1'] });
    const c = countdownOf(dispatched, T0 + 60_000);
    expect(c.kind).toBe('arrival');
    expect(markerText(dispatched, c, translator('en'))).toBe(`Dispatched ${formatClock(TARGETS_MS.arrival - 30_000)}`);
    const handling = incident({
      status: 'handling',
      dispatchedAt: T0 + 30_000,
      arrivedAt: T0 + 200_000,
      handlingAt: T0 + 210_000,
    });
    expect(markerText(handling, countdownOf(handling, T0 + 300_000), translator('zh-CN'))).toBe('处置中');
  });
});

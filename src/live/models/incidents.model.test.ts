import { describe, expect, it } from 'vitest';
import { incidentDelta, makeIncident, step } from '../../../test/support/live.fixture.ts';
import type { IncidentEvent } from '../../protocol/incident.schema.ts';
import {
  applyIncidentEvent,
  applyIncidentSnapshot,
  countsByArea,
  createIncidentsModel,
  incidentCounts,
  isNewIncident,
  openIncidents,
  pruneIncidents,
  responseState,
  timelineOf,
} from './incidents.model.ts';

const T = 1_763_780_000_000;
const ev = (type: IncidentEvent['type'], inc: ReturnType<typeof makeIncident>, at?: number) =>
  incidentDelta(inc.streetId, 1, type, inc, at).event as IncidentEvent;

describe('response targets', () => {
  it('counts down the 1-minute dispatch target: on time, at risk from 75 %, then overdue', () => {
    const inc = makeIncident('I1', 'S01', T);
    expect(responseState(inc, T + 10_000)).toMatchObject({
      timing: 'on-time',
      target: 'dispatch',
      deadline: T + 60_000,
      leftMs: 50_000,
    });
    expect(responseState(inc, T + 45_000)).toMatchObject({ timing: 'at-risk', leftMs: 15_000 });
    expect(responseState(inc, T + 70_000)).toMatchObject({ timing: 'overdue', leftMs: -10_000, missed: ['dispatch'] });
  });

  it('runs the 5-minute arrival target after dispatch, and the nearer of arrival and reinforcement', () => {
    const d = step(makeIncident('I1', 'S01', T), { action: 'dispatch', staffIds: ['W1'] }, T + 30_000);
    expect(responseState(d, T + 60_000)).toMatchObject({ timing: 'on-time', target: 'arrival', leftMs: 270_000 });
    const esc = step(d, { action: 'escalate', level: 'joint' }, T + 40_000);
    // arrival due at T+330 s, reinforcement at T+940 s: the arrival clock is the nearer one.
    expect(responseState(esc, T + 100_000)).toMatchObject({ target: 'arrival', deadline: T + 330_000 });
    const arrived = step(esc, { action: 'arrive' }, T + 200_000);
    expect(responseState(arrived, T + 300_000)).toMatchObject({
      target: 'reinforcement',
      deadline: T + 940_000,
      timing: 'on-time',
    });
    expect(responseState(arrived, T + 1_000_000)).toMatchObject({ timing: 'overdue', leftMs: -60_000 });
  });

  it('keeps an open incident overdue when a target was missed and no clock runs any more', () => {
    let inc = step(makeIncident('I1', 'S01', T), { action: 'dispatch', staffIds: ['W1'] }, T + 120_000); // dispatch late
    inc = step(inc, { action: 'arrive' }, T + 200_000);
    const st = responseState(inc, T + 300_000);
    expect(st.target).toBeNull();
    expect(st.timing).toBe('overdue');
    expect(st.missed).toEqual(['dispatch']);
  });
});

describe('incident events', () => {
  it('adds a reported incident that pulses for a while, enters the ticker and counts as open', () => {
    const m = createIncidentsModel({ pulseMs: 30_000 });
    const inc = makeIncident('I1', 'S01', T);
    applyIncidentEvent(m, ev('report', inc), 5_000);
    expect(openIncidents(m).map((i) => i.id)).toEqual(['I1']);
    expect(isNewIncident(m, 'I1', 6_000)).toBe(true);
    expect(m.ticker.map((t) => [t.incidentId, t.type])).toEqual([['I1', 'report']]);
    pruneIncidents(m, 40_000, T + 10_000);
    expect(isNewIncident(m, 'I1', 40_000)).toBe(false);
    expect(m.byId.has('I1')).toBe(true);
  });

  it('ignores an event older than the record held and refuses one whose record is another incident', () => {
    const m = createIncidentsModel();
    const inc = makeIncident('I1', 'S01', T);
    const d = step(inc, { action: 'dispatch', staffIds: ['W1'] }, T + 10_000);
    applyIncidentEvent(m, ev('dispatch', d), 0);
    applyIncidentEvent(m, ev('report', inc), 0);
    expect(m.byId.get('I1')!.status).toBe('dispatched');
    expect(m.stats.stale).toBe(1);
    const wrong = { ...ev('report', makeIncident('I2', 'S01', T)), incidentId: 'I3' };
    applyIncidentEvent(m, wrong, 0);
    expect(m.byId.has('I2')).toBe(false);
    expect(m.stats.rejected).toBe(1);
  });

  it('keeps a bounded ticker, newest first, with overdue transitions and without repeats', () => {
    const m = createIncidentsModel({ tickerLimit: 5 });
    for (let k = 0; k < 8; k++) applyIncidentEvent(m, ev('report', makeIncident(`I${k}`, 'S01', T + k)), 0);
    expect(m.ticker.map((t) => t.incidentId)).toEqual(['I7', 'I6', 'I5', 'I4', 'I3']);
    applyIncidentEvent(m, ev('report', m.byId.get('I7')!), 0); // a replayed event
    expect(m.ticker).toHaveLength(5);
    expect(m.ticker.filter((t) => t.incidentId === 'I7')).toHaveLength(1);
    const late = {
      ...m.byId.get('I3')!,
      timing: 'overdue' as const,
      missed: ['dispatch' as const],
      updatedAt: T + 61_000,
    };
    applyIncidentEvent(m, ev('timing', late, T + 61_000), 0);
    expect(m.ticker[0]).toMatchObject({ incidentId: 'I3', type: 'overdue' });
    const risk = { ...m.byId.get('I4')!, timing: 'at-risk' as const, updatedAt: T + 46_000 };
    applyIncidentEvent(m, ev('timing', risk, T + 46_000), 0);
    expect(m.ticker[0].incidentId).toBe('I3'); // at-risk does not enter the ticker
  });

  it('replaces the listed streets from a snapshot without pulsing and keeps other streets', () => {
    const m = createIncidentsModel();
    applyIncidentEvent(m, ev('report', makeIncident('A1', 'S01', T)), 0);
    applyIncidentEvent(m, ev('report', makeIncident('B1', 'S02', T)), 0);
    applyIncidentSnapshot(m, [makeIncident('A2', 'S01', T + 5)], ['S01']);
    expect([...m.byId.keys()].sort()).toEqual(['A2', 'B1']);
    expect(isNewIncident(m, 'A2', 1)).toBe(false);
  });

  it('drops closed incidents an hour after closing', () => {
    const m = createIncidentsModel({ closedRetentionMs: 3_600_000 });
    const closed = step(makeIncident('I1', 'S01', T), { action: 'close', resolution: 'invalid' }, T + 1000);
    applyIncidentEvent(m, ev('close', closed), 0);
    expect(incidentCounts(m, T + 2000)).toMatchObject({ open: 0, closed: 1 });
    pruneIncidents(m, 0, T + 1000 + 3_500_000);
    expect(m.byId.has('I1')).toBe(true);
    pruneIncidents(m, 0, T + 1000 + 3_700_000);
    expect(m.byId.has('I1')).toBe(false);
  });
});

describe('timeline and area counts', () => {
  it('lists the closed loop oldest first with who did what', () => {
    let inc = makeIncident('I1', 'S01', T);
    inc = step(inc, { action: 'dispatch', staffIds: ['W1', 'W2'], note: '派网格员' }, T + 20_000);
    inc = step(inc, { action: 'arrive' }, T + 200_000);
    const tl = timelineOf(inc);
    expect(tl.map((r) => r.type)).toEqual(['report', 'dispatch', 'arrive']);
    expect(tl[1]).toMatchObject({ at: T + 20_000, byRole: 'center', note: '派网格员' });
    expect(inc.assignees).toEqual(['W1', 'W2']);
  });

  it('counts open and overdue incidents per street, community and grid', () => {
    const m = createIncidentsModel();
    applyIncidentEvent(m, ev('report', makeIncident('I1', 'S01', T)), 0);
    applyIncidentEvent(m, ev('report', makeIncident('I2', 'S01', T + 50_000)), 0);
    applyIncidentEvent(m, ev('report', makeIncident('I3', 'S02', T)), 0);
    const c = countsByArea(m, T + 90_000); // I1 and I3 past their 1-minute dispatch target
    expect(c.get('S01')).toEqual({ open: 2, overdue: 1 });
    expect(c.get('S01-C01')).toEqual({ open: 2, overdue: 1 });
    expect(c.get('S01-C01-G01')).toEqual({ open: 2, overdue: 1 });
    expect(c.get('S02')).toEqual({ open: 1, overdue: 1 });
  });
});

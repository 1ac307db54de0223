import { describe, expect, it } from 'vitest';
import type { Incident } from '../protocol/incident.schema.ts';
import { DEFAULT_AUTO_FOCUS, initialAutoFocus, onIncidents, onTick } from './auto-focus.ts';

const base = { status: 'reported', priority: 'normal', timing: 'on-time' } as const;
const inc = (id: string, o: Partial<Incident> = {}) => ({ id, ...base, ...o }) as Incident;
const cfg = { ...DEFAULT_AUTO_FOCUS, holdS: 30, minIntervalS: 120 };
const S = 1000;

describe('auto-focus', () => {
  it('does not jump to what was already there when the wall starts', () => {
    const r = onIncidents(initialAutoFocus(), [inc('old', { priority: 'urgent', timing: 'overdue' })], 0, cfg, true);
    expect(r.decision).toBeNull();
    expect(
      onIncidents(r.state, [inc('old', { priority: 'urgent', timing: 'overdue' })], 1 * S, cfg).decision,
    ).toBeNull();
  });

  it('focuses a new urgent incident, holds, then returns', () => {
    let r = onIncidents(initialAutoFocus(), [inc('a', { priority: 'urgent' })], 10 * S, cfg);
    expect(r.decision).toEqual({ kind: 'focus', incidentId: 'a', reason: 'severe' });
    expect(onTick(r.state, 39 * S).decision).toBeNull();
    r = onTick(r.state, 40 * S);
    expect(r.decision).toEqual({ kind: 'return' });
    expect(r.state.focused).toBeNull();
  });

  it('focuses an incident the moment it turns overdue, once', () => {
    let r = onIncidents(initialAutoFocus(), [inc('b')], 0, cfg);
    expect(r.decision).toBeNull(); // normal priority, on time
    r = onIncidents(r.state, [inc('b', { timing: 'at-risk' })], 45 * S, cfg);
    expect(r.decision).toBeNull();
    r = onIncidents(r.state, [inc('b', { timing: 'overdue' })], 61 * S, cfg);
    expect(r.decision).toEqual({ kind: 'focus', incidentId: 'b', reason: 'overdue' });
    r = onTick(r.state, 200 * S);
    expect(
      onIncidents(r.state, [inc('b', { timing: 'overdue', status: 'dispatched' })], 400 * S, cfg).decision,
    ).toBeNull();
  });

  it('never thrashes: nothing while focused, nothing within the minimum interval, counted as suppressed', () => {
    let r = onIncidents(initialAutoFocus(), [inc('a', { priority: 'urgent' })], 0, cfg);
    r = onIncidents(r.state, [inc('b', { priority: 'urgent' })], 5 * S, cfg); // still focused on a
    expect(r.decision).toBeNull();
    r = onTick(r.state, 30 * S); // back
    r = onIncidents(r.state, [inc('c', { priority: 'urgent' })], 60 * S, cfg); // 60 s after the switch < 120 s
    expect(r.decision).toBeNull();
    expect(r.state.suppressed).toBe(2);
    r = onIncidents(r.state, [inc('d', { priority: 'urgent' })], 120 * S, cfg);
    expect(r.decision).toEqual({ kind: 'focus', incidentId: 'd', reason: 'severe' });
  });

  it('ignores closed incidents and non-urgent new ones', () => {
    expect(
      onIncidents(
        initialAutoFocus(),
        [inc('x', { priority: 'urgent', status: 'closed' }), inc('y', { priority: 'high' })],
        0,
        cfg,
      ).decision,
    ).toBeNull();
  });
});

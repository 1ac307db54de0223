import { describe, expect, it } from 'vitest';
import { allowedActions, applyStep, createIncident, evaluateTiming, TARGETS_MS } from './incident-lifecycle.ts';
import { incidentReportSchema, type Incident, type IncidentAction } from '../protocol/incident.schema.ts';
import { StreamTracker } from '../protocol/stream-tracker.ts';

const by = { role: 'center' as const, id: 'S01' };
const T0 = Date.UTC(2026, 10, 22, 3, 0, 0);
const report = incidentReportSchema.parse({ id: 'S01-1', streetId: 'S01', category: 'noise', title: '空调噪音' });

function run(steps: [IncidentAction, number][]): Incident {
  let i = createIncident(report, T0, by);
  for (const [step, at] of steps) {
    const r = applyStep(i, step, at, by);
    if (!r.ok) throw new Error(r.message);
    i = r.incident;
  }
  return i;
}

describe('incident lifecycle', () => {
  it('walks the closed loop reported → … → closed, then rated', () => {
    const i = run([
      [{ action: 'dispatch', staffIds: ['W00001'] }, T0 + 30_000],
      [{ action: 'arrive' }, T0 + 200_000],
      [{ action: 'handle' }, T0 + 210_000],
      [{ action: 'feedback', note: '已处理' }, T0 + 900_000],
      [{ action: 'close', resolution: 'resolved' }, T0 + 950_000],
      [{ action: 'rate', rating: 5 }, T0 + 990_000],
    ]);
    expect(i.status).toBe('closed');
    expect(i.rating).toBe(5);
    expect(i.history.map((h) => h.type)).toEqual([
      'report',
      'dispatch',
      'arrive',
      'handle',
      'feedback',
      'close',
      'rate',
    ]);
    expect(i.missed).toEqual([]);
  });

  it('refuses illegal transitions with a reason', () => {
    const i = createIncident(report, T0, by);
    const cases: IncidentAction[] = [
      { action: 'arrive' },
      { action: 'handle' },
      { action: 'feedback', note: 'x' },
      { action: 'close', resolution: 'resolved' },
      { action: 'rate', rating: 3 },
      { action: 'reinforce' },
    ];
    for (const step of cases) {
      const r = applyStep(i, step, T0 + 1, by);
      expect(r.ok, step.action).toBe(false);
      if (!r.ok) expect(r.message.length).toBeGreaterThan(0);
    }
    const closed = run([[{ action: 'close', resolution: 'invalid' }, T0 + 5]]);
    expect(applyStep(closed, { action: 'dispatch', staffIds: ['W1'] }, T0 + 6, by).ok).toBe(false);
    expect(applyStep(closed, { action: 'close', resolution: 'invalid' }, T0 + 6, by).ok).toBe(false);
    expect(allowedActions(closed)).toEqual(['rate']);
  });

  it('marks the dispatch target on time, at risk, then overdue by the clock', () => {
    const i = createIncident(report, T0, by);
    expect(evaluateTiming(i, T0 + 10_000).timing).toBe('on-time');
    expect(evaluateTiming(i, T0 + 50_000).timing).toBe('at-risk');
    expect(evaluateTiming(i, T0 + TARGETS_MS.dispatch + 1).timing).toBe('overdue');
    expect(evaluateTiming(i, T0 + TARGETS_MS.dispatch + 1).missed).toEqual(['dispatch']);
    expect(evaluateTiming(i, T0).nextChangeAt).toBe(T0 + 45_000);
  });

  it('runs the 5-minute arrival target from dispatch and keeps a missed dispatch on record', () => {
    const i = run([[{ action: 'dispatch', staffIds: ['W1'] }, T0 + 90_000]]);
    expect(i.missed).toEqual(['dispatch']);
    expect(evaluateTiming(i, T0 + 90_000 + 4 * 60_000).timing).toBe('at-risk');
    expect(evaluateTiming(i, T0 + 90_000 + 5 * 60_000 + 1).timing).toBe('overdue');
    const arrived = run([
      [{ action: 'dispatch', staffIds: ['W1'] }, T0 + 20_000],
      [{ action: 'arrive' }, T0 + 20_000 + 5 * 60_000],
    ]);
    expect(evaluateTiming(arrived, T0 + 3_600_000)).toMatchObject({ timing: 'on-time', missed: [] });
  });

  it('runs the 15-minute reinforcement target once escalated', () => {
    const i = run([
      [{ action: 'dispatch', staffIds: ['W1'] }, T0 + 20_000],
      [{ action: 'arrive' }, T0 + 100_000],
      [{ action: 'escalate', level: 'joint' }, T0 + 120_000],
    ]);
    expect(applyStep(i, { action: 'escalate', level: 'joint' }, T0 + 130_000, by).ok).toBe(false);
    expect(evaluateTiming(i, T0 + 120_000 + 14 * 60_000).timing).toBe('at-risk');
    expect(evaluateTiming(i, T0 + 120_000 + 16 * 60_000)).toMatchObject({
      timing: 'overdue',
      missed: ['reinforcement'],
    });
    const r = applyStep(i, { action: 'reinforce' }, T0 + 120_000 + 10 * 60_000, by);
    expect(r.ok && evaluateTiming(r.incident, T0 + 3_600_000).timing).toBe('on-time');
  });
});

describe('stream tracker', () => {
  it('drops duplicates and detects gaps per stream', () => {
    const t = new StreamTracker();
    t.reset({ streams: { S01: 3, S02: 0 } });
    expect(t.accept({ stream: 'S01', seq: 3 })).toBe('duplicate');
    expect(t.accept({ stream: 'S01', seq: 4 })).toBe('apply');
    expect(t.accept({ stream: 'S01', seq: 6 })).toBe('gap');
    expect(t.accept({ stream: 'S02', seq: 1 })).toBe('apply');
    expect(t.accept({ stream: 'S03', seq: 2 })).toBe('gap');
    expect(t.since()).toEqual({ S01: 4, S02: 1 });
  });
});

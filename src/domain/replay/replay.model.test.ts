// The replay's pure state against hand-computed cases: a person between two kept points, before
// their first and after their last; an incident at each stage of its closed loop.
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../protocol/incident.schema.ts';
import { decodeReplay, encodeReplay } from '../../protocol/replay.codec.ts';
import { buildReplayModel, incidentAt, personAt } from './replay.model.ts';

const T0 = 1_780_000_000_000;
const chunk = decodeReplay(
  encodeReplay({ scope: 'S01', from: T0, to: T0 + 600_000, incidents: [], cameras: [['C1', T0 - 5, 'online']] }, [
    { staffId: 'W1', t: T0 - 30_000, lng: 108.7, lat: 29.5, status: 0, incidentId: null },
    { staffId: 'W1', t: T0 + 60_000, lng: 108.709, lat: 29.5, status: 1, incidentId: 'INC-1' },
    { staffId: 'W1', t: T0 + 120_000, lng: 108.709, lat: 29.503, status: 2, incidentId: 'INC-1' },
    { staffId: 'W2', t: T0 + 10_000, lng: 108.8, lat: 29.6, status: 0, incidentId: null },
  ]),
);
const m = buildReplayModel(chunk);

describe('replay codec', () => {
  it('round-trips header and columns', () => {
    expect(chunk.header.staff).toEqual(['W1', 'W2']);
    expect(chunk.header.incidentIds).toEqual(['INC-1']);
    expect(chunk.header.cameras).toEqual([['C1', T0 - 5, 'online']]);
    expect([...chunk.points.offsetMs]).toEqual([-30_000, 60_000, 120_000, 10_000]);
    expect([...chunk.points.lng]).toEqual([108_700_000, 108_709_000, 108_709_000, 108_800_000]);
    expect([...chunk.points.incident]).toEqual([-1, 0, 0, -1]);
  });
  it('refuses what is not a replay chunk, saying why', () => {
    expect(() => decodeReplay(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/bad magic/);
    const good = encodeReplay({ scope: 'S01', from: T0, to: T0 + 1, incidents: [], cameras: [] }, [
      { staffId: 'W1', t: T0, lng: 1, lat: 1, status: 0, incidentId: null },
    ]);
    expect(() => decodeReplay(good.slice(0, good.length - 1))).toThrow(/need 19 bytes/);
  });
});

describe('personAt', () => {
  const w1 = m.staffIndex.get('W1')!;
  it('interpolates between the kept points around t, with the earlier point’s status', () => {
    // t0 + 15 s: 45 s of the 90 s from the first to the second point: half way, 0.0045° east
    const p = personAt(m, w1, T0 + 15_000)!;
    expect(p.lng).toBeCloseTo(108.7045, 9);
    expect(p.lat).toBeCloseTo(29.5, 9);
    expect([p.status, p.incidentId, p.ageMs]).toEqual([0, null, 45_000]);
    const q = personAt(m, w1, T0 + 90_000)!;
    expect([q.lng, q.lat, q.status, q.incidentId]).toEqual([108.709, 29.5015, 1, 'INC-1']);
  });
  it('is unknown before the first point and holds the last one after it', () => {
    expect(personAt(m, w1, T0 - 31_000)).toBeNull();
    const last = personAt(m, w1, T0 + 500_000)!;
    expect([last.lng, last.lat, last.status, last.ageMs]).toEqual([108.709, 29.503, 2, 380_000]);
    expect(personAt(m, m.staffIndex.get('W2')!, T0 + 5_000)).toBeNull();
  });
});

describe('incidentAt', () => {
  const inc = {
    id: 'INC-1',
    streetId: 'S01',
    gridId: null,
    category: 'dispute',
    title: '纠纷',
    description: '',
    position: [108.71, 29.5],
    source: 'grid-worker',
    priority: 'normal',
    status: 'closed',
    reportedAt: T0,
    acknowledgedAt: T0 + 10_000,
    acknowledgedBy: 'officer',
    dispatchedAt: T0 + 50_000,
    assignees: ['W1'],
    arrivedAt: T0 + 400_000,
    handlingAt: T0 + 420_000,
    fedBackAt: T0 + 900_000,
    feedback: 'done',
    closedAt: T0 + 1_000_000,
    resolution: 'resolved',
    rating: 5,
    escalation: null,
    timing: 'on-time',
    missed: ['arrival'],
    history: [
      { type: 'report', at: T0, by: { role: 'center', id: 'S01' } },
      { type: 'dispatch', at: T0 + 50_000, by: { role: 'center', id: 'S01' } },
      { type: 'arrive', at: T0 + 400_000, by: { role: 'center', id: 'S01' } },
    ],
  } as unknown as Incident;
  it('does not exist before its report', () => expect(incidentAt(inc, T0 - 1)).toBeNull());
  it('is only reported 45 s in: no dispatch, no responders, one history entry', () => {
    const at = incidentAt(inc, T0 + 45_000)!;
    expect([at.status, at.dispatchedAt, at.assignees, at.history.length]).toEqual(['reported', null, [], 1]);
  });
  it('is dispatched with its responders once dispatched, and overdue for arrival after 5 minutes', () => {
    const at = incidentAt(inc, T0 + 50_000 + 300_001)!;
    expect([at.status, at.assignees, at.timing, at.missed]).toEqual(['dispatched', ['W1'], 'overdue', ['arrival']]);
  });
  it('has its final state after closing, and nothing that came later before it', () => {
    expect(incidentAt(inc, T0 + 1_000_000)!.status).toBe('closed');
    const handling = incidentAt(inc, T0 + 500_000)!;
    expect([handling.status, handling.feedback, handling.rating, handling.closedAt]).toEqual([
      'handling',
      null,
      null,
      null,
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { liveDiagnostics } from './live-diagnostics.ts';
import { createLiveStore, markConnected, markSubscribed } from './live-store.ts';
import { handleDelta, handlePositions, handleSnapshot } from './live-messages.ts';
import { makeCamera, makeIncident, makeStaff, ORIGIN } from '../../test/support/live.fixture.ts';

const T = 1_763_780_000_000;

describe('live diagnostics', () => {
  it('reports per-layer counts, connection, street ages and drops as JSON-safe data', () => {
    const s = createLiveStore({
      cameras: [makeCamera('C1', ORIGIN, 0), makeCamera('C2', ORIGIN, 0)],
      roster: [makeStaff('W1', ORIGIN), makeStaff('W2', ORIGIN)],
    });
    markConnected(s);
    markSubscribed(s, ['S01', 'S02'], [], 1000);
    handleSnapshot(
      s,
      {
        scope: 'district',
        t: T,
        streams: { S01: 2, S02: 0 },
        incidents: [makeIncident('I1', 'S01', T - 90_000), makeIncident('I2', 'S01', T - 1000)],
        staff: [],
        cameras: [{ cameraId: 'C1', streetId: 'S01', status: 'fault', at: T }],
      },
      1000,
    );
    handlePositions(s, { stream: 'S02', t: T + 2000, rows: [['W1', ORIGIN[0], ORIGIN[1], T, 0, -1], 'junk'] }, 3000);
    handleDelta(s, { stream: 'S01', seq: 'x' }, 3000);
    const d = liveDiagnostics(s, 4000);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
    expect(d.connection).toBe('live');
    expect(d.layers.staff).toMatchObject({ count: 2, withFix: 1 });
    expect(d.layers.incidents).toMatchObject({
      count: 2,
      open: 2,
      byTiming: { 'on-time': 1, 'at-risk': 0, overdue: 1 },
    });
    expect(d.layers.cameras).toEqual({ count: 2, byStatus: { online: 0, fault: 1, offline: 0, unknown: 1 } });
    expect(d.streets).toEqual({
      S01: { ageMs: 3000, stale: false, seq: 2, centerOnline: null },
      S02: { ageMs: 1000, stale: false, seq: 0, centerOnline: null },
    });
    expect(d.malformed).toBe(2);
    expect(d.dropped['bad-rows']).toBe(1);
  });
});

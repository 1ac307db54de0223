import { describe, expect, it } from 'vitest';
import type { LngLat, RoadNetwork } from '../domain/district.types.ts';
import { offsetByMetres } from '../domain/geo.ts';
import { buildRoadGraph } from '../domain/road-graph.ts';
import { statusCode } from '../protocol/positions.schema.ts';
import { incidentPanel } from './incident-panel.ts';
import { createLiveStore, markConnected } from './live-store.ts';
import { handleDelta, handlePositions, handleSnapshot } from './live-messages.ts';
import { incidentDelta, makeCamera, makeIncident, makeStaff, ORIGIN, step } from '../../test/support/live.fixture.ts';

const T = 1_763_780_000_000;
const at = (dx: number, dy: number): LngLat => offsetByMetres(ORIGIN, dx, dy);

describe('incident panel', () => {
  it('gathers stage, countdown, timeline, assignees, cameras, nearest free staff and allowed actions', () => {
    // A straight road west-east through the incident.
    const net: RoadNetwork = {
      nodes: [at(-1000, 0), at(0, 0), at(1000, 0)],
      edges: [
        { id: 1, from: 0, to: 1, cls: 'street', name: '', lengthM: 1000 },
        { id: 2, from: 1, to: 2, cls: 'street', name: '', lengthM: 1000 },
      ],
    };
    const roster = [
      makeStaff('W1', at(-200, 0)),
      makeStaff('W2', at(500, 0), 'ebike'),
      makeStaff('W3', at(-900, 0)),
      makeStaff('W4', at(50, 0)),
    ];
    const s = createLiveStore({
      roster,
      cameras: [makeCamera('CAM-W', at(-50, 0), 90, 60, 100), makeCamera('CAM-AWAY', at(-50, 0), 270, 60, 100)],
    });
    markConnected(s);
    const inc = makeIncident('S01-1', 'S01', T, at(0, 0));
    handleSnapshot(
      s,
      { scope: 'district', t: T + 10_000, streams: { S01: 1 }, incidents: [inc], staff: [], cameras: [] },
      0,
    );
    handlePositions(
      s,
      {
        stream: 'S01',
        t: T + 10_000,
        rows: roster.map((r, k) => [
          r.id,
          r.home[0],
          r.home[1],
          T + 5000,
          statusCode(k === 3 ? 'off-duty' : 'on-duty'),
          -1,
        ]),
      },
      0,
    );
    const roster$ = new Map(roster.map((r) => [r.id, r]));
    const graph = buildRoadGraph(net);

    const p = incidentPanel(s, 'S01-1', { graph, roster: roster$, role: 'officer', nowMs: 20_000 })!;
    expect(p.incident.status).toBe('reported');
    expect(p.response).toMatchObject({ target: 'dispatch', timing: 'on-time', leftMs: 30_000 }); // relay time T+30 s: half the minute gone
    expect(p.cameras).toEqual(['CAM-W']);
    expect(p.nearest!.map((n) => [n.staffId, Math.round(n.roadM)])).toEqual([
      ['W1', 200],
      ['W2', 500],
      ['W3', 900],
    ]);
    expect(p.nearest![0].name).toBe(roster[0].name);
    expect(p.actions).toContain('dispatch');
    expect(incidentPanel(s, 'S01-1', { graph, role: 'display', nowMs: 20_000 })!.actions).toEqual([]);
    expect(incidentPanel(s, 'S01-1', { role: 'display', nowMs: 20_000 })!.nearest).toBeNull();

    const d = step(inc, { action: 'dispatch', staffIds: ['W1'] }, T + 25_000);
    handleDelta(s, incidentDelta('S01', 2, 'dispatch', d), 21_000);
    const p2 = incidentPanel(s, 'S01-1', { graph, roster: roster$, role: 'officer', nowMs: 21_000 })!;
    expect(p2.timeline.map((r) => r.type)).toEqual(['report', 'dispatch']);
    expect(p2.assignees).toEqual([
      {
        staffId: 'W1',
        name: roster[0].name,
        role: 'grid-worker',
        phone: roster[0].phone,
        cls: 'free',
        position: roster[0].home,
      },
    ]);
    expect(p2.response.target).toBe('arrival');
    expect(incidentPanel(s, 'nope', { role: null, nowMs: 0 })).toBeNull();
  });
});

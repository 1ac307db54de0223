import { describe, expect, it } from 'vitest';
import { applyStep, createIncident } from '../../src/domain/incident-lifecycle.ts';
import type { Incident, IncidentAction } from '../../src/protocol/index.ts';
import { adoptIncidents } from './sim.adopt.ts';
import { createSimState, tick } from './sim.core.ts';
import { fixtureWorld } from '../../test/support/sim.fixture.ts';
import type { SimOutgoing } from './sim.types.ts';

const START = Date.UTC(2026, 10, 22, 2, 0); // 10:00 local
const by = { role: 'center', id: 'S01' } as const;

/** Incidents an earlier run left open, one per status, built with the protocol's own rules. */
function leftOpen(world: ReturnType<typeof fixtureWorld>): Incident[] {
  const st = world.streets[0];
  const [w1, w2, w3] = st.staff.filter((p) => p.role === 'grid-worker').map((p) => p.id);
  const steps: IncidentAction[][] = [
    [],
    [{ action: 'dispatch', staffIds: [w1] }],
    [{ action: 'dispatch', staffIds: [w2] }, { action: 'arrive' }],
    [
      { action: 'dispatch', staffIds: [w3] },
      { action: 'arrive' },
      { action: 'handle' },
      { action: 'escalate', level: 'joint' },
    ],
    [
      { action: 'dispatch', staffIds: ['W99999'] },
      { action: 'arrive' },
      { action: 'handle' },
      { action: 'feedback', note: '已处理' },
    ],
  ];
  return steps.map((list, n) => {
    let inc = createIncident(
      {
        id: `S01-20261122-old-000${n}`,
        streetId: 'S01',
        gridId: st.grids[n % 4].id,
        category: 'parking-dispute',
        title: '车位纠纷',
        description: '',
        position: st.grids[n % 4].center,
        source: 'app',
        priority: 'normal',
      },
      START - 3_600_000,
      by,
    );
    for (const step of list) {
      const r = applyStep(inc, step, START - 1_800_000, by);
      if (!r.ok) throw new Error(r.message);
      inc = r.incident;
    }
    return inc;
  });
}

describe('taking over incidents an earlier run left open', () => {
  it('carries every open incident on from its step to closing, legally', () => {
    const world = fixtureWorld();
    const open = leftOpen(world);
    const state = createSimState(world, { runId: 'new', startMs: START, incidentsPerHour: 4 });
    expect(adoptIncidents(state, open)).toBe(open.length);
    const out: SimOutgoing[] = [];
    for (let t = START; t <= START + 12 * 3_600_000; t += 5_000) out.push(...tick(state, t).out);

    const current = new Map(open.map((i) => [i.id, i]));
    const refusals: string[] = [];
    for (const o of out) {
      if (o.event !== 'incident:update' || !current.has(o.msg.incidentId)) continue;
      const r = applyStep(current.get(o.msg.incidentId)!, o.msg.step, o.msg.at!, by);
      if (r.ok) current.set(o.msg.incidentId, r.incident);
      else refusals.push(`${o.msg.incidentId} ${o.msg.step.action}: ${r.message}`);
    }
    expect(refusals).toEqual([]);
    for (const i of current.values()) expect(i.status, i.id).toBe('closed');
    // The escalated one got its reinforcement before it was closed.
    expect(current.get('S01-20261122-old-0003')!.escalation?.reinforcedAt).not.toBeNull();
  });
});

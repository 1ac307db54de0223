// One incident's closed loop as the street center's duty desk and field staff play it:
// report → acknowledge → dispatch (nearest free staff by road) → travel → arrive → handle →
// (escalate → reinforce) → feedback → close → rate; a few are duplicates or false reports.
import type { LngLat } from '../../src/domain/district.types.ts';
import { MODE_SPEED_MS, rankByRoad, straightDistanceM } from '../../src/domain/road-graph.ts';
import { dutyAt, localHour } from './sim.shifts.ts';
import { emitStep, schedule } from './sim.queue.ts';
import type { Action, SimIncident, SimOutgoing, SimState, StreetState } from './sim.types.ts';
import { haltAt, legEnd, positionAt, startLeg, type SimStaff } from './staff.motion.ts';

const MIN = 60_000;
const REINFORCE_ROLES = ['police', 'mediator'] as const;

/** Free, on-duty staff of the street with one of the roles, ranked by road distance to p. */
export function rankFree(
  state: SimState,
  st: StreetState,
  p: LngLat,
  roles: readonly string[],
  exclude: readonly string[] = [],
) {
  const free: { id: string; position: LngLat; mode: SimStaff['staff']['mode'] }[] = [];
  for (const s of st.staff.values()) {
    if (s.status !== 'on-duty' || s.incidentId || !roles.includes(s.staff.role) || exclude.includes(s.staff.id))
      continue;
    free.push({ id: s.staff.id, position: positionAt(state.graph, s, st.now).pos, mode: s.staff.mode });
  }
  return rankByRoad(state.graph, p, free, 20_000);
}

export function scheduleIncidentStep(state: SimState, st: StreetState, id: string, after: 'report'): void {
  const inc = st.incidents.get(id)!;
  const rng = st.rng;
  if (after !== 'report') return;
  schedule(st, st.now + rng.range(3_000, 12_000), { type: 'ack', incidentId: id });
  if (inc.fate === 'duplicate') {
    schedule(st, st.now + rng.range(30_000, 90_000), { type: 'dismiss', incidentId: id });
    return;
  }
  const late = rng.chance(state.config.lateDispatchShare);
  schedule(st, st.now + (late ? rng.range(62_000, 150_000) : rng.range(15_000, 50_000)), {
    type: 'dispatch',
    incidentId: id,
  });
}

export function actionFor(state: SimState, st: StreetState, action: Action, out: SimOutgoing[]): void {
  const rng = st.rng;
  if ('staffId' in action) {
    staffAction(state, st, action, out);
    return;
  }
  if (!('incidentId' in action)) return;
  const inc = st.incidents.get(action.incidentId);
  if (!inc || inc.status === 'closed') {
    if (inc && action.type === 'rate') emitStep(state, st, out, inc.id, { action: 'rate', rating: rating(rng.next()) });
    return;
  }
  switch (action.type) {
    case 'rate':
      return; // a rating waits for the close (handled above)
    case 'ack':
      emitStep(state, st, out, inc.id, { action: 'acknowledge' });
      return;
    case 'dismiss':
      emitStep(state, st, out, inc.id, {
        action: 'close',
        resolution: inc.fate === 'duplicate' ? 'duplicate' : 'invalid',
      });
      inc.status = 'closed';
      inc.closedAt = st.now;
      release(state, st, inc);
      return;
    case 'dispatch': {
      if (inc.status !== 'reported') return;
      const ranked = rankFree(state, st, inc.position, inc.profile.roles);
      if (!ranked.length) {
        schedule(st, st.now + 20_000, action); // nobody free: the desk tries again shortly
        return;
      }
      const chosen = ranked[0].candidate.id;
      trace(state, st, inc, 'first', [chosen], ranked);
      emitStep(state, st, out, inc.id, { action: 'dispatch', staffIds: [chosen] });
      inc.status = 'dispatched';
      inc.dispatchedAt = st.now;
      inc.assignees = [chosen];
      send(state, st, chosen, inc, rng.range(5_000, 25_000));
      return;
    }
    case 'handle':
      if (inc.status !== 'arrived') return;
      emitStep(state, st, out, inc.id, { action: 'handle' });
      inc.status = 'handling';
      schedule(st, st.now + rng.range(...inc.profile.onSceneMin) * MIN, { type: 'feedback', incidentId: inc.id });
      return;
    case 'escalate':
      if (inc.escalation !== 'none' || (inc.status !== 'arrived' && inc.status !== 'handling')) return;
      emitStep(state, st, out, inc.id, { action: 'escalate', level: rng.chance(0.8) ? 'joint' : 'street' });
      inc.escalation = 'requested';
      schedule(st, st.now + rng.range(10_000, 40_000), { type: 'reinforce-dispatch', incidentId: inc.id });
      return;
    case 'reinforce-dispatch': {
      if (inc.escalation !== 'requested' || inc.status === 'fed-back') return;
      const ranked = rankFree(state, st, inc.position, REINFORCE_ROLES, inc.assignees);
      if (!ranked.length) {
        schedule(st, st.now + 30_000, action);
        return;
      }
      const ids = ranked.slice(0, rng.chance(0.4) ? 2 : 1).map((r) => r.candidate.id);
      trace(state, st, inc, 'reinforce', ids, ranked);
      inc.reinforcements = ids;
      for (const id of ids) send(state, st, id, inc, rng.range(10_000, 40_000));
      return;
    }
    case 'feedback':
      if (inc.status !== 'handling') return;
      // Reinforcements are awaited before reporting back, but not forever.
      if (inc.escalation === 'requested' && st.now - (inc.arrivedAt ?? st.now) < 45 * MIN) {
        schedule(st, st.now + 2 * MIN, action);
        return;
      }
      emitStep(state, st, out, inc.id, { action: 'feedback', note: rng.pick(inc.profile.feedback) });
      inc.status = 'fed-back';
      release(state, st, inc);
      schedule(st, st.now + rng.range(...inc.profile.closeMin) * MIN, { type: 'close', incidentId: inc.id });
      return;
    case 'close':
      if (inc.status !== 'fed-back') return;
      emitStep(state, st, out, inc.id, { action: 'close', resolution: 'resolved' });
      inc.status = 'closed';
      inc.closedAt = st.now;
      if (rng.chance(0.7)) schedule(st, st.now + rng.range(2, 60) * MIN, { type: 'rate', incidentId: inc.id });
      return;
  }
}

function staffAction(
  state: SimState,
  st: StreetState,
  action: Extract<Action, { staffId: string }>,
  out: SimOutgoing[],
): void {
  if (action.type === 'patrol') return; // handled by the core
  const s = st.staff.get(action.staffId);
  const inc = action.incidentId ? st.incidents.get(action.incidentId) : undefined;
  if (!s || s.plan !== action.plan || !inc || s.incidentId !== inc.id) return;
  const g = state.graph;
  const rng = st.rng;
  if (action.type === 'depart') {
    const reinforcing = inc.reinforcements.includes(s.staff.id);
    const speed = MODE_SPEED_MS[s.staff.mode] * rng.range(0.9, 1.1);
    const leg = startLeg(g, s, inc.position, st.now, speed, reinforcing ? 'reinforce' : 'respond');
    // Off the network (should not happen with generated data): go straight there.
    const eta = leg ? legEnd(leg) : st.now + (straightDistanceM(g, s.pos, inc.position) / speed) * 1000;
    s.plan++;
    schedule(st, eta, { type: 'arrive', staffId: s.staff.id, plan: s.plan, incidentId: inc.id });
    return;
  }
  // arrive
  s.leg = null;
  s.pos = inc.position;
  s.status = 'on-scene';
  if (inc.status === 'dispatched' && inc.assignees.includes(s.staff.id)) {
    emitStep(state, st, out, inc.id, { action: 'arrive', staffIds: [s.staff.id] });
    inc.status = 'arrived';
    inc.arrivedAt = st.now;
    if (inc.fate === 'invalid') {
      schedule(st, st.now + rng.range(1, 4) * MIN, { type: 'dismiss', incidentId: inc.id });
      return;
    }
    schedule(st, st.now + rng.range(10_000, 60_000), { type: 'handle', incidentId: inc.id });
    if (rng.chance(inc.profile.escalate))
      schedule(st, st.now + rng.range(1, 6) * MIN, { type: 'escalate', incidentId: inc.id });
  } else if (inc.escalation === 'requested' && inc.reinforcements.includes(s.staff.id)) {
    emitStep(state, st, out, inc.id, { action: 'reinforce', staffIds: inc.reinforcements });
    inc.escalation = 'reinforced';
  }
}

/** Commits one person to an incident: they set off after a short preparation. */
export function send(state: SimState, st: StreetState, staffId: string, inc: SimIncident, prepMs: number): void {
  const s = st.staff.get(staffId)!;
  haltAt(state.graph, s, st.now);
  s.status = 'responding';
  s.incidentId = inc.id;
  s.plan++;
  schedule(st, st.now + prepMs, { type: 'depart', staffId, plan: s.plan, incidentId: inc.id });
}

/** Frees everyone on an incident: back to their beat (or off duty if their shift ended meanwhile). */
function release(state: SimState, st: StreetState, inc: SimIncident): void {
  const hour = localHour(state.config, st.now);
  for (const id of [...inc.assignees, ...inc.reinforcements]) {
    const s = st.staff.get(id);
    if (!s || s.incidentId !== inc.id) continue;
    haltAt(state.graph, s, st.now);
    s.incidentId = null;
    s.status = dutyAt(s.staff, hour);
    s.plan++;
    if (s.status === 'on-duty')
      schedule(st, st.now + st.rng.range(0, 60_000), { type: 'patrol', staffId: id, plan: s.plan });
  }
}

function trace(
  state: SimState,
  st: StreetState,
  inc: SimIncident,
  kind: 'first' | 'reinforce',
  chosen: string[],
  ranked: ReturnType<typeof rankByRoad>,
): void {
  if (!state.config.trace) return;
  st.trace.push({
    at: st.now,
    incidentId: inc.id,
    kind,
    chosen,
    candidates: ranked.map((r) => ({ id: r.candidate.id, position: r.candidate.position, roadM: r.roadM })),
  });
}

/** Residents' ratings: mostly satisfied (DOMAIN.md: satisfaction near 99%). */
function rating(u: number): number {
  return u < 0.72 ? 5 : u < 0.94 ? 4 : u < 0.99 ? 3 : 2;
}

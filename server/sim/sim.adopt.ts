// A restarted simulator takes over the incidents its street centers left open (they are in the
// relay's store, not in our fresh state): each carries on from the step it had reached, so the wall
// never keeps cases that nobody will ever close.
import { snap } from '../../src/domain/road-graph.ts';
import type { Incident } from '../../src/protocol/index.ts';
import { CATEGORY_PROFILES } from './incident.catalog.ts';
import { rankFree, send } from './sim.lifecycle.ts';
import { schedule } from './sim.queue.ts';
import type { SimIncident, SimState } from './sim.types.ts';

/** Adopts open incidents (as the relay holds them); returns how many were taken over. */
export function adoptIncidents(state: SimState, incidents: Incident[]): number {
  let adopted = 0;
  for (const i of incidents) {
    const st = state.streets.find((s) => s.world.id === i.streetId);
    if (!st || i.status === 'closed' || st.incidents.has(i.id)) continue;
    const grid = st.world.grids.find((g) => g.id === i.gridId);
    const where = i.position ?? grid?.center ?? st.world.grids[0]?.center;
    const s = where && snap(state.graph, where);
    if (!s) continue;
    const profile =
      CATEGORY_PROFILES.find((p) => p.category === i.category) ?? CATEGORY_PROFILES[CATEGORY_PROFILES.length - 1];
    const own = (ids: string[]) =>
      ids.filter((id) => st.staff.get(id)?.incidentId === null && st.staff.get(id)?.status !== 'off-duty');
    const inc: SimIncident = {
      id: i.id,
      profile,
      position: s.point,
      snap: s,
      reportedAt: st.now,
      status: i.status,
      assignees: own(i.assignees),
      reinforcements: [],
      escalation: i.escalation ? (i.escalation.reinforcedAt ? 'reinforced' : 'requested') : 'none',
      dispatchedAt: i.dispatchedAt === null ? null : st.now,
      arrivedAt: i.arrivedAt === null ? null : st.now,
      closedAt: null,
      fate: 'normal',
    };
    st.incidents.set(i.id, inc);
    const rng = st.rng;
    const soon = () => st.now + rng.range(5_000, 60_000);
    switch (i.status) {
      case 'reported':
        schedule(st, soon(), { type: 'dispatch', incidentId: i.id });
        break;
      case 'dispatched': {
        // Whoever was sent is on the way again (or, if they are gone, the nearest free colleague).
        const who = inc.assignees[0] ?? rankFree(state, st, inc.position, profile.roles)[0]?.candidate.id;
        if (!who) {
          inc.status = 'reported'; // nobody to send: it waits as if undispatched; closes as invalid
          schedule(st, soon(), { type: 'dismiss', incidentId: i.id });
          inc.fate = 'invalid';
          break;
        }
        inc.assignees = [who];
        send(state, st, who, inc, rng.range(5_000, 20_000));
        break;
      }
      case 'arrived':
      case 'handling':
        for (const id of inc.assignees) {
          const p = st.staff.get(id)!;
          p.status = 'on-scene';
          p.incidentId = i.id;
          p.pos = inc.position;
          p.leg = null;
          p.plan++;
        }
        schedule(st, soon(), { type: i.status === 'arrived' ? 'handle' : 'feedback', incidentId: i.id });
        break;
      case 'fed-back':
        schedule(st, st.now + rng.range(1, 20) * 60_000, { type: 'close', incidentId: i.id });
        break;
    }
    if (inc.escalation === 'requested' && inc.status !== 'fed-back')
      schedule(st, soon(), { type: 'reinforce-dispatch', incidentId: i.id });
    adopted++;
  }
  return adopted;
}

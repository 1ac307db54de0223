// The per-street action queue (a binary heap by time, then insertion order, so ties are
// deterministic) and the center's own event ids.
import type { IncidentAction } from '../../src/protocol/index.ts';
import type { Action, SimOutgoing, SimState, StreetState } from './sim.types.ts';

export function schedule(st: StreetState, at: number, action: Action): void {
  if (!Number.isFinite(at)) return;
  const q = st.queue;
  const item = { at, seq: st.queueSeq++, action };
  let i = q.length;
  q.push(item);
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (q[p].at < at || (q[p].at === at && q[p].seq < item.seq)) break;
    q[i] = q[p];
    i = p;
  }
  q[i] = item;
}

export function popAction(st: StreetState) {
  const q = st.queue;
  const top = q[0];
  const last = q.pop()!;
  if (q.length) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= q.length) break;
      const r = l + 1;
      const less = (a: typeof last, b: typeof last) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
      const c = r < q.length && less(q[r], q[l]) ? r : l;
      if (!less(q[c], last)) break;
      q[i] = q[c];
      i = c;
    }
    q[i] = last;
  }
  return top;
}

export function nextEventId(state: SimState, st: StreetState): string {
  return `${st.world.id}.${state.config.runId}.${++st.eventSeq}`;
}

export function emitStep(
  state: SimState,
  st: StreetState,
  out: SimOutgoing[],
  incidentId: string,
  step: IncidentAction,
): void {
  out.push({
    streetId: st.world.id,
    event: 'incident:update',
    msg: { eventId: nextEventId(state, st), incidentId, at: Math.floor(st.now), step },
  });
}

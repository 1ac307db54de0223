import { TARGETS_MS } from '../domain/incident-lifecycle.ts';
import { PRIORITIES } from '../protocol/categories.ts';
import type { Incident } from '../protocol/incident.schema.ts';
import { startOfLocalDay } from '../protocol/kpi.schema.ts';
import type { Selection } from '../protocol/scene.schema.ts';

// Live selections named by scenes and tour steps, resolved when the step plays: a pure function of
// the live incidents and the relay's clock, so a tour written last month still shows today's worst
// case. Ties break on the oldest report, then the id, so every wall of a group picks the same one.

export interface LiveView {
  incidents: Iterable<Incident>;
  /** the relay's clock (not the browser's) */
  now: number;
}

export type Resolved =
  | { kind: 'incident'; id: string; streetId: string; gridId: string | null; position: [number, number] | null }
  | { kind: 'area'; id: string; count: number };

const open = (i: Incident) => i.status !== 'closed';

/** How long past its deadline the worst running target of an open incident is (ms; ≤ 0: none overdue). */
export function overdueBy(i: Incident, now: number): number {
  const running: [number, number][] = [];
  if (i.dispatchedAt === null) running.push([i.reportedAt, TARGETS_MS.dispatch]);
  else if (i.arrivedAt === null) running.push([i.dispatchedAt, TARGETS_MS.arrival]);
  if (i.escalation && i.escalation.reinforcedAt === null) running.push([i.escalation.at, TARGETS_MS.reinforcement]);
  return running.reduce((worst, [start, limit]) => Math.max(worst, now - (start + limit)), -Infinity);
}

const olderFirst = (a: Incident, b: Incident) =>
  a.reportedAt - b.reportedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const asIncident = (i: Incident): Resolved => ({
  kind: 'incident',
  id: i.id,
  streetId: i.streetId,
  gridId: i.gridId,
  position: i.position,
});

function mostCounted(counts: Map<string, number>): Resolved | null {
  let best: [string, number] | null = null;
  for (const [id, n] of counts) if (!best || n > best[1] || (n === best[1] && id < best[0])) best = [id, n];
  return best ? { kind: 'area', id: best[0], count: best[1] } : null;
}

export function resolveSelection(selection: Selection, live: LiveView): Resolved | null {
  const all = [...live.incidents];
  switch (selection) {
    case 'most-overdue-open-incident': {
      let best: Incident | null = null;
      let bestBy = 0;
      for (const i of all.filter(open).sort(olderFirst)) {
        const by = overdueBy(i, live.now);
        if (by > bestBy) [best, bestBy] = [i, by];
      }
      return best ? asIncident(best) : null;
    }
    case 'most-severe-open-incident': {
      const rank = (i: Incident) => PRIORITIES.indexOf(i.priority) * 10 + (overdueBy(i, live.now) > 0 ? 1 : 0);
      const sorted = all.filter(open).sort((a, b) => rank(b) - rank(a) || olderFirst(a, b));
      return sorted[0] ? asIncident(sorted[0]) : null;
    }
    case 'street-most-incidents-today': {
      const today = startOfLocalDay(live.now);
      const counts = new Map<string, number>();
      for (const i of all)
        if (i.reportedAt >= today && i.reportedAt <= live.now)
          counts.set(i.streetId, (counts.get(i.streetId) ?? 0) + 1);
      return mostCounted(counts);
    }
    case 'grid-most-open-incidents': {
      const counts = new Map<string, number>();
      for (const i of all) if (open(i) && i.gridId) counts.set(i.gridId, (counts.get(i.gridId) ?? 0) + 1);
      return mostCounted(counts);
    }
  }
}

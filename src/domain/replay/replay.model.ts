// The shift replay's pure state (issue 13): where each person was at time t, interpolated between
// the kept points of their track, and each incident as it stood at t (its stage, its assignees and
// its response-target countdown as they were). Nothing here touches the live store.
import type { Incident } from '../../protocol/incident.schema.ts';
import type { ReplayChunk } from '../../protocol/replay.codec.ts';
import { withTiming } from '../incident-lifecycle.ts';

export interface ReplayModel {
  chunk: ReplayChunk;
  /** per person (header.staff index): their points are [start[i], start[i + 1]) */
  start: Int32Array;
  /** people by id */
  staffIndex: Map<string, number>;
}

/** Indexes a chunk whose points are grouped by person, oldest first (as the server sends them). */
export function buildReplayModel(chunk: ReplayChunk): ReplayModel {
  const { staff } = chunk.points;
  const n = chunk.header.staff.length;
  const start = new Int32Array(n + 1).fill(-1);
  for (let i = staff.length - 1; i >= 0; i--) start[staff[i]] = i;
  start[n] = staff.length;
  for (let s = n - 1; s >= 0; s--) if (start[s] < 0) start[s] = start[s + 1];
  return { chunk, start, staffIndex: new Map(chunk.header.staff.map((id, i) => [id, i])) };
}

export interface PersonAt {
  lng: number;
  lat: number;
  status: number;
  incidentId: string | null;
  /** ms since this person's last kept point (large: the position is old) */
  ageMs: number;
}

/**
 * A person at time t: on the straight line between the kept points around t, with the status of
 * the earlier one. Before their first point: unknown (null). After the last: where they were last.
 */
export function personAt(m: ReplayModel, staffIx: number, t: number, out?: PersonAt): PersonAt | null {
  const { points, header } = m.chunk;
  let lo = m.start[staffIx];
  let hi = m.start[staffIx + 1] - 1;
  if (lo > hi) return null;
  const rel = t - header.t0;
  if (rel < points.offsetMs[lo]) return null;
  // last point at or before t
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points.offsetMs[mid] <= rel) lo = mid;
    else hi = mid - 1;
  }
  const a = lo;
  const b = a + 1 < m.start[staffIx + 1] ? a + 1 : a;
  const ta = points.offsetMs[a];
  const tb = points.offsetMs[b];
  const f = b === a || tb === ta ? 0 : Math.min(1, (rel - ta) / (tb - ta));
  const r = out ?? { lng: 0, lat: 0, status: 0, incidentId: null, ageMs: 0 };
  r.lng = (points.lng[a] + (points.lng[b] - points.lng[a]) * f) / 1e6;
  r.lat = (points.lat[a] + (points.lat[b] - points.lat[a]) * f) / 1e6;
  r.status = points.status[a];
  const k = points.incident[a];
  r.incidentId = k >= 0 ? header.incidentIds[k] : null;
  r.ageMs = rel - ta;
  return r;
}

/**
 * An incident as it stood at time t (null before it was reported): steps after t undone, its
 * history cut at t, and its timing evaluated at t, so the countdown shows what the wall showed.
 */
export function incidentAt(inc: Incident, t: number): Incident | null {
  if (inc.reportedAt > t) return null;
  const by = (v: number | null) => (v !== null && v <= t ? v : null);
  const closedAt = by(inc.closedAt);
  const fedBackAt = by(inc.fedBackAt);
  const handlingAt = by(inc.handlingAt);
  const arrivedAt = by(inc.arrivedAt);
  const dispatchedAt = by(inc.dispatchedAt);
  const status: Incident['status'] =
    closedAt !== null
      ? 'closed'
      : fedBackAt !== null
        ? 'fed-back'
        : handlingAt !== null
          ? 'handling'
          : arrivedAt !== null
            ? 'arrived'
            : dispatchedAt !== null
              ? 'dispatched'
              : 'reported';
  const escalation =
    inc.escalation && inc.escalation.at <= t
      ? { ...inc.escalation, reinforcedAt: by(inc.escalation.reinforcedAt) }
      : null;
  const past: Incident = {
    ...inc,
    status,
    acknowledgedAt: by(inc.acknowledgedAt),
    acknowledgedBy: by(inc.acknowledgedAt) === null ? null : inc.acknowledgedBy,
    dispatchedAt,
    assignees: dispatchedAt === null ? [] : inc.assignees,
    arrivedAt,
    handlingAt,
    fedBackAt,
    feedback: fedBackAt === null ? null : inc.feedback,
    closedAt,
    resolution: closedAt === null ? null : inc.resolution,
    rating: closedAt === null ? null : inc.rating,
    escalation,
    history: inc.history.filter((h) => h.at <= t),
    missed: [],
  };
  return withTiming(past, t);
}

import { randomUUID } from 'node:crypto';
import { fail, type Ack, type StoredAck } from '../../src/protocol/ack.ts';
import type { Actor } from '../../src/protocol/common.schema.ts';
import { applyStep, createIncident, withTiming } from '../../src/domain/incident-lifecycle.ts';
import type { IncidentAction, ReportMessage } from '../../src/protocol/incident.schema.ts';
import type { RelayContext } from './context.ts';
import { offClock, outOfArea, reportMatches, sameOrConflict, stepMatches } from './event-guards.ts';

// Incident commands shared by centers (/ingest) and officers (/live). `scope` is the street the
// caller may touch, or null for district-wide callers.

const adoptArchived = (ctx: RelayContext, id: string) => async () => {
  if (ctx.state.incident(id)) return;
  const archived = await ctx.storage.getIncident(id);
  if (archived) ctx.state.adopt(archived.incident);
};

export function reportIncident(
  ctx: RelayContext,
  actor: Actor,
  source: string,
  msg: ReportMessage,
  scope: string | null,
): Promise<Ack<StoredAck>> | Ack<StoredAck> {
  const rep = msg.incident;
  if (scope !== null && rep.streetId !== scope)
    return fail('scope', `this token publishes for ${scope}, not ${rep.streetId}`);
  if (!ctx.district.hasStreet(rep.streetId)) return fail('scope', `unknown street ${rep.streetId}`);
  if (rep.gridId) {
    const gs = ctx.district.gridStreet(rep.gridId);
    if (gs === null) return fail('scope', `unknown grid ${rep.gridId}`);
    if (gs !== undefined && gs !== rep.streetId) return fail('scope', `grid ${rep.gridId} is not in ${rep.streetId}`);
  }
  const receivedAt = ctx.now();
  const refused =
    offClock('reportedAt', rep.reportedAt, receivedAt) ??
    (rep.position && outOfArea(ctx.area ?? null, 'position', rep.position[0], rep.position[1]));
  if (refused) return refused;
  const stored = ctx.publisher.submit(
    source,
    msg.eventId,
    receivedAt,
    () => {
      if (ctx.state.incident(rep.id)) return fail('conflict', `incident ${rep.id} already exists`);
      const now = ctx.now();
      const at = Math.min(rep.reportedAt ?? now, now);
      const incident = withTiming(createIncident(rep, at, actor), now);
      return {
        stream: rep.streetId,
        event: { kind: 'incident', type: 'report', incidentId: rep.id, at, by: actor, incident },
        incident,
        newIncident: true,
      };
    },
    // an id taken by an archived incident: a shared store refuses it in the append itself, which
    // saves every report a round trip before its commit; one node reads its local SQLite first
    ctx.storage.shared ? undefined : adoptArchived(ctx, rep.id),
  );
  return sameOrConflict(ctx, stored, (ev) => reportMatches(rep, ev));
}

export function stepIncident(
  ctx: RelayContext,
  actor: Actor,
  source: string,
  eventId: string,
  incidentId: string,
  step: IncidentAction,
  claimedAt: number | undefined,
  scope: string | null,
): Promise<Ack<StoredAck>> | Ack<StoredAck> {
  if ('staffIds' in step && step.staffIds) {
    for (const id of step.staffIds) {
      const street = ctx.district.staffStreet(id);
      if (street === null) return fail('scope', `unknown staff ${id}`);
      // a street's center or officer sends its own people; crossing streets is the district's call
      if (scope !== null && street !== undefined && street !== scope) {
        return fail(
          'scope',
          `staff ${id} belongs to ${street}, not ${scope}; only a district officer may send staff across streets`,
        );
      }
    }
  }
  const clock = offClock('at', claimedAt, ctx.now());
  if (clock) return clock;
  const stored = ctx.publisher.submit(
    source,
    eventId,
    ctx.now(),
    () => {
      const cur = ctx.state.incident(incidentId);
      if (!cur) return fail('not-found', `no incident ${incidentId}`);
      if (scope !== null && cur.streetId !== scope) return fail('scope', `incident ${incidentId} is not in ${scope}`);
      const now = ctx.now();
      // never in the future, never before the previous step (durations stay meaningful)
      const at = Math.max(Math.min(claimedAt ?? now, now), cur.updatedAt);
      const r = applyStep(cur, step, at, actor);
      if (!r.ok) return fail('transition', r.message);
      const incident = withTiming(r.incident, now);
      return {
        stream: cur.streetId,
        event: { kind: 'incident', type: step.action, incidentId, at, by: actor, incident },
        incident,
      };
    },
    adoptArchived(ctx, incidentId),
  );
  return sameOrConflict(ctx, stored, (ev) => stepMatches(incidentId, step, ev));
}

/** The relay's clock: re-evaluates running targets and stores each change as a `timing` event. */
export function tickTiming(ctx: RelayContext) {
  const now = ctx.now();
  const changed = [...ctx.state.openIncidents()].filter((i) => withTiming(i, now) !== i).map((i) => i.id);
  for (const id of changed) {
    void ctx.publisher.submit('relay', `timing:${randomUUID()}`, now, () => {
      const cur = ctx.state.incident(id);
      const t = ctx.now();
      const next = cur && withTiming(cur, t);
      if (!cur || next === cur || !next) return fail('transition', 'no timing change');
      return {
        stream: cur.streetId,
        event: {
          kind: 'incident',
          type: 'timing',
          incidentId: id,
          at: t,
          by: { role: 'relay', id: 'clock' },
          incident: next,
        },
        incident: next,
      };
    });
  }
}

// Officer actions from the incident panel (dispatch one of the nearest free staff, acknowledge,
// escalate, close as invalid). The panel asks what it may offer; the relay decides for real (it
// verifies the token and the lifecycle), so a refusal here only saves a round trip.
import type { Ack, StoredAck } from '../protocol/ack.ts';
import type { Role } from '../protocol/common.schema.ts';
import { allowedActions } from '../domain/incident-lifecycle.ts';
import { withinScope } from './live-scope.ts';
import {
  actMessageSchema,
  OFFICER_ACTIONS,
  type ActMessage,
  type Incident,
  type IncidentAction,
  type IncidentActionName,
} from '../protocol/incident.schema.ts';

/** What the helpers need from the client: its token's role and a way to send `incident:act`. */
export interface OfficerChannel {
  /** scope: 'district' or the one street the token may act in (absent: not known, the relay decides) */
  readonly claims: { role: Role | null; scope?: string | null };
  act(msg: ActMessage): Promise<Ack<StoredAck>>;
}

export function canAct(role: Role | null): boolean {
  return role === 'officer' || role === 'admin';
}

/** The actions the panel shows as enabled for this incident and this token. */
export function availableOfficerActions(role: Role | null, inc: Incident): IncidentActionName[] {
  if (!canAct(role)) return [];
  const allowed = allowedActions(inc);
  return allowed.filter((a) => role === 'admin' || OFFICER_ACTIONS.includes(a));
}

/**
 * A request id that stays the same across retries of one click. crypto.randomUUID needs a secure
 * context, which a wall served over plain http on the hall's LAN is not; getRandomValues works anywhere.
 */
export function newRequestId(): string {
  const b = new Uint8Array(16);
  globalThis.crypto.getRandomValues(b);
  return `act-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}

const refuse = (reason: 'scope' | 'transition' | 'schema', message: string): Ack<StoredAck> => ({
  ok: false,
  error: { reason, message },
});

/** Sends one lifecycle step for an incident after the local checks; resolves with the relay's ack. */
export async function actOnIncident(ch: OfficerChannel, inc: Incident, step: IncidentAction): Promise<Ack<StoredAck>> {
  const role = ch.claims.role;
  if (!canAct(role)) return refuse('scope', `a ${role ?? 'unknown'} token cannot act on incidents`);
  if (!withinScope({ role, scope: ch.claims.scope ?? null }, inc.streetId))
    return refuse('scope', `this token acts in ${ch.claims.scope} only, not ${inc.streetId}`);
  if (!availableOfficerActions(role, inc).includes(step.action)) {
    return refuse('transition', `${step.action} is not possible for a ${inc.status} incident with this role`);
  }
  const msg = actMessageSchema.safeParse({ requestId: newRequestId(), incidentId: inc.id, step });
  if (!msg.success) return refuse('schema', msg.error.issues[0]?.message ?? 'invalid action');
  return ch.act(msg.data);
}

/** Dispatch from the incident panel: the chosen staff (usually one of the three nearest free). */
export function dispatchStaff(
  ch: OfficerChannel,
  inc: Incident,
  staffIds: string[],
  note?: string,
): Promise<Ack<StoredAck>> {
  return actOnIncident(ch, inc, note ? { action: 'dispatch', staffIds, note } : { action: 'dispatch', staffIds });
}

import { z } from 'zod';

// Every client → relay event carries an ack callback; the relay always answers through it, with
// either `{ ok: true, ... }` or `{ ok: false, error: { reason, message } }`.

export const REJECT_REASONS = [
  'schema', // the message does not match its schema (issues say where)
  'scope', // outside the token's role or street
  'rate', // per-connection rate limit: slow down and retry later
  'unknown-event', // no such event on this namespace
  'transition', // illegal lifecycle step for the incident's current state
  'not-found', // unknown incident
  'conflict', // the id is already used by another street / another event, or an event id reused for different content
  'unavailable', // storage failed; retry with the same event id
  'out-of-area', // a position far outside the district (its bounds plus a margin)
  'clock', // a time far from the relay's clock (reportedAt, a step's at)
] as const;
export const rejectReasonSchema = z.enum(REJECT_REASONS);
export type RejectReason = z.infer<typeof rejectReasonSchema>;

export interface AckError {
  reason: RejectReason;
  message: string;
  /** For `schema`: up to 10 zod issues (path and message). */
  issues?: { path: (string | number)[]; message: string }[];
}
export type AckOk<T extends object = object> = { ok: true } & T;
export type AckFail = { ok: false; error: AckError };
export type Ack<T extends object = object> = AckOk<T> | AckFail;
export type AckFn<T extends object = object> = (ack: Ack<T>) => void;

/** Ack of an event stored in a stream (incident report/update, officer action, camera status). */
export interface StoredAck {
  stream: string;
  seq: number;
  /** true when this event id was already stored: nothing was stored twice. */
  duplicate: boolean;
}
export interface PositionsAck {
  accepted: number;
}

export const ackSchema = z.union([
  z.object({ ok: z.literal(true) }).passthrough(),
  z.object({
    ok: z.literal(false),
    error: z.object({ reason: rejectReasonSchema, message: z.string() }).passthrough(),
  }),
]);

export function fail(reason: RejectReason, message: string, issues?: AckError['issues']): AckFail {
  return issues ? { ok: false, error: { reason, message, issues } } : { ok: false, error: { reason, message } };
}

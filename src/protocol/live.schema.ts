import { z } from 'zod';
import { cameraEventSchema, cameraStatusSchema } from './camera.schema.ts';
import { idSchema, scopeSchema } from './common.schema.ts';
import { incidentEventSchema, incidentSchema } from './incident.schema.ts';
import { staffStateSchema } from './positions.schema.ts';

// /live: walls and officer browsers. One stream per street, numbered 1, 2, 3, ... by the relay.
// A district subscriber follows every street's stream and keeps one last-seq per stream.

/** `subscribe`: scope plus, on a resume, the last seq seen per stream. */
export const subscribeMessageSchema = z.object({
  scope: scopeSchema,
  since: z.record(idSchema, z.number().int().min(0)).optional(),
  /** the client decodes binary `positions` frames and packed snapshots (positions-binary.ts) */
  binary: z.boolean().optional(),
});
export type SubscribeMessage = z.infer<typeof subscribeMessageSchema>;

export interface SubscribeAck {
  scope: string;
  /** streams this subscription covers */
  streams: string[];
  /** streams whose missed events are replayed as deltas right after this ack */
  resumed: string[];
  /** streams given afresh in the `snapshot` that follows this ack */
  snapshot: string[];
}

export const streamEventSchema = z.discriminatedUnion('kind', [incidentEventSchema, cameraEventSchema]);
export type StreamEvent = z.infer<typeof streamEventSchema>;

/** `delta`: one stored event of one stream. */
export const deltaSchema = z.object({
  stream: idSchema,
  seq: z.number().int().min(1),
  event: streamEventSchema,
});
export type Delta = z.infer<typeof deltaSchema>;

/**
 * `snapshot`: the state of the listed streams as of `streams[s]` (the last seq included). Replaces
 * whatever the client held for those streams. Incidents: open ones plus those closed in the last hour.
 */
export const snapshotSchema = z.object({
  scope: scopeSchema,
  t: z.number(),
  streams: z.record(idSchema, z.number().int().min(0)),
  incidents: z.array(incidentSchema),
  staff: z.array(staffStateSchema),
  cameras: z.array(cameraStatusSchema.extend({ streetId: idSchema })),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

/** `notice`: the relay tells a client something it should act on. */
export const noticeSchema = z.object({
  kind: z.enum(['resync', 'token-expired', 'slow-client', 'abuse', 'shutdown']),
  message: z.string(),
});
export type Notice = z.infer<typeof noticeSchema>;

/**
 * `feeds`: the relay's word on each street center's feed, every few seconds and on every center
 * connect or disconnect. A street whose people stand still sends no positions: without this a wall
 * could not tell a quiet street from a dead feed. Rows: [streetId, center connected, relay time of
 * the center's last message or null].
 */
export const feedsSchema = z.object({
  t: z.number(),
  feeds: z.array(z.tuple([idSchema, z.boolean(), z.number().nullable()])).max(1000),
});
export type Feeds = z.infer<typeof feedsSchema>;

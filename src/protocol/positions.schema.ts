import { z } from 'zod';
import { epochMsSchema, idSchema } from './common.schema.ts';

// Field-staff positions: latest-value data. Centers send batches; the relay keeps the last position
// and a short trail per person and pushes compact frames per street about once a second.

export const STAFF_STATUSES = ['on-duty', 'responding', 'on-scene', 'break', 'off-duty'] as const;
export const staffStatusSchema = z.enum(STAFF_STATUSES);
export type StaffStatus = z.infer<typeof staffStatusSchema>;

export const MAX_POSITIONS_PER_BATCH = 500;
export const TRAIL_LENGTH = 20;

export const positionSchema = z.object({
  staffId: idSchema,
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  at: epochMsSchema,
  status: staffStatusSchema.default('on-duty'),
  /** degrees clockwise from north */
  heading: z.number().min(0).max(360).nullable().default(null),
  incidentId: idSchema.nullable().default(null),
});
export type Position = z.infer<typeof positionSchema>;

/** /ingest `positions` */
export const positionsMessageSchema = z.object({
  positions: z.array(positionSchema).min(1).max(MAX_POSITIONS_PER_BATCH),
});
export type PositionsMessage = z.infer<typeof positionsMessageSchema>;

/** Status codes in compact frames (index into STAFF_STATUSES). */
export const statusCode = (s: StaffStatus): number => STAFF_STATUSES.indexOf(s);

/**
 * One row of a frame: [staffId, lng, lat, at, statusCode, heading | -1]. Tuples, not objects: a district
 * frame carries thousands of rows every second.
 */
export const frameRowSchema = z.tuple([idSchema, z.number(), z.number(), z.number(), z.number().int(), z.number()]);
export type FrameRow = z.infer<typeof frameRowSchema>;

/** /live `positions`: latest positions of the staff of one street that moved since the last frame. */
export const positionsFrameSchema = z.object({
  stream: idSchema,
  t: z.number(),
  rows: z.array(frameRowSchema),
});
export type PositionsFrame = z.infer<typeof positionsFrameSchema>;

/** A person as the snapshot gives it: last position, status and a short trail (oldest first). */
export const staffStateSchema = z.object({
  staffId: idSchema,
  streetId: idSchema,
  lng: z.number(),
  lat: z.number(),
  at: z.number(),
  status: staffStatusSchema,
  heading: z.number().nullable(),
  incidentId: idSchema.nullable(),
  trail: z.array(z.tuple([z.number(), z.number(), z.number()])).max(TRAIL_LENGTH), // [lng, lat, at]
});
export type StaffState = z.infer<typeof staffStateSchema>;

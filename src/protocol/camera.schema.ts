import { z } from 'zod';
import { epochMsSchema, eventIdSchema, idSchema } from './common.schema.ts';

// Camera status (雪亮工程 feeds). Rare changes, so they travel in the numbered stream like incidents.

export const CAMERA_STATUSES = ['online', 'offline', 'fault'] as const;
export const cameraStatusValueSchema = z.enum(CAMERA_STATUSES);
export type CameraStatusValue = z.infer<typeof cameraStatusValueSchema>;

export const MAX_CAMERAS_PER_BATCH = 500;

export const cameraStatusSchema = z.object({
  cameraId: idSchema,
  status: cameraStatusValueSchema,
  at: epochMsSchema,
});
export type CameraStatus = z.infer<typeof cameraStatusSchema>;

/** /ingest `camera:status` */
export const cameraMessageSchema = z.object({
  eventId: eventIdSchema,
  cameras: z.array(cameraStatusSchema).min(1).max(MAX_CAMERAS_PER_BATCH),
});
export type CameraMessage = z.infer<typeof cameraMessageSchema>;

/** Camera changes as a stored stream event. */
export const cameraEventSchema = z.object({
  kind: z.literal('camera'),
  at: epochMsSchema,
  cameras: z.array(cameraStatusSchema),
});
export type CameraEvent = z.infer<typeof cameraEventSchema>;

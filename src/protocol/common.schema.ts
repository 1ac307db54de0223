import { z } from 'zod';

// Shared wire primitives. Browser-safe: zod only, no Node imports.

/** Street, grid, staff, camera and incident ids: short, printable, no spaces. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
export const idSchema = z.string().regex(ID_PATTERN, 'id: 1-64 chars of [A-Za-z0-9_.:-]');
/** A center's own id for one event, echoed back on retry so the relay stores it exactly once. */
export const eventIdSchema = z.string().min(1).max(64);
/** Epoch milliseconds. Bounded so a garbage number cannot poison deadlines. */
export const EPOCH_MS_MIN = 946_684_800_000;
export const EPOCH_MS_MAX = 4_102_444_800_000;
export const epochMsSchema = z.number().int().min(EPOCH_MS_MIN).max(EPOCH_MS_MAX);
export const lngLatSchema = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export const noteSchema = z.string().max(500);

/** Scope of a token or a subscription: the whole district or one street id. */
export const DISTRICT_SCOPE = 'district';
export const scopeSchema = z.union([z.literal(DISTRICT_SCOPE), idSchema]);
export type Scope = z.infer<typeof scopeSchema>;

export const ROLES = ['center', 'display', 'officer', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Who caused a stored event: a center, an officer (by token subject) or the relay's own clock. */
export const actorSchema = z.object({
  role: z.enum(['center', 'officer', 'admin', 'relay']),
  id: z.string().max(64),
});
export type Actor = z.infer<typeof actorSchema>;

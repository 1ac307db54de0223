import { z } from 'zod';
import { INCIDENT_CATEGORIES, INCIDENT_SOURCES, PRIORITIES } from './categories.ts';
import { actorSchema, epochMsSchema, eventIdSchema, idSchema, lngLatSchema, noteSchema } from './common.schema.ts';

// Incidents on the wire: what a center reports, the lifecycle actions, and the incident state the
// relay pushes to walls. The closed loop (DOMAIN.md): reported → dispatched → arrived → handling →
// fed back → closed (then rated), with escalation (reinforcement requested) at any open step.

export const INCIDENT_STATUSES = ['reported', 'dispatched', 'arrived', 'handling', 'fed-back', 'closed'] as const;
export const incidentStatusSchema = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof incidentStatusSchema>;

export const TIMINGS = ['on-time', 'at-risk', 'overdue'] as const;
export const timingSchema = z.enum(TIMINGS);
export type Timing = z.infer<typeof timingSchema>;

/** The three response targets (DOMAIN.md, Jiangjin Shuangfu): 1 min, 5 min, 15 min. */
export const TARGET_KINDS = ['dispatch', 'arrival', 'reinforcement'] as const;
export const targetKindSchema = z.enum(TARGET_KINDS);
export type TargetKind = z.infer<typeof targetKindSchema>;

export const RESOLUTIONS = ['resolved', 'invalid', 'duplicate'] as const;
export const ESCALATION_LEVELS = ['street', 'district', 'joint'] as const; // joint = 联合执法

/** What a center sends to open an incident. */
export const incidentReportSchema = z.object({
  id: idSchema,
  streetId: idSchema,
  gridId: idSchema.nullable().default(null),
  category: z.enum(INCIDENT_CATEGORIES),
  title: z.string().min(1).max(120),
  description: z.string().max(2000).default(''),
  position: lngLatSchema.nullable().default(null),
  source: z.enum(INCIDENT_SOURCES).default('other'),
  priority: z.enum(PRIORITIES).default('normal'),
  /** When it was reported at the center; defaults to, and is never later than, the relay's clock. */
  reportedAt: epochMsSchema.optional(),
});
export type IncidentReport = z.infer<typeof incidentReportSchema>;

const staffIds = z.array(idSchema).min(1).max(20);
/** Lifecycle actions (everything after the report), discriminated by `action`. */
export const incidentActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('acknowledge'), note: noteSchema.optional() }),
  z.object({ action: z.literal('dispatch'), staffIds, note: noteSchema.optional() }),
  z.object({ action: z.literal('arrive'), staffIds: staffIds.optional(), note: noteSchema.optional() }),
  z.object({ action: z.literal('handle'), note: noteSchema.optional() }),
  z.object({ action: z.literal('feedback'), note: noteSchema }),
  z.object({
    action: z.literal('close'),
    resolution: z.enum(RESOLUTIONS).default('resolved'),
    note: noteSchema.optional(),
  }),
  z.object({ action: z.literal('rate'), rating: z.number().int().min(1).max(5), note: noteSchema.optional() }),
  z.object({
    action: z.literal('escalate'),
    level: z.enum(ESCALATION_LEVELS).default('joint'),
    note: noteSchema.optional(),
  }),
  z.object({ action: z.literal('reinforce'), staffIds: staffIds.optional(), note: noteSchema.optional() }),
]);
export type IncidentAction = z.infer<typeof incidentActionSchema>;
export type IncidentActionName = IncidentAction['action'];
export const INCIDENT_ACTIONS = [
  'acknowledge',
  'dispatch',
  'arrive',
  'handle',
  'feedback',
  'close',
  'rate',
  'escalate',
  'reinforce',
] as const satisfies readonly IncidentActionName[];
/** Officers on /live may do these (within their scope); centers may do all of them. */
export const OFFICER_ACTIONS: readonly IncidentActionName[] = ['acknowledge', 'dispatch', 'escalate', 'close'];

/** /ingest `incident:report` */
export const reportMessageSchema = z.object({ eventId: eventIdSchema, incident: incidentReportSchema });
export type ReportMessage = z.infer<typeof reportMessageSchema>;

/** /ingest `incident:update`: one lifecycle step for one incident of the center's street. */
export const updateMessageSchema = z.object({
  eventId: eventIdSchema,
  incidentId: idSchema,
  at: epochMsSchema.optional(),
  step: incidentActionSchema,
});
export type UpdateMessage = z.infer<typeof updateMessageSchema>;

/** /live `incident:act`: an officer's action; requestId plays the role of the eventId. */
export const actMessageSchema = z.object({
  requestId: eventIdSchema,
  incidentId: idSchema,
  step: incidentActionSchema,
});
export type ActMessage = z.infer<typeof actMessageSchema>;

export const historyEntrySchema = z.object({
  type: z.string(),
  at: epochMsSchema,
  by: actorSchema,
  note: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** The incident as the relay holds it and pushes it (each delta carries the whole, small, record). */
export const incidentSchema = z.object({
  id: idSchema,
  streetId: idSchema,
  gridId: idSchema.nullable(),
  category: z.enum(INCIDENT_CATEGORIES),
  title: z.string(),
  description: z.string(),
  position: lngLatSchema.nullable(),
  source: z.enum(INCIDENT_SOURCES),
  priority: z.enum(PRIORITIES),
  status: incidentStatusSchema,
  reportedAt: epochMsSchema,
  acknowledgedAt: epochMsSchema.nullable(),
  acknowledgedBy: z.string().nullable(),
  dispatchedAt: epochMsSchema.nullable(),
  assignees: z.array(idSchema),
  arrivedAt: epochMsSchema.nullable(),
  handlingAt: epochMsSchema.nullable(),
  fedBackAt: epochMsSchema.nullable(),
  feedback: z.string().nullable(),
  closedAt: epochMsSchema.nullable(),
  resolution: z.enum(RESOLUTIONS).nullable(),
  rating: z.number().int().min(1).max(5).nullable(),
  escalation: z
    .object({ level: z.enum(ESCALATION_LEVELS), at: epochMsSchema, reinforcedAt: epochMsSchema.nullable() })
    .nullable(),
  /** Worst state of the targets still running, by the relay's clock. */
  timing: timingSchema,
  /** Targets already missed (kept after the step is done, for the figures leaders look at). */
  missed: z.array(targetKindSchema),
  history: z.array(historyEntrySchema).max(64),
  updatedAt: epochMsSchema,
});
export type Incident = z.infer<typeof incidentSchema>;

/** A stored incident event as it travels in a delta: what happened plus the incident afterwards. */
export const incidentEventSchema = z.object({
  kind: z.literal('incident'),
  type: z.union([z.literal('report'), z.literal('timing'), z.enum(INCIDENT_ACTIONS)]),
  incidentId: idSchema,
  at: epochMsSchema,
  by: actorSchema,
  incident: incidentSchema,
});
export type IncidentEvent = z.infer<typeof incidentEventSchema>;

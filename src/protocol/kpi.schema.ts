import { z } from 'zod';
import type { IncidentCategory } from './categories.ts';
import { DISTRICT_SCOPE, scopeSchema } from './common.schema.ts';
import type { IncidentStatus } from './incident.schema.ts';

// GET /api/kpi?scope=&from=&to= — the figures leaders look at (DOMAIN.md), computed on the server
// from storage. Rules (server/kpi/kpi.compute.ts implements them, docs in docs/protocol.md):
// - the period selects incidents by reportedAt; figures are their state as of the request;
// - an on-time rate counts only decided cases: the step happened (on time if within its target:
//   dispatch 1 min after the report, arrival 5 min after dispatch, reinforcement 15 min after the
//   request) or its deadline has passed without it; a case closed before the step (invalid,
//   duplicate) does not count; a case still inside its window is pending;
// - 办结率 closedRate = closed ÷ received, both among the period's incidents;
// - 满意度 satisfaction = ratings of 4 or 5 ÷ ratings given;
// - trend: 24 hourly buckets ending at `to`: incidents reported and incidents closed in each hour
//   (closed counts cases reported up to 48 h before `to`).

const time = z.union([
  z.coerce.number().int().nonnegative(),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
]);
export const kpiQuerySchema = z
  .object({ scope: scopeSchema.default(DISTRICT_SCOPE), from: time.optional(), to: time.optional() })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.to - q.from <= 31 * 86_400_000, {
    message: 'at most 31 days',
    path: ['to'],
  });
export type KpiQuery = z.infer<typeof kpiQuerySchema>;

export interface OnTimeRate {
  onTime: number;
  late: number;
  /** still inside the window: not counted in the rate */
  pending: number;
  /** onTime ÷ (onTime + late); null when nothing is decided yet */
  rate: number | null;
}

export interface KpiFigures {
  received: number;
  byCategory: Partial<Record<IncidentCategory, number>>;
  byStage: Partial<Record<IncidentStatus, number>>;
  closed: number;
  closedRate: number | null;
  dispatch: OnTimeRate;
  arrival: OnTimeRate;
  reinforcement: OnTimeRate;
  satisfaction: { rated: number; satisfied: number; rate: number | null; mean: number | null };
}

export interface KpiTrendBucket {
  /** epoch ms of the bucket's start; each bucket is one hour */
  start: number;
  reported: number;
  closed: number;
}

export interface KpiResponse {
  scope: string;
  from: number;
  to: number;
  asOf: number;
  /** the whole scope (the district, or the one street) */
  total: KpiFigures;
  /** per street, for every street with incidents in the period */
  streets: Record<string, KpiFigures>;
  trend: KpiTrendBucket[];
}

/** The day leaders mean by "today": the district's local day (China Standard Time, UTC+8). */
export const DISTRICT_UTC_OFFSET_MS = 8 * 3600_000;
export function startOfLocalDay(t: number, offsetMs = DISTRICT_UTC_OFFSET_MS): number {
  return Math.floor((t + offsetMs) / 86_400_000) * 86_400_000 - offsetMs;
}

import { z } from 'zod';
import {
  areaIdSchema,
  easingSchema,
  kebabIdSchema,
  localizedSchema,
  problemsOf,
  selectionSchema,
  type FileProblem,
  type Parsed,
} from './scene.schema.ts';

// Briefing tours (src/scenes/tours/*.tour.json shipped, data/tours/*.json per district), in the
// spirit of KML's gx:Tour: a list of steps the presenter's clicker (PageDown/PageUp) walks through,
// or that an unattended wall plays on its own. A step may name a live selection ("the most overdue
// open incident") that is resolved when the step plays, not when the file is written.

export const TOUR_VERSION = 1;

/** The figures a step can point at on the KPI board (GET /api/kpi). */
export const KPI_KEYS = [
  'incidents-today',
  'dispatch-on-time',
  'arrival-on-time',
  'reinforcement-on-time',
  'closed-rate',
  'satisfaction',
  'trend-24h',
] as const;
export const kpiKeySchema = z.enum(KPI_KEYS);
export type KpiKey = z.infer<typeof kpiKeySchema>;

const focusOverride = z.union([areaIdSchema, z.object({ select: selectionSchema }).strict()], {
  error: 'expected an area id (S07, S07-C03-G12) or { "select": one of ' + selectionSchema.options.join(', ') + ' }',
});

export const tourStepSchema = z.discriminatedUnion(
  'type',
  [
    z
      .object({
        type: z.literal('fly-to-scene'),
        scene: kebabIdSchema,
        /** replaces the scene's own focus: a fixed area or a live selection */
        focus: focusOverride.optional(),
        durationS: z.number().min(0).max(60).optional(),
        easing: easingSchema.optional(),
      })
      .strict(),
    z.object({ type: z.literal('wait'), seconds: z.number().min(0).max(3600) }).strict(),
    z
      .object({
        type: z.literal('caption'),
        title: localizedSchema,
        text: localizedSchema,
        seconds: z.number().min(0).max(600).optional(),
      })
      .strict(),
    z
      .object({
        type: z.literal('highlight-kpi'),
        kpi: kpiKeySchema,
        scope: z.union([z.literal('district'), areaIdSchema]).default('district'),
        seconds: z.number().min(0).max(600).optional(),
      })
      .strict(),
    /** waits for the presenter even when the tour auto-advances */
    z.object({ type: z.literal('pause'), note: localizedSchema.optional() }).strict(),
  ],
  { error: 'expected a step type: fly-to-scene, wait, caption, highlight-kpi or pause' },
);
export type TourStep = z.infer<typeof tourStepSchema>;

/** Replay window for a step-less "what happened last night" tour (issue 13 plays it; schema only here). */
export const replayWindowSchema = z
  .object({
    /** ISO date-time, or relative to now: "-24h", "-90m" */
    from: z.union([z.iso.datetime({ offset: true }), z.string().regex(/^-\d{1,4}[hm]$/, 'expected "-24h" or "-90m"')]),
    to: z.union([z.iso.datetime({ offset: true }), z.literal('now')]).default('now'),
    speed: z.number().min(1).max(3600).default(60),
  })
  .strict();

export const tourSchema = z
  .object({
    version: z.literal(1, { error: 'expected version 1' }),
    id: kebabIdSchema,
    title: localizedSchema,
    /** the district this tour was written for (tours naming fixed ids are district-specific) */
    district: z.string().max(64).optional(),
    /** unattended walls: advance after each step's time, and start again at the end */
    autoAdvance: z.boolean().default(false),
    loop: z.boolean().default(false),
    /** seconds a step stays when auto-advancing and it names no time of its own */
    defaultStepS: z.number().min(1).max(600).default(8),
    replay: replayWindowSchema.optional(),
    steps: z.array(tourStepSchema).min(1).max(200),
  })
  .strict();
export type Tour = z.infer<typeof tourSchema>;

/**
 * Validates a tour file; `knownScenes` (when given) also checks every fly-to-scene names a scene the
 * library has, so a typo is refused at load rather than in front of the leaders.
 */
export function parseTour(raw: unknown, knownScenes?: ReadonlySet<string>): Parsed<Tour> {
  const r = tourSchema.safeParse(raw);
  const problems: FileProblem[] = r.success ? [] : problemsOf(r.error);
  if (knownScenes && typeof raw === 'object' && raw !== null && Array.isArray((raw as { steps?: unknown }).steps)) {
    (raw as { steps: unknown[] }).steps.forEach((s, n) => {
      const scene = (s as { type?: unknown; scene?: unknown } | null)?.scene;
      if (
        (s as { type?: unknown } | null)?.type === 'fly-to-scene' &&
        typeof scene === 'string' &&
        !knownScenes.has(scene)
      ) {
        problems.push({ path: `steps.${n}.scene`, message: `no scene "${scene}" in the library` });
      }
    });
  }
  if (!r.success || problems.length) return { ok: false, problems };
  return { ok: true, value: r.data };
}

/** GET /api/tours */
export interface TourListing {
  tours: (Tour & { source: 'built-in' | 'district'; file: string })[];
  refused: { file: string; problems: FileProblem[] }[];
}

import { z } from 'zod';
import { INCIDENT_CATEGORIES, PRIORITIES } from './categories.ts';
import { INCIDENT_STATUSES, TIMINGS } from './incident.schema.ts';

// Scene files (src/scenes/*.scene.json shipped, data/scenes/*.json per district): what the wall
// shows — camera, layers with their options, focus, side panels. They travel over GET /api/scenes,
// so the schema lives here where server and wall both read it. Version 2 is current; version 1
// files (the first wall's format) are migrated on load, never rewritten on disk.

export const SCENE_VERSION = 2;

/** One problem of a data file, as a JSON path ("camera.pitch", "layers.grids.visible") + message. */
export interface FileProblem {
  path: string;
  message: string;
}
export type Parsed<T> = { ok: true; value: T; migratedFrom?: number } | { ok: false; problems: FileProblem[] };

export const kebabIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'expected a kebab-case id (a-z, 0-9, -)');
/** District, street, community or grid: the levels the wall focuses on. */
export const areaIdSchema = z
  .string()
  .regex(
    /^(D\d+|S\d+(-C\d+(-G\d+)?)?)$/,
    'expected a district, street, community or grid id (D…, S07, S07-C03, S07-C03-G12)',
  );
export const localizedSchema = z.object({ 'zh-CN': z.string().min(1).max(200), en: z.string().min(1).max(200) });
export type Localized = z.infer<typeof localizedSchema>;

/** Selections resolved from live state when a scene or tour step plays (src/scenes/tour.select.ts). */
export const SELECTIONS = [
  'most-overdue-open-incident',
  'most-severe-open-incident',
  'street-most-incidents-today',
  'grid-most-open-incidents',
] as const;
export const selectionSchema = z.enum(SELECTIONS);
export type Selection = z.infer<typeof selectionSchema>;

export const EASINGS = ['linear', 'ease-in-out', 'ease-out'] as const;
export const easingSchema = z.enum(EASINGS);
export type Easing = z.infer<typeof easingSchema>;

export const SCENE_KINDS = ['overview', 'street', 'area', 'incident', 'hotspots', 'kpi'] as const;
export const PANELS = ['title-bar', 'kpi-board', 'incident-card', 'countdown', 'legend', 'grid-panel'] as const;
/** What an incident-focus camera keeps in view. */
export const FRAME_PARTS = ['incident', 'responders', 'cameras'] as const;

const heading = z.number().min(-360).max(360);
const pitch = z.number().min(-90).max(0);
const exactlyOne = (keys: readonly string[], what: string) => (v: Record<string, unknown>, ctx: z.RefinementCtx) => {
  const set = keys.filter((k) => v[k] !== undefined);
  if (set.length !== 1)
    ctx.addIssue({
      code: 'custom',
      message: `${what}: give exactly one of ${keys.join(', ')} (got ${set.length ? set.join(', ') : 'none'})`,
    });
};

// One object with optional alternatives instead of z.union: a union would report "invalid input"
// for the whole camera, where an operator needs to be told which field is wrong.
export const sceneCameraSchema = z
  .object({
    fit: z.literal('focus').optional(),
    position: z
      .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().positive().max(1e7)])
      .optional(),
    heading: heading.default(0),
    pitch: pitch.default(-50),
    /** fit only: >1 backs off, <1 closes in */
    rangeScale: z.number().min(0.2).max(5).optional(),
  })
  .strict()
  .superRefine(exactlyOne(['fit', 'position'], 'camera'));
export type SceneCamera = z.infer<typeof sceneCameraSchema>;

export const sceneFocusSchema = z
  .object({
    level: z.literal('district').optional(),
    id: areaIdSchema.optional(),
    incident: z.string().min(1).max(64).optional(),
    select: selectionSchema.optional(),
  })
  .strict()
  .superRefine(exactlyOne(['level', 'id', 'incident', 'select'], 'focus'));
export type SceneFocus = z.infer<typeof sceneFocusSchema>;

/** Filters any live layer understands; every field narrows (absent = everything). */
export const layerFilterSchema = z
  .object({
    timing: z.array(z.enum(TIMINGS)).min(1).optional(),
    status: z.array(z.enum(INCIDENT_STATUSES)).min(1).optional(),
    categories: z.array(z.enum(INCIDENT_CATEGORIES)).min(1).optional(),
    priority: z.array(z.enum(PRIORITIES)).min(1).optional(),
    openOnly: z.boolean().optional(),
  })
  .strict();
export type LayerFilter = z.infer<typeof layerFilterSchema>;

/** Known options are typed; anything else is the layer's own business (it validates what it reads). */
export const layerOptionsSchema = z.looseObject({
  filter: layerFilterSchema.optional(),
  metric: z.enum(['density', 'incidents-open', 'incidents-overdue']).optional(),
  level: z.enum(['street', 'community', 'grid']).optional(),
  windowHours: z.number().min(0.5).max(72).optional(),
  density: z.boolean().optional(),
  arcs: z.boolean().optional(),
});
export const sceneLayerSchema = z
  .object({ visible: z.boolean().default(true), options: layerOptionsSchema.default({}) })
  .strict();
export type SceneLayerV2 = z.infer<typeof sceneLayerSchema>;

export const flightSchema = z
  .object({ durationS: z.number().min(0).max(60).default(2), easing: easingSchema.default('ease-in-out') })
  .strict();

export const sceneV2Schema = z
  .object({
    version: z.literal(2),
    id: kebabIdSchema,
    kind: z.enum(SCENE_KINDS),
    title: localizedSchema,
    camera: sceneCameraSchema,
    focus: sceneFocusSchema,
    layers: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'expected a layer id'), sceneLayerSchema),
    flight: flightSchema.default({ durationS: 2, easing: 'ease-in-out' }),
    panels: z.array(z.enum(PANELS)).max(PANELS.length).default([]),
    frame: z.array(z.enum(FRAME_PARTS)).min(1).optional(),
    /** seconds the wall stays on this scene when auto-focus brought it here */
    holdS: z.number().min(5).max(3600).optional(),
  })
  .strict();
export type WallSceneV2 = z.infer<typeof sceneV2Schema>;
export type WallScene = WallSceneV2;

/** Version 1: the first wall's format (ADR 0001): layer options inline, durationS at the top. */
export const sceneV1Schema = z
  .object({
    version: z.literal(1),
    id: kebabIdSchema,
    title: z.object({ 'zh-CN': z.string().optional(), en: z.string().optional() }).optional(),
    camera: sceneCameraSchema,
    layers: z.record(z.string(), z.looseObject({ visible: z.boolean().optional() })),
    focus: z
      .object({ level: z.literal('district').optional(), id: areaIdSchema.optional() })
      .strict()
      .superRefine(exactlyOne(['level', 'id'], 'focus')),
    durationS: z.number().min(0).max(30).optional(),
  })
  .strict();
export type WallSceneV1 = z.infer<typeof sceneV1Schema>;

export function migrateSceneV1(v1: WallSceneV1): z.input<typeof sceneV2Schema> {
  const layers: Record<string, { visible: boolean; options: Record<string, unknown> }> = {};
  for (const [id, { visible, ...options }] of Object.entries(v1.layers))
    layers[id] = { visible: visible !== false, options };
  const zh = v1.title?.['zh-CN'] ?? v1.title?.en ?? v1.id;
  const focusLevel = v1.focus.id === undefined ? 'district' : /^S\d+$/.test(v1.focus.id) ? 'street' : 'area';
  return {
    version: 2,
    id: v1.id,
    kind: focusLevel === 'district' ? 'overview' : focusLevel,
    title: { 'zh-CN': zh, en: v1.title?.en ?? zh },
    camera: v1.camera,
    focus: v1.focus.id === undefined ? { level: 'district' } : { id: v1.focus.id },
    layers,
    // v1 flights were linear jumps or glides; keep the duration, use the v2 default easing
    flight: { durationS: v1.durationS ?? 0, easing: 'ease-in-out' },
    panels: [],
  };
}

export function problemsOf(error: z.ZodError, prefix: readonly (string | number)[] = []): FileProblem[] {
  return error.issues.map((i) => ({
    path: [...prefix, ...i.path].map(String).join('.') || '(file)',
    message: i.message,
  }));
}

const versionOnly = z.object({ version: z.union([z.literal(1), z.literal(2)], { error: 'expected version 1 or 2' }) });

/** Validates a scene file of any known version and migrates it to the current one. */
export function parseScene(raw: unknown): Parsed<WallSceneV2> {
  const v = versionOnly.safeParse(raw);
  if (!v.success) return { ok: false, problems: problemsOf(v.error) };
  if (v.data.version === 2) {
    const r = sceneV2Schema.safeParse(raw);
    return r.success ? { ok: true, value: r.data } : { ok: false, problems: problemsOf(r.error) };
  }
  const r1 = sceneV1Schema.safeParse(raw);
  if (!r1.success) return { ok: false, problems: problemsOf(r1.error) };
  const r2 = sceneV2Schema.safeParse(migrateSceneV1(r1.data));
  return r2.success ? { ok: true, value: r2.data, migratedFrom: 1 } : { ok: false, problems: problemsOf(r2.error) };
}

/** GET /api/scenes */
export interface SceneListing {
  scenes: (WallSceneV2 & { source: 'built-in' | 'district'; file: string })[];
  refused: { file: string; problems: FileProblem[] }[];
}

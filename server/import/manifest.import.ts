// The import manifest: which file holds which level, which fields name things, which coordinate
// system. Paths are relative to the manifest. Everything except one level is optional.

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

const fileEntry = {
  file: z.string().min(1),
  encoding: z.string().optional(),
  /** overrides the manifest's crs for this file (e.g. a Gaode export among CGCS2000 files) */
  crs: z.string().optional(),
};

const levelEntry = z.object({
  ...fileEntry,
  id: z.string().optional(),
  name: z.string().optional(),
  /** parent id field; without it parents are found by containment */
  parent: z.string().optional(),
  population: z.string().optional(),
  households: z.string().optional(),
});

const buildingsEntry = z.object({
  ...fileEntry,
  id: z.string().optional(),
  name: z.string().optional(),
  height: z.string().optional(),
  floors: z.string().optional(),
  /** metres per storey when only floors are known */
  storeyHeight: z.number().positive().default(3),
  /** used when a footprint has neither height nor floors; absent means such footprints are skipped */
  defaultHeight: z.number().positive().optional(),
});

const pointsEntry = z.object({ ...fileEntry });

export const manifestSchema = z
  .object({
    name: z.string().min(1),
    nameEn: z.string().optional(),
    /** district code, e.g. 500114 (the administrative division code); digits only */
    code: z
      .string()
      .regex(/^\d{1,12}$/)
      .optional(),
    out: z.string().min(1),
    crs: z.string().default('auto'),
    levels: z
      .object({
        district: levelEntry.optional(),
        street: levelEntry.optional(),
        community: levelEntry.optional(),
        grid: levelEntry.optional(),
        microgrid: levelEntry.optional(),
      })
      .refine((l) => Object.values(l).some(Boolean), 'at least one level is needed'),
    buildings: buildingsEntry.optional(),
    cameras: pointsEntry.optional(),
    staff: pointsEntry.optional(),
    /** a DEM GeoTIFF: becomes the wall's terrain */
    dem: z.object({ file: z.string().min(1), crs: z.string().optional() }).optional(),
  })
  .strict();

export type Manifest = z.infer<typeof manifestSchema>;
export type LevelEntry = z.infer<typeof levelEntry>;
export type BuildingsEntry = z.infer<typeof buildingsEntry>;
export type LevelName = 'district' | 'street' | 'community' | 'grid' | 'microgrid';
export const LEVEL_ORDER: readonly LevelName[] = ['district', 'street', 'community', 'grid', 'microgrid'];

export interface LoadedManifest {
  manifest: Manifest;
  /** the manifest's folder: file paths are relative to it */
  baseDir: string;
  /** absolute output folder, the server's GRIDWALL_DATA_DIR: like that variable it is relative to
   * the folder npm runs in (the repository root), not to the manifest */
  outDir: string;
  path: (file: string) => string;
}

export function parseManifest(json: unknown, baseDir: string): LoadedManifest {
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(manifest)'}: ${i.message}`);
    throw new Error(`manifest is not valid:\n${lines.join('\n')}`);
  }
  const manifest = parsed.data;
  const path = (file: string) => (isAbsolute(file) ? file : resolve(baseDir, file));
  return { manifest, baseDir, outDir: resolve(manifest.out), path };
}

export function loadManifest(file: string, overrides: { out?: string } = {}): LoadedManifest {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (overrides.out) json.out = overrides.out;
  return parseManifest(json, dirname(resolve(file)));
}

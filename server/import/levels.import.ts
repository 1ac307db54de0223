// Reads each boundary level of the manifest into checked units: names and ids from the named (or
// usual) fields, geometry checked per feature, duplicates dropped. Parents are linked afterwards
// (parents.import.ts), once every level is known.

import type { LngLat, PolygonCoords } from '../../src/domain/district.types.ts';
import { bboxOfPolygon, type BBox } from '../../src/domain/geo.ts';
import { labelPointOf } from './label.import.ts';
import type { LevelEntry, LevelName, LoadedManifest } from './manifest.import.ts';
import { ID_FIELDS, NAME_FIELDS, pickField, readSource } from './source.reader.ts';
import { closeRing, describeFeature, geometryProblems, type Problem } from './validate.import.ts';

export const LEVEL_ZH: Record<LevelName, string> = {
  district: '区县',
  street: '街道/乡镇',
  community: '社区/村',
  grid: '网格',
  microgrid: '微网格',
};

export interface SourceUnit {
  level: LevelName;
  /** the district's own id (code) for the unit, if the file has one */
  srcId: string | null;
  name: string;
  /** value of the manifest's parent field, if any */
  parentRef: string | null;
  polygon: PolygonCoords;
  center: LngLat;
  bbox: BBox;
  population: number | null;
  households: number | null;
  /** how the report names it */
  label: string;
  file: string;
  /** set when the importer made the unit up to fill a level the district did not give */
  placeholder?: boolean;
}

export interface LevelRead {
  units: SourceUnit[];
  crs: string;
  encoding: string;
  read: number;
}

function numberField(props: Record<string, unknown>, field: string | undefined): number | null {
  if (!field) return null;
  const v = Number(props[field]);
  return Number.isFinite(v) && v >= 0 ? Math.round(v) : null;
}

export function readLevel(level: LevelName, entry: LevelEntry, m: LoadedManifest, problems: Problem[]): LevelRead {
  const path = m.path(entry.file);
  const src = readSource(path, { crs: entry.crs ?? m.manifest.crs, encoding: entry.encoding });
  const seen = new Set<string>();
  const units: SourceUnit[] = [];
  for (const f of src.features) {
    const srcId = pickField(f.props, entry.id, ID_FIELDS);
    let name = pickField(f.props, entry.name, NAME_FIELDS);
    const label = describeFeature(f.index, srcId, name);
    const report = (code: Problem['code'], severity: Problem['severity'], message: string) =>
      problems.push({ file: entry.file, level, feature: label, code, severity, message });
    const geo = geometryProblems(f.rings);
    for (const g of geo) report(g.code, 'error', g.message);
    if (geo.length > 0) continue;
    if (srcId !== null) {
      if (seen.has(srcId)) {
        report(
          'duplicate-id',
          'error',
          `id ${srcId} is used by an earlier ${LEVEL_ZH[level]} in this file; this one is skipped`,
        );
        continue;
      }
      seen.add(srcId);
    }
    if (name === null) {
      name = `${LEVEL_ZH[level]}${srcId ?? f.index}`;
      report(
        'missing-name',
        'warning',
        `has no name (fields tried: ${entry.name ?? NAME_FIELDS.join(', ')}); shown as "${name}"`,
      );
    }
    if (f.parts > 1) report('multi-part', 'warning', `has ${f.parts} polygon parts; only the largest is kept`);
    const polygon = f.rings.map(closeRing) as PolygonCoords;
    units.push({
      level,
      srcId,
      name,
      parentRef: entry.parent ? pickField(f.props, entry.parent, []) : null,
      polygon,
      center: labelPointOf(polygon),
      bbox: bboxOfPolygon(polygon),
      population: numberField(f.props, entry.population),
      households: numberField(f.props, entry.households),
      label,
      file: entry.file,
    });
  }
  return { units, crs: src.crsLabel, encoding: src.encoding, read: src.features.length };
}

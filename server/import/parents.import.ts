// Links the levels into one tree: each unit's parent by the manifest's parent-id field or, without
// one, by containment of its label point. Levels the district did not give are filled with one
// stand-in per parent (same outline and name), because the wall drills district -> street ->
// community -> grid and every id encodes that path (S07-C03-G12).

import { union, featureCollection, polygon as turfPolygon, convex, points } from '@turf/turf';
import type { PolygonCoords } from '../../src/domain/district.types.ts';
import { bboxOfPolygon } from '../../src/domain/geo.ts';
import { labelPointOf } from './label.import.ts';
import { LEVEL_ZH, type SourceUnit } from './levels.import.ts';
import type { LevelName } from './manifest.import.ts';
import { BoxIndex, containing } from './spatial.import.ts';
import { candidatePairs, outsideByM, overlapDepthM, type Problem } from './validate.import.ts';

export interface TreeUnit extends SourceUnit {
  id: string;
  parent: TreeUnit | null;
}

export interface Tree {
  district: TreeUnit;
  street: TreeUnit[];
  community: TreeUnit[];
  grid: TreeUnit[];
  microgrid: TreeUnit[];
  /** levels made of stand-ins */
  filled: LevelName[];
}

/** Metres a child may stray past its parent's outline before it is reported. */
export const OUTSIDE_TOLERANCE_M = 30;
/** Metres two siblings may reach into each other (digitising slack) before it is reported. */
export const OVERLAP_TOLERANCE_M = 10;

const CHILD_LEVELS = ['street', 'community', 'grid', 'microgrid'] as const;
const PREFIX: Record<(typeof CHILD_LEVELS)[number], string> = {
  street: 'S',
  community: 'C',
  grid: 'G',
  microgrid: 'M',
};

function outlineOf(units: SourceUnit[]): PolygonCoords {
  const polys = units.map((u) => turfPolygon(u.polygon));
  try {
    const u = polys.length === 1 ? polys[0] : union(featureCollection(polys));
    if (u?.geometry.type === 'Polygon') return u.geometry.coordinates as PolygonCoords;
    if (u?.geometry.type === 'MultiPolygon') {
      // islands: keep the outline of the largest piece (the district's label and camera frame)
      const parts = u.geometry.coordinates as PolygonCoords[];
      return parts.reduce((a, b) => (b[0].length > a[0].length ? b : a)).map((r) => r) as PolygonCoords;
    }
  } catch {
    /* fall back to the hull below */
  }
  const hull = convex(points(units.flatMap((u) => u.polygon[0])));
  return hull!.geometry.coordinates as PolygonCoords;
}

export function linkTree(
  given: Partial<Record<LevelName, SourceUnit[]>>,
  meta: { districtId: string; name: string },
  problems: Problem[],
): Tree {
  const district = pickDistrict(given, meta, problems);
  const tree: Tree = { district, street: [], community: [], grid: [], microgrid: [], filled: [] };
  let lastGiven: { level: LevelName; units: TreeUnit[] } = { level: 'district', units: [district] };
  const upperOf: Record<string, TreeUnit[]> = { district: [district] };
  // for stand-in levels: the stand-in child of each unit above
  const standIn = new Map<TreeUnit, TreeUnit>();
  let above: LevelName = 'district';
  for (const level of CHILD_LEVELS) {
    const units = given[level];
    if (!units) {
      if (level === 'microgrid') break;
      tree.filled.push(level);
      tree[level] = upperOf[above].map((p) => {
        const u: TreeUnit = {
          ...p,
          level,
          srcId: null,
          parentRef: null,
          population: null,
          households: null,
          label: `${LEVEL_ZH[level]} for ${p.label}`,
          placeholder: true,
          id: '',
          parent: p,
        };
        standIn.set(p, u);
        return u;
      });
    } else {
      const findParent = parentFinder(level, lastGiven, problems);
      const linked: TreeUnit[] = [];
      for (const s of units) {
        let p = findParent(s);
        if (!p) continue;
        while (p.level !== above) p = standIn.get(p)!;
        linked.push({ ...s, id: '', parent: p });
      }
      tree[level] = linked;
      lastGiven = { level, units: linked };
      reportOverlaps(level, linked, problems);
    }
    upperOf[level] = tree[level];
    above = level;
  }
  assignIds(tree);
  return tree;
}

function pickDistrict(
  given: Partial<Record<LevelName, SourceUnit[]>>,
  meta: { districtId: string; name: string },
  problems: Problem[],
): TreeUnit {
  const d = given.district;
  if (d && d.length > 0) {
    for (const extra of d.slice(1)) {
      problems.push({
        file: extra.file,
        level: 'district',
        feature: extra.label,
        code: 'bad-value',
        severity: 'warning',
        message: 'a second district outline; only the first is used',
      });
    }
    return { ...d[0], id: meta.districtId, parent: null, name: meta.name };
  }
  const top = CHILD_LEVELS.map((l) => given[l]).find((u) => u && u.length > 0) ?? [];
  const polygon = outlineOf(top);
  return {
    level: 'district',
    srcId: null,
    name: meta.name,
    parentRef: null,
    polygon,
    center: labelPointOf(polygon),
    bbox: bboxOfPolygon(polygon),
    population: null,
    households: null,
    label: meta.name,
    file: '(outline of the top level)',
    placeholder: true,
    id: meta.districtId,
    parent: null,
  };
}

function parentFinder(level: LevelName, upper: { level: LevelName; units: TreeUnit[] }, problems: Problem[]) {
  const bySrc = new Map(upper.units.filter((u) => u.srcId !== null).map((u) => [u.srcId as string, u]));
  const index = BoxIndex.forBoxes<TreeUnit>(upper.units.map((u) => u.bbox));
  for (const u of upper.units) index.insert(u.bbox, u);
  return (s: SourceUnit): TreeUnit | null => {
    const report = (code: Problem['code'], severity: Problem['severity'], message: string) =>
      problems.push({ file: s.file, level, feature: s.label, code, severity, message });
    if (s.parentRef !== null) {
      const p = bySrc.get(s.parentRef as string);
      if (!p) {
        report('no-parent', 'error', `parent id ${s.parentRef} is not among the ${LEVEL_ZH[upper.level]} read`);
        return null;
      }
      const out = outsideByM(s.polygon, p.polygon);
      if (out > OUTSIDE_TOLERANCE_M) {
        report(
          'outside-parent',
          'error',
          `lies up to ${Math.round(out)} m outside its parent ${p.label} (tolerance ${OUTSIDE_TOLERANCE_M} m)`,
        );
        return null;
      }
      return p;
    }
    const p = containing(index, s.center);
    if (!p) {
      report(
        'no-parent',
        'error',
        `lies in no ${LEVEL_ZH[upper.level]} (its label point ${s.center.join(', ')} is outside all of them)`,
      );
      return null;
    }
    const out = outsideByM(s.polygon, p.polygon);
    if (out > OUTSIDE_TOLERANCE_M)
      report(
        'outside-parent',
        'warning',
        `reaches up to ${Math.round(out)} m outside its parent ${p.label} (found by containment; kept)`,
      );
    return p;
  };
}

function reportOverlaps(level: LevelName, units: TreeUnit[], problems: Problem[]): void {
  const byParent = new Map<TreeUnit | null, TreeUnit[]>();
  for (const u of units) byParent.set(u.parent, [...(byParent.get(u.parent) ?? []), u]);
  for (const sibs of byParent.values()) {
    for (const [a, b] of candidatePairs(sibs.map((u) => u.bbox))) {
      const depth = overlapDepthM(sibs[a].polygon, sibs[b].polygon);
      if (depth > OVERLAP_TOLERANCE_M) {
        problems.push({
          file: sibs[b].file,
          level,
          feature: sibs[b].label,
          code: 'overlaps-sibling',
          severity: 'warning',
          message: `overlaps its sibling ${sibs[a].label} by up to ${Math.round(depth)} m`,
        });
      }
    }
  }
}

function assignIds(tree: Tree): void {
  for (const level of CHILD_LEVELS) {
    const counter = new Map<TreeUnit | null, number>();
    const perParent = new Map<TreeUnit | null, number>();
    for (const u of tree[level]) perParent.set(u.parent, (perParent.get(u.parent) ?? 0) + 1);
    for (const u of tree[level]) {
      const n = (counter.get(u.parent) ?? 0) + 1;
      counter.set(u.parent, n);
      const width = Math.max(2, String(perParent.get(u.parent)).length);
      const own = `${PREFIX[level]}${String(n).padStart(width, '0')}`;
      u.id = level === 'street' ? own : `${u.parent!.id}-${own}`;
    }
  }
}

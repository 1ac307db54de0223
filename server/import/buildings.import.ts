// Building footprints -> the contract's Building[] and the urban patches the tile builder frames
// them in. Height from the height field, else floors × storey height, else the manifest's default;
// a footprint with none of these is skipped (a guessed height would be an invented figure).

import { convex, points } from '@turf/turf';
import type { Building, BuildingUse, LngLat, Ring, UrbanPatch } from '../../src/domain/district.types.ts';
import { polygonAreaKm2 } from '../../src/domain/geo.ts';
import type { LoadedManifest } from './manifest.import.ts';
import type { TreeUnit } from './parents.import.ts';
import { ID_FIELDS, NAME_FIELDS, pickField, readSource } from './source.reader.ts';
import { containing, type BoxIndex } from './spatial.import.ts';
import { closeRing, describeFeature, geometryProblems, type Problem } from './validate.import.ts';

/** Patch cells: buildings are framed per ~3 km cell, the size ADR 0002 keeps float32 exact in. */
const CELL_DEG = 0.03;

const USE: [RegExp, BuildingUse][] = [
  [/school|学校|教育|幼儿园/i, 'school'],
  [/hospital|医院|卫生/i, 'hospital'],
  [/gov|政府|机关|党政/i, 'government'],
  [/industr|工业|厂/i, 'industry'],
  [/shop|commerc|商业|商铺|商服/i, 'shop'],
  [/resid|住宅|居住/i, 'residential'],
];

export interface BuildingsImport {
  buildings: Building[];
  patches: UrbanPatch[];
  read: number;
  crs: string;
  encoding: string;
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

export function importBuildings(
  m: LoadedManifest,
  grids: BoxIndex<TreeUnit>,
  micro: BoxIndex<TreeUnit> | null,
  problems: Problem[],
): BuildingsImport {
  const entry = m.manifest.buildings!;
  const src = readSource(m.path(entry.file), { crs: entry.crs ?? m.manifest.crs, encoding: entry.encoding });
  const kept: { b: Omit<Building, 'patchId'>; cell: string; street: TreeUnit }[] = [];
  for (const f of src.features) {
    const srcId = pickField(f.props, entry.id, ID_FIELDS);
    const name = pickField(f.props, entry.name, NAME_FIELDS);
    const label = describeFeature(f.index, srcId, name);
    const report = (code: Problem['code'], message: string) =>
      problems.push({ file: entry.file, level: 'building', feature: label, code, severity: 'error', message });
    const geo = geometryProblems(f.rings);
    if (geo.length > 0) {
      for (const g of geo) report(g.code, g.message);
      continue;
    }
    const heightField = entry.height ? Number(f.props[entry.height]) : NaN;
    const floorsField = entry.floors ? Number(f.props[entry.floors]) : NaN;
    let height =
      heightField > 0 ? heightField : floorsField > 0 ? floorsField * entry.storeyHeight : (entry.defaultHeight ?? NaN);
    if (!(height > 0 && height < 1000)) {
      report(
        'bad-value',
        `has no usable height (${entry.height ?? '-'} = ${String(f.props[entry.height ?? ''] ?? '')}, ${entry.floors ?? '-'} = ${String(f.props[entry.floors ?? ''] ?? '')})`,
      );
      continue;
    }
    height = Math.round(height * 10) / 10;
    const footprint = closeRing(f.rings[0]).map(([x, y]) => [r6(x), r6(y)]) as Ring;
    const c = centroidOf(footprint);
    const grid = containing(grids, c);
    if (!grid) {
      report('no-parent', `lies in no grid (centroid ${c.map((v) => v.toFixed(6)).join(', ')})`);
      continue;
    }
    const community = grid.parent!;
    const street = community.parent!;
    const useText = pickField(f.props, undefined, ['use', 'USE', '用途', 'YT', 'type', 'TYPE']) ?? '';
    kept.push({
      b: {
        id: `B${String(kept.length + 1).padStart(6, '0')}`,
        name: name ?? `${grid.name}${srcId ?? f.index}号建筑`,
        address: pickField(f.props, undefined, ['address', 'ADDRESS', '地址', 'DZ']) ?? '',
        use: USE.find(([re]) => re.test(useText))?.[1] ?? 'residential',
        floors: floorsField > 0 ? Math.round(floorsField) : Math.max(1, Math.round(height / entry.storeyHeight)),
        height,
        households: 0,
        footprint,
        streetId: street.id,
        communityId: community.id,
        gridId: grid.id,
        microGridId: micro ? (containing(micro, c)?.id ?? null) : null,
      },
      cell: `${Math.floor(c[0] / CELL_DEG)}:${Math.floor(c[1] / CELL_DEG)}`,
      street,
    });
  }
  // Patches in a fixed order (by cell), so the same input always gives the same ids and tiles.
  const cells = [...new Set(kept.map((k) => k.cell))].sort();
  const patchOf = new Map(cells.map((c, i) => [c, `P${String(i + 1).padStart(2, '0')}`]));
  const buildings: Building[] = kept.map((k) => ({ ...k.b, patchId: patchOf.get(k.cell)! }));
  const patches: UrbanPatch[] = cells.map((cell) => {
    const members = kept.filter((k) => k.cell === cell);
    const hull = convex(points(members.flatMap((k) => k.b.footprint)));
    const polygon = (hull?.geometry.coordinates ?? [members[0].b.footprint]) as LngLat[][];
    const id = patchOf.get(cell)!;
    const street = members[0].street;
    return {
      id,
      name: `${street.name}建成区${id}`,
      nameEn: `${street.name} built-up ${id}`,
      kind: 'town-seat',
      streetId: street.id,
      polygon,
      areaKm2: r6(polygonAreaKm2(polygon)),
    };
  });
  return { buildings, patches, read: src.features.length, crs: src.crsLabel, encoding: src.encoding };
}

function centroidOf(ring: Ring): LngLat {
  const n = ring.length - 1;
  let x = 0;
  let y = 0;
  for (let i = 0; i < n; i++) {
    x += ring[i][0];
    y += ring[i][1];
  }
  return [x / n, y / n];
}

// The linked tree, buildings, cameras and staff -> the same files the demo generator writes
// (src/domain/district.types.ts), so the server, the tile builder and the wall need no second
// path. What the district's files do not hold is written as 0 and named in summary.missing.

import type {
  AreaUnit,
  Building,
  Camera,
  Community,
  DistrictSummary,
  DistrictUnit,
  Grid,
  GridKind,
  GridProfile,
  Hierarchy,
  MicroGrid,
  Staff,
  Street,
  UrbanPatch,
} from '../../src/domain/district.types.ts';
import { bboxOfPolygon, polygonAreaKm2 } from '../../src/domain/geo.ts';
import type { Tree, TreeUnit } from './parents.import.ts';

export interface Assembled {
  hierarchy: Hierarchy;
  microgrids: MicroGrid[];
  summary: DistrictSummary;
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

function unitOf(u: TreeUnit, population: number, households: number): AreaUnit {
  return {
    id: u.id,
    level: u.level,
    parentId: u.parent?.id ?? null,
    name: u.name,
    nameEn: u.name,
    center: u.center,
    polygon: u.polygon,
    areaKm2: r6(polygonAreaKm2(u.polygon)),
    population,
    households,
    ...(u.srcId !== null && !u.placeholder ? { sourceId: u.srcId } : {}),
  };
}

function streetKind(name: string): Street['kind'] {
  return /街道$|办事处$/.test(name) ? 'street' : /乡$/.test(name) ? 'township' : 'town';
}

function emptyProfile(buildings: number, cameras: number, population: number, households: number): GridProfile {
  return {
    people: { population, households, registered: 0, floating: 0, elderly: 0, keyCare: 0 },
    events: { last30Days: 0, resolved30Days: 0, disputes30Days: 0 },
    places: { total: 0, byKind: {} },
    things: { buildings, cameras, hazards: 0, fireHydrants: 0 },
    situation: { satisfaction: 0, securitySense: 0, riskLevel: 'low' },
    organizations: { total: 0, partyBranches: 0, mediationRooms: 0, propertyCompanies: 0, volunteerTeams: 0 },
  };
}

/** Figures an import never has: the wall must show them as missing. */
const ALWAYS_MISSING = [
  'profile.people.registered',
  'profile.people.floating',
  'profile.people.elderly',
  'profile.people.keyCare',
  'profile.events',
  'profile.places',
  'profile.things.hazards',
  'profile.things.fireHydrants',
  'profile.situation',
  'profile.organizations',
  'microgrid.headName',
  'building.households',
];

export function assembleImport(
  meta: { districtId: string; name: string; nameEn: string },
  tree: Tree,
  buildings: Building[],
  patches: UrbanPatch[],
  cameras: Camera[],
  staff: Staff[],
): Assembled {
  const count = <T>(items: T[], key: (t: T) => string) => {
    const m = new Map<string, number>();
    for (const it of items) m.set(key(it), (m.get(key(it)) ?? 0) + 1);
    return m;
  };
  const buildingsByGrid = count(buildings, (b) => b.gridId);
  const camerasByGrid = count(cameras, (c) => c.gridId);
  const workerOf = new Map<string, string>();
  for (const s of staff) if (s.role === 'grid-worker' && !workerOf.has(s.gridId)) workerOf.set(s.gridId, s.id);

  // People figures come from the lowest level that has them; parents are sums of their children
  // only when every child has them, else the parent's own field (if any).
  const hasPeople = tree.grid.length > 0 && tree.grid.every((g) => g.population !== null);
  const sums = new Map<TreeUnit, { population: number; households: number; complete: boolean }>();
  const own = (u: TreeUnit) => ({
    population: u.population ?? 0,
    households: u.households ?? 0,
    complete: u.population !== null,
  });
  for (const level of ['grid', 'community', 'street'] as const) {
    for (const u of tree[level]) {
      const s = sums.get(u) ?? { population: 0, households: 0, complete: true };
      const v = u.population !== null ? own(u) : s;
      sums.set(u, v);
      const p = u.parent!;
      const ps = sums.get(p) ?? { population: 0, households: 0, complete: true };
      sums.set(p, {
        population: ps.population + v.population,
        households: ps.households + v.households,
        complete: ps.complete && v.complete,
      });
    }
  }
  const people = (u: TreeUnit) => sums.get(u) ?? own(u);

  const grids: Grid[] = tree.grid.map((g) => {
    const community = g.parent!;
    const p = people(g);
    const urban = !/村$/.test(community.name);
    const kind: GridKind = urban ? 'residential' : 'rural';
    return {
      ...(unitOf(g, p.population, p.households) as AreaUnit & { level: 'grid' }),
      kind,
      urban,
      streetId: community.parent!.id,
      communityId: community.id,
      workerId: workerOf.get(g.id) ?? '',
      profile: emptyProfile(buildingsByGrid.get(g.id) ?? 0, camerasByGrid.get(g.id) ?? 0, p.population, p.households),
    };
  });
  const communities: Community[] = tree.community.map((c) => {
    const p = people(c);
    const village = /村$/.test(c.name);
    return {
      ...(unitOf(c, p.population, p.households) as AreaUnit & { level: 'community' }),
      kind: village ? 'village' : 'community',
      urban: !village,
    };
  });
  const streets: Street[] = tree.street.map((s) => {
    const p = people(s);
    return { ...(unitOf(s, p.population, p.households) as AreaUnit & { level: 'street' }), kind: streetKind(s.name) };
  });
  const dp = people(tree.district);
  const district = {
    ...unitOf(tree.district, dp.population, dp.households),
    name: meta.name,
    nameEn: meta.nameEn,
  } as DistrictUnit;
  const buildingIdsOf = new Map<string, string[]>();
  for (const b of buildings)
    if (b.microGridId) buildingIdsOf.set(b.microGridId, [...(buildingIdsOf.get(b.microGridId) ?? []), b.id]);
  const microgrids: MicroGrid[] = tree.microgrid.map((m) => ({
    ...(unitOf(m, m.population ?? 0, m.households ?? 0) as AreaUnit & { level: 'microgrid' }),
    gridId: m.parent!.id,
    buildingIds: buildingIdsOf.get(m.id) ?? [],
    headName: '',
  }));

  const missing = [...ALWAYS_MISSING];
  if (!hasPeople) missing.unshift('population', 'households', 'profile.people.population', 'profile.people.households');
  if (staff.length === 0) missing.push('grid.workerId');
  const summary: DistrictSummary = {
    id: meta.districtId,
    name: meta.name,
    nameEn: meta.nameEn,
    center: district.center,
    bbox: bboxOfPolygon(district.polygon),
    streets: streets.length,
    communities: communities.length,
    grids: grids.length,
    microGrids: microgrids.length,
    buildings: buildings.length,
    cameras: cameras.length,
    staff: staff.length,
    places: 0,
    population: dp.population,
    households: dp.households,
    modelAreaKm2: Math.round(patches.reduce((a, p) => a + p.areaKm2, 0) * 1000) / 1000,
    roadKm: 0,
    source: 'imported',
    missing: [...missing, 'places', 'roadKm'],
  };
  return { hierarchy: { version: 1, seed: 0, district, streets, communities, grids }, microgrids, summary };
}

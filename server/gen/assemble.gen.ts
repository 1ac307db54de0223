// Converts the generator's metric working data into the district contract (WGS84, ids, sums).
import type {
  AreaUnit,
  Building,
  Camera,
  Community,
  DistrictSummary,
  DistrictUnit,
  Grid,
  Hierarchy,
  MicroGrid,
  Place,
  RoadNetwork,
  Staff,
  Street,
  UrbanPatch,
  WaterBody,
} from '../../src/domain/district.types.ts';
import { bboxOfPolygon, lineLengthM, polygonAreaKm2 } from '../../src/domain/geo.ts';
import type { BuildingG } from './buildings.gen.ts';
import type { CameraG } from './cameras.gen.ts';
import type { HierarchyG } from './hierarchy.gen.ts';
import type { MicroGridG } from './microgrids.gen.ts';
import type { PlaceG } from './places.gen.ts';
import {
  boxOf,
  centroid,
  pointInRing,
  pointSegDist,
  polyToLngLat,
  ringToLngLat,
  toLngLat,
  type PRing,
  type XY,
} from './plane.ts';
import type { GridPeople } from './profile.gen.ts';
import type { RoadsG } from './roads.gen.ts';
import type { StaffG } from './staff.gen.ts';

export const DISTRICT_ID = 'D500114';

/** A label point well inside the ring: the centroid when it is, else the deepest point of a scan. */
export function labelPoint(ring: PRing): XY {
  const depth = (p: XY) => {
    let d = Infinity;
    for (let i = 1; i < ring.length; i++) d = Math.min(d, pointSegDist(p, ring[i - 1], ring[i]));
    return d;
  };
  const c = centroid(ring);
  const b = boxOf(ring);
  const scale = Math.min(b.maxX - b.minX, b.maxY - b.minY);
  if (pointInRing(c, ring) && depth(c) > scale * 0.15) return c;
  let best = c;
  let bd = pointInRing(c, ring) ? depth(c) : -1;
  for (let i = 1; i < 16; i++) {
    for (let j = 1; j < 16; j++) {
      const p: XY = [b.minX + ((b.maxX - b.minX) * i) / 16, b.minY + ((b.maxY - b.minY) * j) / 16];
      if (!pointInRing(p, ring)) continue;
      const d = depth(p);
      if (d > bd) {
        bd = d;
        best = p;
      }
    }
  }
  return best;
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

function unit(
  id: string,
  level: AreaUnit['level'],
  parentId: string | null,
  zh: string,
  en: string,
  ring: PRing,
  population: number,
  households: number,
): AreaUnit {
  const polygon = polyToLngLat(ring);
  return {
    id,
    level,
    parentId,
    name: zh,
    nameEn: en,
    center: toLngLat(labelPoint(ring)),
    polygon,
    areaKm2: r6(polygonAreaKm2(polygon)),
    population,
    households,
  };
}

const SUFFIX = { street: ['街道', 'Subdistrict'], town: ['镇', 'Town'], township: ['乡', 'Township'] } as const;

export interface Assembled {
  hierarchy: Hierarchy;
  microgrids: MicroGrid[];
  patches: UrbanPatch[];
  buildings: Building[];
  roads: RoadNetwork;
  water: WaterBody[];
  places: Place[];
  staff: Staff[];
  cameras: Camera[];
  summary: DistrictSummary;
}

export function assemble(
  seed: number,
  h: HierarchyG,
  roads: RoadsG,
  bs: BuildingG[],
  micro: MicroGridG[],
  places: PlaceG[],
  staff: StaffG[],
  cams: CameraG[],
  people: Map<string, GridPeople>,
): Assembled {
  const workerOf = new Map<string, string>();
  for (const s of staff) if (s.role === 'grid-worker') workerOf.set(s.grid.id, s.id);
  const grids: Grid[] = h.grids.map((g) => {
    const gp = people.get(g.id) as GridPeople;
    return {
      ...(unit(g.id, 'grid', g.communityId, g.name.zh, g.name.en, g.ring, gp.population, gp.households) as AreaUnit & {
        level: 'grid';
      }),
      kind: g.kind,
      urban: g.urban,
      streetId: g.streetId,
      communityId: g.communityId,
      workerId: workerOf.get(g.id) as string,
      profile: gp.profile,
    };
  });
  const sumBy = <T extends { population: number; households: number }>(items: T[], key: (t: T) => string) => {
    const m = new Map<string, { population: number; households: number }>();
    for (const it of items) {
      const k = key(it);
      const v = m.get(k) ?? { population: 0, households: 0 };
      v.population += it.population;
      v.households += it.households;
      m.set(k, v);
    }
    return m;
  };
  const byCommunity = sumBy(grids, (g) => g.communityId);
  const communities: Community[] = h.communities.map((c) => {
    const s = byCommunity.get(c.id) ?? { population: 0, households: 0 };
    return {
      ...(unit(c.id, 'community', c.streetId, c.name.zh, c.name.en, c.ring, s.population, s.households) as AreaUnit & {
        level: 'community';
      }),
      kind: c.kind,
      urban: c.urban,
    };
  });
  const byStreet = sumBy(communities, (c) => c.parentId as string);
  const streets: Street[] = h.streets.map((s) => {
    const v = byStreet.get(s.id) ?? { population: 0, households: 0 };
    const [zh, en] = SUFFIX[s.kind];
    return {
      ...(unit(
        s.id,
        'street',
        DISTRICT_ID,
        s.name.zh + zh,
        `${s.name.en} ${en}`,
        s.ring,
        v.population,
        v.households,
      ) as AreaUnit & { level: 'street' }),
      kind: s.kind,
    };
  });
  const population = streets.reduce((a, s) => a + s.population, 0);
  const households = streets.reduce((a, s) => a + s.households, 0);
  const district = unit(
    DISTRICT_ID,
    'district',
    null,
    '黔江区',
    'Qianjiang District',
    h.district,
    population,
    households,
  ) as DistrictUnit;

  const microgrids: MicroGrid[] = micro.map((m) => ({
    ...(unit(
      m.id,
      'microgrid',
      m.grid.id,
      `${m.grid.name.zh}第${m.index}微网格`,
      `${m.grid.name.en} Micro-grid ${m.index}`,
      m.ring,
      Math.round(m.households * (people.get(m.grid.id) as GridPeople).ratio),
      m.households,
    ) as AreaUnit & { level: 'microgrid' }),
    gridId: m.grid.id,
    buildingIds: m.buildings.map((b) => b.id),
    headName: m.headName,
  }));
  const microOf = new Map<string, string>();
  for (const m of micro) for (const b of m.buildings) microOf.set(b.id, m.id);

  const patches: UrbanPatch[] = h.patches.map((p) => {
    const polygon = polyToLngLat(p.ring);
    return {
      id: p.id,
      name: p.name.zh,
      nameEn: p.name.en,
      kind: p.kind,
      streetId: p.streetId,
      polygon,
      areaKm2: r6(polygonAreaKm2(polygon)),
    };
  });
  const buildings: Building[] = bs.map((b) => ({
    id: b.id,
    name: b.name,
    address: b.address,
    use: b.use,
    floors: b.floors,
    height: b.height,
    households: b.households,
    footprint: ringToLngLat(b.ring),
    streetId: b.grid.streetId,
    communityId: b.grid.communityId,
    gridId: b.grid.id,
    microGridId: microOf.get(b.id) ?? null,
    patchId: b.patchId,
  }));
  const nodes = roads.nodes.map(toLngLat);
  const edges = roads.edges.map((e, i) => {
    const via = e.via?.map(toLngLat);
    const line = [nodes[e.from], ...(via ?? []), nodes[e.to]];
    return {
      id: i,
      from: e.from,
      to: e.to,
      cls: e.cls,
      name: e.name.zh,
      lengthM: Math.round(lineLengthM(line) * 10) / 10,
      ...(via ? { via } : {}),
    };
  });
  const water: WaterBody[] = [{ id: 'W01', name: h.river.name, kind: 'river', polygon: polyToLngLat(h.river.polygon) }];
  const outPlaces: Place[] = places.map((p) => ({
    id: p.id,
    kind: p.kind,
    name: p.name,
    position: toLngLat(p.p),
    streetId: p.grid.streetId,
    gridId: p.grid.id,
    organization: p.organization,
  }));
  const outStaff: Staff[] = staff.map((s) => ({
    id: s.id,
    name: s.name,
    role: s.role,
    phone: s.phone,
    streetId: s.grid.streetId,
    gridId: s.grid.id,
    home: toLngLat(s.home),
    mode: s.mode,
  }));
  const cameras: Camera[] = cams.map((c) => ({
    id: c.id,
    name: c.name,
    kind: c.kind,
    position: toLngLat(c.p),
    height: c.height,
    heading: c.heading,
    fov: c.fov,
    range: c.range,
    streetId: c.grid.streetId,
    gridId: c.grid.id,
    streamUrl: null,
  }));
  const summary: DistrictSummary = {
    id: DISTRICT_ID,
    name: '黔江区',
    nameEn: 'Qianjiang District',
    center: district.center,
    bbox: bboxOfPolygon(district.polygon),
    streets: streets.length,
    communities: communities.length,
    grids: grids.length,
    microGrids: microgrids.length,
    buildings: buildings.length,
    cameras: cameras.length,
    staff: outStaff.length,
    places: outPlaces.length,
    population,
    households,
    modelAreaKm2: Math.round(patches.reduce((a, p) => a + p.areaKm2, 0) * 1000) / 1000,
    roadKm: Math.round(edges.reduce((a, e) => a + e.lengthM, 0) / 100) / 10,
  };
  return {
    hierarchy: { version: 1, seed, district, streets, communities, grids },
    microgrids,
    patches,
    buildings,
    roads: { nodes, edges },
    water,
    places: outPlaces,
    staff: outStaff,
    cameras,
    summary,
  };
}

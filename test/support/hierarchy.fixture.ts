import type {
  Community,
  DistrictUnit,
  Grid,
  GridProfile,
  Hierarchy,
  PolygonCoords,
  Street,
} from '../../src/domain/district.types.ts';

// A small hierarchy for Node tests: `streets` streets in a row, each split into `communities`
// communities, each into `grids` grids; squares laid out so every child lies inside its parent.
// Population grows with the index so density differs from area to area.

function square(lng: number, lat: number, size: number): PolygonCoords {
  return [
    [
      [lng, lat],
      [lng + size, lat],
      [lng + size, lat + size],
      [lng, lat + size],
      [lng, lat],
    ],
  ];
}

const profile = (population: number): GridProfile => ({
  people: {
    population,
    households: Math.round(population / 3),
    registered: population,
    floating: 0,
    elderly: 0,
    keyCare: 0,
  },
  events: { last30Days: 0, resolved30Days: 0, disputes30Days: 0 },
  places: { total: 0, byKind: {} },
  things: { buildings: 0, cameras: 0, hazards: 0, fireHydrants: 0 },
  situation: { satisfaction: 0.99, securitySense: 0.99, riskLevel: 'low' },
  organizations: { total: 0, partyBranches: 0, mediationRooms: 0, propertyCompanies: 0, volunteerTeams: 0 },
});

export function fixtureHierarchy(streets = 3, communities = 2, grids = 3): Hierarchy {
  const pad = (n: number) => String(n).padStart(2, '0');
  const base = { lng: 108.7, lat: 29.5 };
  const size = 0.04;
  const district: DistrictUnit = {
    id: 'D500114',
    level: 'district',
    parentId: null,
    name: '测试区',
    nameEn: 'Test District',
    center: [base.lng + (streets * size) / 2, base.lat + size / 2],
    polygon: [
      [
        [base.lng, base.lat],
        [base.lng + streets * size, base.lat],
        [base.lng + streets * size, base.lat + size],
        [base.lng, base.lat + size],
        [base.lng, base.lat],
      ],
    ],
    areaKm2: 0,
    population: 0,
    households: 0,
  };
  const out: Hierarchy = { version: 1, seed: 1, district, streets: [], communities: [], grids: [] };
  for (let s = 1; s <= streets; s++) {
    const sLng = base.lng + (s - 1) * size;
    const sid = `S${pad(s)}`;
    const street: Street = {
      id: sid,
      level: 'street',
      parentId: district.id,
      kind: 'street',
      name: `街道${s}`,
      nameEn: `Street ${s}`,
      center: [sLng + size / 2, base.lat + size / 2],
      polygon: square(sLng, base.lat, size),
      areaKm2: 16,
      population: 0,
      households: 0,
    };
    out.streets.push(street);
    const cSize = size / communities;
    for (let c = 1; c <= communities; c++) {
      const cLng = sLng + (c - 1) * cSize;
      const cid = `${sid}-C${pad(c)}`;
      const community: Community = {
        id: cid,
        level: 'community',
        parentId: sid,
        kind: 'community',
        urban: true,
        name: `社区${s}-${c}`,
        nameEn: `Community ${s}-${c}`,
        center: [cLng + cSize / 2, base.lat + cSize / 2],
        polygon: square(cLng, base.lat, cSize),
        areaKm2: 16 / communities,
        population: 0,
        households: 0,
      };
      out.communities.push(community);
      const gSize = cSize / grids;
      for (let g = 1; g <= grids; g++) {
        const gLng = cLng + (g - 1) * gSize;
        const population = 1000 * s + 100 * c + 10 * g;
        const grid: Grid = {
          id: `${cid}-G${pad(g)}`,
          level: 'grid',
          parentId: cid,
          kind: 'residential',
          urban: true,
          streetId: sid,
          communityId: cid,
          workerId: `W${pad(s)}${pad(c)}${pad(g)}`,
          name: `网格${s}-${c}-${g}`,
          nameEn: `Grid ${s}-${c}-${g}`,
          center: [gLng + gSize / 2, base.lat + gSize / 2],
          polygon: square(gLng, base.lat, gSize),
          areaKm2: 1,
          population,
          households: Math.round(population / 3),
          profile: profile(population),
        };
        out.grids.push(grid);
        community.population += population;
        community.households += grid.households;
      }
      street.population += community.population;
      street.households += community.households;
    }
    district.population += street.population;
    district.households += street.households;
  }
  return out;
}

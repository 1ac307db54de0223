// People and grid profiles (人、事、地、物、情、组织), counted from the generated buildings, places,
// cameras and staff so the panel agrees with every other file.
import type { GridProfile, PlaceKind } from '../../src/domain/district.types.ts';
import type { BuildingG } from './buildings.gen.ts';
import type { CameraG } from './cameras.gen.ts';
import type { HierarchyG } from './hierarchy.gen.ts';
import type { PlaceG } from './places.gen.ts';
import type { Rng } from '../../src/domain/seeded-random.ts';
import type { StaffG } from './staff.gen.ts';

export interface GridPeople {
  households: number;
  population: number;
  /** persons per household in this grid, used for micro-grid populations too */
  ratio: number;
  profile: GridProfile;
}

export function buildProfiles(
  h: HierarchyG,
  buildings: BuildingG[],
  places: PlaceG[],
  cameras: CameraG[],
  staff: StaffG[],
  rng: Rng,
): Map<string, GridPeople> {
  const hh = new Map<string, number>();
  const nb = new Map<string, number>();
  for (const b of buildings) {
    hh.set(b.grid.id, (hh.get(b.grid.id) ?? 0) + b.households);
    nb.set(b.grid.id, (nb.get(b.grid.id) ?? 0) + 1);
  }
  const cams = new Map<string, number>();
  for (const c of cameras) cams.set(c.grid.id, (cams.get(c.grid.id) ?? 0) + 1);
  const vols = new Map<string, number>();
  for (const s of staff) if (s.role === 'volunteer') vols.set(s.grid.id, (vols.get(s.grid.id) ?? 0) + 1);
  const pl = new Map<string, PlaceG[]>();
  for (const p of places) {
    const l = pl.get(p.grid.id);
    if (l) l.push(p);
    else pl.set(p.grid.id, [p]);
  }
  const out = new Map<string, GridPeople>();
  for (const g of h.grids) {
    // rural grids (and any grid without modelled homes) also hold houses outside the 3D model
    const built = hh.get(g.id) ?? 0;
    const scattered = g.kind === 'rural' || built === 0 ? rng.int(20, 60) : 0;
    const households = built + scattered;
    const ratio = Math.round(rng.range(2.3, 2.9) * 100) / 100;
    const population = Math.round(households * ratio);
    const registered = Math.round(population * (g.urban ? rng.range(0.72, 0.85) : rng.range(0.86, 0.95)));
    const last30 = Math.round((population / 250) * rng.range(0.5, 1.5));
    const gp = pl.get(g.id) ?? [];
    const byKind: Partial<Record<PlaceKind, number>> = {};
    for (const p of gp) byKind[p.kind] = (byKind[p.kind] ?? 0) + 1;
    const partyBranches = byKind['party-branch'] ?? 0;
    const mediationRooms = byKind['mediation-room'] ?? 0;
    const propertyCompanies = byKind['property-office'] ?? 0;
    const volunteerTeams = Math.ceil((vols.get(g.id) ?? 0) / 4);
    const perThousand = population > 0 ? (last30 / population) * 1000 : 0;
    out.set(g.id, {
      households,
      population,
      ratio,
      profile: {
        people: {
          population,
          households,
          registered,
          floating: population - registered,
          elderly: Math.round(population * (g.urban ? rng.range(0.14, 0.2) : rng.range(0.22, 0.3))),
          keyCare: Math.round(population * rng.range(0.01, 0.03)),
        },
        events: {
          last30Days: last30,
          resolved30Days: Math.round(last30 * rng.range(0.93, 1)),
          disputes30Days: Math.round(last30 * rng.range(0.2, 0.4)),
        },
        places: { total: gp.length, byKind },
        things: {
          buildings: nb.get(g.id) ?? 0,
          cameras: cams.get(g.id) ?? 0,
          hazards: g.urban ? rng.int(0, 2) : rng.int(0, 4),
          fireHydrants: g.urban ? Math.ceil((nb.get(g.id) ?? 0) / 8) : rng.int(0, 3),
        },
        situation: {
          satisfaction: Math.round(rng.range(95, 99.9) * 10) / 10,
          securitySense: Math.round(rng.range(97, 99.95) * 100) / 100,
          riskLevel: perThousand > 5 ? 'high' : perThousand > 3 ? 'medium' : 'low',
        },
        organizations: {
          total: partyBranches + mediationRooms + propertyCompanies + volunteerTeams,
          partyBranches,
          mediationRooms,
          propertyCompanies,
          volunteerTeams,
        },
      },
    });
  }
  return out;
}

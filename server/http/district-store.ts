import fs from 'node:fs';
import path from 'node:path';
import {
  DISTRICT_FILES,
  type Building,
  type Camera,
  type DistrictSummary,
  type Grid,
  type Hierarchy,
  type MicroGrid,
  type Place,
  type Staff,
  type Street,
  type Community,
  type UrbanPatch,
} from '../../src/domain/district.types.ts';

/**
 * The district as the server knows it, loaded once at start. Everything is read-only after load;
 * the live state (incidents, positions) belongs to the relay, not here.
 */
export interface DistrictStore {
  loaded: boolean;
  dir: string;
  summary: DistrictSummary | null;
  hierarchy: Hierarchy | null;
  patches: UrbanPatch[];
  staff: Staff[];
  cameras: Camera[];
  places: Place[];
  microGrids: MicroGrid[];
  streetIds: string[];
  streetById: Map<string, Street>;
  communityById: Map<string, Community>;
  gridById: Map<string, Grid>;
  staffById: Map<string, Staff>;
  cameraById: Map<string, Camera>;
  placesByGrid: Map<string, Place[]>;
  microGridsByGrid: Map<string, MicroGrid[]>;
  buildingIdsByGrid: Map<string, string[]>;
  camerasByGrid: Map<string, number>;
}

function readJson<T>(dir: string, file: string): T | null {
  const p = path.join(dir, file);
  if (!fs.existsSync(p)) return null;
  return JSON.parse(fs.readFileSync(p, 'utf8')) as T;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Loads data/district. A missing directory gives an empty store (relay-only tests run without it). */
export function loadDistrict(dir: string): DistrictStore {
  const hierarchy = readJson<Hierarchy>(dir, DISTRICT_FILES.hierarchy);
  const summary = readJson<DistrictSummary>(dir, DISTRICT_FILES.summary);
  const staff = readJson<Staff[]>(dir, DISTRICT_FILES.staff) ?? [];
  const cameras = readJson<Camera[]>(dir, DISTRICT_FILES.cameras) ?? [];
  const places = readJson<Place[]>(dir, DISTRICT_FILES.places) ?? [];
  const microGrids = readJson<MicroGrid[]>(dir, DISTRICT_FILES.microgrids) ?? [];
  const patches = readJson<UrbanPatch[]>(dir, DISTRICT_FILES.patches) ?? [];
  // Only ids per grid are kept: footprints belong to the tiles, not to the API.
  const buildings = readJson<Building[]>(dir, DISTRICT_FILES.buildings) ?? [];
  const buildingIdsByGrid = new Map<string, string[]>();
  for (const [gridId, list] of groupBy(buildings, (b) => b.gridId)) {
    buildingIdsByGrid.set(
      gridId,
      list.map((b) => b.id),
    );
  }
  const camerasByGrid = new Map<string, number>();
  for (const c of cameras) camerasByGrid.set(c.gridId, (camerasByGrid.get(c.gridId) ?? 0) + 1);

  const streets = hierarchy?.streets ?? [];
  return {
    loaded: hierarchy !== null && summary !== null,
    dir,
    summary,
    hierarchy,
    patches,
    staff,
    cameras,
    places,
    microGrids,
    streetIds: streets.map((s) => s.id),
    streetById: new Map(streets.map((s) => [s.id, s])),
    communityById: new Map((hierarchy?.communities ?? []).map((c) => [c.id, c])),
    gridById: new Map((hierarchy?.grids ?? []).map((g) => [g.id, g])),
    staffById: new Map(staff.map((s) => [s.id, s])),
    cameraById: new Map(cameras.map((c) => [c.id, c])),
    placesByGrid: groupBy(places, (p) => p.gridId),
    microGridsByGrid: groupBy(microGrids, (m) => m.gridId),
    buildingIdsByGrid,
    camerasByGrid,
  };
}

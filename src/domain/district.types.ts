// The generated demo district (and, later, a real district's imported data) as every part of
// gridwall sees it: the generator writes these shapes to data/district/*.json, the tile builder and
// the relay's simulator read them, the server serves them, the wall draws them.
// Coordinates are WGS84 [lng, lat] in degrees; lengths and heights in metres.

export type LngLat = [number, number];
/** A closed ring: first and last positions are equal. Outer rings counter-clockwise (GeoJSON). */
export type Ring = LngLat[];
/** GeoJSON Polygon coordinates: outer ring first, then holes. */
export type PolygonCoords = Ring[];

export type AreaLevel = 'district' | 'street' | 'community' | 'grid' | 'microgrid';

/**
 * Ids encode the hierarchy so a deep link or a log line is readable on its own:
 * district `D500114`, street `S07`, community `S07-C03`, grid `S07-C03-G12`,
 * micro-grid `S07-C03-G12-M04`.
 */
export interface AreaUnit {
  id: string;
  level: AreaLevel;
  parentId: string | null;
  name: string; // zh-CN
  nameEn: string; // pinyin / English, for the English UI
  center: LngLat; // a point inside the polygon, used for labels
  polygon: PolygonCoords;
  areaKm2: number;
  population: number;
  households: number;
  /** the unit's id (code) in the district's own files, for imported districts */
  sourceId?: string;
}

export type StreetKind = 'street' | 'town' | 'township'; // 街道 / 镇 / 乡
export interface Street extends AreaUnit {
  level: 'street';
  kind: StreetKind;
}

export type CommunityKind = 'community' | 'village'; // 社区 / 村
export interface Community extends AreaUnit {
  level: 'community';
  kind: CommunityKind;
  urban: boolean;
}

/** What sort of grid: residential beside the special grids for shops, units, schools, hospitals. */
export type GridKind = 'residential' | 'commercial' | 'institution' | 'school' | 'hospital' | 'rural';

/** 人、事、地、物、情、组织: what a grid holds, as counts the panel can show. */
export interface GridProfile {
  people: {
    population: number;
    households: number;
    registered: number; // 户籍人口
    floating: number; // 流动人口
    elderly: number; // 60+
    keyCare: number; // 重点关爱对象 (left-behind children, disabled, living alone)
  };
  events: { last30Days: number; resolved30Days: number; disputes30Days: number };
  places: { total: number; byKind: Partial<Record<PlaceKind, number>> };
  things: { buildings: number; cameras: number; hazards: number; fireHydrants: number };
  situation: { satisfaction: number; securitySense: number; riskLevel: 'low' | 'medium' | 'high' };
  organizations: {
    total: number;
    partyBranches: number;
    mediationRooms: number;
    propertyCompanies: number;
    volunteerTeams: number;
  };
}

export interface Grid extends AreaUnit {
  level: 'grid';
  kind: GridKind;
  urban: boolean;
  streetId: string;
  communityId: string;
  workerId: string; // the grid worker (网格员) in staff.json
  profile: GridProfile;
}

export interface MicroGrid extends AreaUnit {
  level: 'microgrid';
  gridId: string;
  buildingIds: string[];
  headName: string; // 楼栋长 / micro-grid head
}

export interface DistrictUnit extends AreaUnit {
  level: 'district';
}

/** data/district/hierarchy.json */
export interface Hierarchy {
  version: 1;
  seed: number;
  district: DistrictUnit;
  streets: Street[];
  communities: Community[];
  grids: Grid[];
}

/** A built-up area of the 3D model: the old town, the new town, or a town seat. */
export interface UrbanPatch {
  id: string; // P01...
  name: string;
  nameEn: string;
  kind: 'old-town' | 'new-town' | 'town-seat';
  streetId: string;
  polygon: PolygonCoords;
  areaKm2: number;
}

export type BuildingUse = 'residential' | 'shop' | 'school' | 'hospital' | 'government' | 'industry';

/** data/district/buildings.json holds Building[] */
export interface Building {
  id: string; // B000001...
  name: string; // e.g. 滨江小区3栋
  address: string; // 一标三实 standard address
  use: BuildingUse;
  floors: number;
  height: number; // metres, from floors
  households: number; // 0 for non-residential
  footprint: Ring; // closed ring, counter-clockwise, not all rectangles
  streetId: string;
  communityId: string;
  gridId: string;
  microGridId: string | null; // set for buildings in urban residential grids
  patchId: string;
}

export type RoadClass = 'arterial' | 'street' | 'lane' | 'rural';
/** data/district/roads.json: a routable graph. Edges are undirected. */
export interface RoadNetwork {
  nodes: LngLat[];
  edges: RoadEdge[];
}
export interface RoadEdge {
  id: number;
  from: number; // node index
  to: number; // node index
  cls: RoadClass;
  name: string;
  lengthM: number;
  /** Intermediate shape points between the two nodes, if the edge is not straight. */
  via?: LngLat[];
}

/** data/district/water.json */
export interface WaterBody {
  id: string;
  name: string;
  kind: 'river' | 'lake' | 'pond';
  polygon: PolygonCoords;
}

export type PlaceKind =
  | 'school'
  | 'kindergarten'
  | 'clinic'
  | 'hospital'
  | 'market'
  | 'party-branch'
  | 'mediation-room'
  | 'police-post'
  | 'community-center'
  | 'elderly-care'
  | 'property-office'
  | 'enterprise';
/** data/district/places.json holds Place[] */
export interface Place {
  id: string;
  kind: PlaceKind;
  name: string;
  position: LngLat;
  streetId: string;
  gridId: string;
  /** organizations (party branch, mediation room, property office) are also places */
  organization: boolean;
}

export type StaffRole = 'grid-worker' | 'police' | 'mediator' | 'volunteer';
/** data/district/staff.json holds Staff[] */
export interface Staff {
  id: string; // W00001 ...
  name: string;
  role: StaffRole;
  phone: string; // demo numbers only
  streetId: string;
  gridId: string; // home grid / beat
  home: LngLat; // where the shift starts
  mode: 'foot' | 'ebike' | 'car';
}

/** data/district/cameras.json holds Camera[] */
export interface Camera {
  id: string; // C00001 ...
  name: string;
  kind: 'road' | 'junction' | 'community' | 'border' | 'public-space';
  position: LngLat;
  height: number; // mounting height, metres
  heading: number; // degrees clockwise from north
  fov: number; // horizontal field of view, degrees
  range: number; // metres
  streetId: string;
  gridId: string;
  /** legacy field, always null in generated data: `stream` supersedes it */
  streamUrl: string | null;
  /**
   * Where the video platform serves this camera (a GB/T 28181 media server on the video private
   * network: HLS, HTTP-FLV or MJPEG). In data files `url` is the upstream address; the API hands the
   * wall a same-origin `/video/<cameraId>/...` path instead, and the server proxies it. Absent: no video.
   */
  stream?: CameraStream | null;
}

export type CameraStreamKind = 'hls' | 'flv' | 'mjpeg';
export interface CameraStream {
  kind: CameraStreamKind;
  url: string;
}

/** data/district/summary.json and GET /api/district */
export interface DistrictSummary {
  id: string;
  name: string;
  nameEn: string;
  center: LngLat;
  bbox: [number, number, number, number]; // west, south, east, north
  streets: number;
  communities: number;
  grids: number;
  microGrids: number;
  buildings: number;
  cameras: number;
  staff: number;
  places: number;
  population: number;
  households: number;
  modelAreaKm2: number; // the 3D model's area: sum of urban patches
  roadKm: number;
  /** 'imported' for a district brought in by `npm run import`; absent means the generated demo */
  source?: 'generated' | 'imported';
  /**
   * Figures the data does not hold, as paths into Grid/AreaUnit ('population', 'households',
   * 'profile.people', 'profile.events', ...): the wall shows them as missing, not as 0.
   */
  missing?: string[];
  /** Terrain tiles exist at /tiles/terrain (layer.json, Cesium heightmap-1.0); see ADR 0008. */
  terrain?: boolean;
}

/** Files the generator writes into the district data directory. */
export const DISTRICT_FILES = {
  hierarchy: 'hierarchy.json',
  microgrids: 'microgrids.json',
  patches: 'patches.json',
  buildings: 'buildings.json',
  roads: 'roads.json',
  water: 'water.json',
  places: 'places.json',
  staff: 'staff.json',
  cameras: 'cameras.json',
  summary: 'summary.json',
} as const;

// A small district that follows the generator's contract, for tests to run before (and besides)
// the real generator: two patches with rectangles, rotated slabs, L and U footprints (concave),
// a river, a road grid. Deterministic (seeded), a few hundred buildings.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  Building,
  BuildingUse,
  DistrictUnit,
  LngLat,
  RoadEdge,
  RoadNetwork,
  Ring,
  UrbanPatch,
  WaterBody,
} from '../../src/domain/district.types.ts';
import { mulberry32 } from '../../src/domain/seeded-random.ts';

const prng = mulberry32;

const KX = 111_320 * Math.cos((29.53 * Math.PI) / 180);
const KY = 111_320;

function rect(lng: number, lat: number, w: number, h: number): Ring {
  const dx = w / KX;
  const dy = h / KY;
  return [
    [lng, lat],
    [lng + dx, lat],
    [lng + dx, lat + dy],
    [lng, lat + dy],
    [lng, lat],
  ];
}

/** Footprint in metres around (lng, lat), rotated by `angle`, closed and counter-clockwise. */
function shape(lng: number, lat: number, kind: number, w: number, d: number, angle: number): Ring {
  const local: [number, number][] =
    kind === 0
      ? [
          [0, 0],
          [w, 0],
          [w, d],
          [0, d],
        ]
      : kind === 1 // L
        ? [
            [0, 0],
            [w, 0],
            [w, d * 0.4],
            [w * 0.4, d * 0.4],
            [w * 0.4, d],
            [0, d],
          ]
        : // U
          [
            [0, 0],
            [w, 0],
            [w, d],
            [w * 0.7, d],
            [w * 0.7, d * 0.35],
            [w * 0.3, d * 0.35],
            [w * 0.3, d],
            [0, d],
          ];
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const ring: Ring = local.map(([x, y]) => [lng + (x * c - y * s) / KX, lat + (x * s + y * c) / KY] as LngLat);
  ring.push(ring[0]);
  return ring;
}

const USES: BuildingUse[] = [
  'residential',
  'residential',
  'residential',
  'shop',
  'school',
  'hospital',
  'government',
  'industry',
];

export interface SyntheticDistrict {
  buildings: Building[];
  patches: UrbanPatch[];
  roads: RoadNetwork;
  water: WaterBody[];
  district: DistrictUnit;
}

export function syntheticDistrict(seed = 7): SyntheticDistrict {
  const rnd = prng(seed);
  const patches: UrbanPatch[] = [
    {
      id: 'P01',
      name: '老城',
      nameEn: 'Old Town',
      kind: 'old-town',
      streetId: 'S01',
      polygon: [rect(108.76, 29.52, 900, 700)],
      areaKm2: 0.63,
    },
    {
      id: 'P02',
      name: '新城',
      nameEn: 'New Town',
      kind: 'new-town',
      streetId: 'S02',
      polygon: [rect(108.78, 29.535, 700, 600)],
      areaKm2: 0.42,
    },
  ];
  const buildings: Building[] = [];
  let n = 0;
  for (const p of patches) {
    const [w0, s0] = p.polygon[0][0];
    const cols = p.id === 'P01' ? 18 : 14;
    const rows = p.id === 'P01' ? 14 : 12;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        if (rnd() < 0.15) continue;
        n++;
        const kind = n % 5 === 0 ? 1 : n % 7 === 0 ? 2 : 0;
        const floors = 1 + Math.floor(rnd() * (p.kind === 'new-town' ? 32 : 8));
        const use = USES[Math.floor(rnd() * USES.length)];
        const streetId = p.streetId;
        const communityId = `${streetId}-C0${1 + (r % 3)}`;
        const gridId = `${communityId}-G${String(1 + (c % 4)).padStart(2, '0')}`;
        const id = `B${String(n).padStart(6, '0')}`;
        buildings.push({
          id,
          name: `${p.name}小区${n}栋`,
          address: `重庆市黔江区${p.name}路${n}号`,
          use,
          floors,
          height: floors * 3,
          households: use === 'residential' ? floors * 4 : 0,
          footprint: shape(
            w0 + (c * 50 + 8) / KX,
            s0 + (r * 50 + 8) / KY,
            kind,
            20 + rnd() * 12,
            14 + rnd() * 16,
            rnd() < 0.3 ? rnd() * 0.6 : 0,
          ),
          streetId,
          communityId,
          gridId,
          microGridId: use === 'residential' ? `${gridId}-M0${1 + (n % 4)}` : null,
          patchId: p.id,
        });
      }
    }
  }
  // A road grid over the old town, one arterial between the patches.
  const nodes: LngLat[] = [];
  const edges: RoadEdge[] = [];
  const node = (lng: number, lat: number) => nodes.push([lng, lat]) - 1;
  const [ow, os] = patches[0].polygon[0][0];
  for (let r = 0; r <= 3; r++) {
    const a = node(ow, os + (r * 200 + 4) / KY);
    const b = node(ow + 900 / KX, os + (r * 200 + 4) / KY);
    edges.push({
      id: edges.length,
      from: a,
      to: b,
      cls: r === 0 ? 'arterial' : 'street',
      name: `横${r}路`,
      lengthM: 900,
    });
  }
  const a = node(108.76, 29.5265);
  const b = node(108.785, 29.5265);
  edges.push({
    id: edges.length,
    from: a,
    to: b,
    cls: 'arterial',
    name: '滨江大道',
    lengthM: 2400,
    via: [[108.772, 29.5268]],
  });
  const water: WaterBody[] = [
    { id: 'W01', name: '阿蓬江', kind: 'river', polygon: [rect(108.75, 29.5285, 4000, 120)] },
  ];
  const district: DistrictUnit = {
    id: 'D500114',
    level: 'district',
    parentId: null,
    name: '黔江区',
    nameEn: 'Qianjiang',
    center: [108.775, 29.53],
    polygon: [rect(108.74, 29.5, 5000, 5000)],
    areaKm2: 25,
    population: 0,
    households: 0,
  };
  return { buildings, patches, roads: { nodes, edges }, water, district };
}

/** Writes the fixture as a district data directory (the files the tile builder reads). */
export function writeSyntheticDistrict(dir: string, seed = 7): SyntheticDistrict {
  const d = syntheticDistrict(seed);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'buildings.json'), JSON.stringify(d.buildings));
  writeFileSync(join(dir, 'patches.json'), JSON.stringify(d.patches));
  writeFileSync(join(dir, 'roads.json'), JSON.stringify(d.roads));
  writeFileSync(join(dir, 'water.json'), JSON.stringify(d.water));
  writeFileSync(
    join(dir, 'hierarchy.json'),
    JSON.stringify({ version: 1, seed, district: d.district, streets: [], communities: [], grids: [] }),
  );
  return d;
}

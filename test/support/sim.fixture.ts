// A small synthetic district for tests and quick runs without generated data: streets side by side
// on a 100 m street grid (1.6 km x 1.6 km each), four grids each, a few staff and cameras.
import type { Camera, Grid, LngLat, RoadEdge, RoadNetwork, Staff, Street } from '../../src/domain/district.types.ts';
import { buildWorld, type SimWorld, type WorldData } from '../../server/sim/world.ts';

const LNG0 = 108.75;
const LAT0 = 29.52;
const DLAT = 100 / 111_195;
const DLNG = DLAT / Math.cos(LAT0 * (Math.PI / 180));
const at = (c: number, r: number): LngLat => [LNG0 + c * DLNG, LAT0 + r * DLAT];
const ROWS = 17;

function rect(c0: number, r0: number, c1: number, r1: number): LngLat[][] {
  return [[at(c0, r0), at(c1, r0), at(c1, r1), at(c0, r1), at(c0, r0)]];
}

export function fixtureData(streetCount = 2): WorldData {
  const COLS = 16 * streetCount + 1;
  const nodes: LngLat[] = [];
  for (let r = 0; r < ROWS; r++) for (let c = 0; c < COLS; c++) nodes.push(at(c, r));
  const edges: RoadEdge[] = [];
  const idx = (c: number, r: number) => r * COLS + c;
  const add = (a: number, b: number) =>
    edges.push({ id: edges.length, from: a, to: b, cls: 'street', name: `路${edges.length}`, lengthM: 100 });
  for (let r = 0; r < ROWS; r++) for (let c = 0; c + 1 < COLS; c++) add(idx(c, r), idx(c + 1, r));
  for (let c = 0; c < COLS; c++) for (let r = 0; r + 1 < ROWS; r++) add(idx(c, r), idx(c, r + 1));
  const roads: RoadNetwork = { nodes, edges };

  const streets: Street[] = [];
  const grids: Grid[] = [];
  const staff: Staff[] = [];
  const cameras: Camera[] = [];
  let w = 0;
  for (let k = 0; k < streetCount; k++) {
    const sid = `S${String(k + 1).padStart(2, '0')}`;
    const c0 = k * 16;
    streets.push({
      id: sid,
      level: 'street',
      parentId: 'D500114',
      name: `测试街道${k + 1}`,
      nameEn: `Test ${k + 1}`,
      center: at(c0 + 8, 8),
      polygon: rect(c0, 0, c0 + 16, 16),
      areaKm2: 2.56,
      population: 40_000,
      households: 15_000,
      kind: 'street',
    });
    for (let q = 0; q < 4; q++) {
      const gc = c0 + (q % 2) * 8;
      const gr = Math.floor(q / 2) * 8;
      const gid = `${sid}-C01-G0${q + 1}`;
      grids.push({
        id: gid,
        level: 'grid',
        parentId: `${sid}-C01`,
        name: `网格${q + 1}`,
        nameEn: `Grid ${q + 1}`,
        center: at(gc + 4, gr + 4),
        polygon: rect(gc, gr, gc + 8, gr + 8),
        areaKm2: 0.64,
        population: 10_000,
        households: 3_500,
        kind: 'residential',
        urban: true,
        streetId: sid,
        communityId: `${sid}-C01`,
        workerId: '',
        profile: {} as Grid['profile'],
      });
      // Four grid workers on foot per grid, one beat per quarter (urban grids are a few hundred metres across).
      for (const [dc, dr] of [
        [2.3, 2],
        [5.7, 2],
        [2, 5.7],
        [6, 6.3],
      ]) {
        const id = `W${String(++w).padStart(5, '0')}`;
        staff.push({
          id,
          name: `网格员${w}`,
          role: 'grid-worker',
          phone: '13800000000',
          streetId: sid,
          gridId: gid,
          home: at(gc + dc, gr + dr),
          mode: 'foot',
        });
      }
    }
    for (const [role, mode, c, r] of [
      ['police', 'ebike', 8, 8],
      ['police', 'car', 3, 12],
      ['mediator', 'foot', 12, 4],
      ['volunteer', 'foot', 4, 4],
    ] as const) {
      const id = `W${String(++w).padStart(5, '0')}`;
      staff.push({
        id,
        name: `${role}${w}`,
        role,
        phone: '13800000000',
        streetId: sid,
        gridId: `${sid}-C01-G01`,
        home: at(c0 + c, r),
        mode,
      });
    }
    for (let i = 0; i < 10; i++) {
      cameras.push({
        id: `C${String(k).padStart(2, '0')}${String(i).padStart(3, '0')}`,
        name: `路口${i}`,
        kind: 'junction',
        position: at(c0 + (i % 5) * 3, Math.floor(i / 5) * 8),
        height: 6,
        heading: 0,
        fov: 60,
        range: 80,
        streetId: sid,
        gridId: `${sid}-C01-G01`,
        streamUrl: null,
      });
    }
  }
  return { hierarchy: { streets, grids }, roads, staff, cameras };
}

export function fixtureWorld(onlyStreets?: string[], streetCount = 2): SimWorld {
  return buildWorld(fixtureData(streetCount), onlyStreets);
}

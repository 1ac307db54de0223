// The parts of the generated district the simulator needs, prepared once: the road graph, and per
// street its grids (where incidents happen), staff and cameras. Pure: the loader is in world.load.ts.
import type {
  Camera,
  Grid,
  Hierarchy,
  LngLat,
  PolygonCoords,
  RoadNetwork,
  Staff,
} from '../../src/domain/district.types.ts';
import { buildRoadGraph, type RoadGraph } from '../../src/domain/road-graph.ts';

export interface SimGrid {
  id: string;
  kind: Grid['kind'];
  urban: boolean;
  population: number;
  center: LngLat;
  polygon: PolygonCoords;
  bbox: [number, number, number, number];
}

export interface StreetWorld {
  id: string;
  name: string;
  grids: SimGrid[];
  staff: Staff[];
  cameras: Camera[];
}

export interface SimWorld {
  graph: RoadGraph;
  streets: StreetWorld[];
}

export interface WorldData {
  hierarchy: Pick<Hierarchy, 'streets' | 'grids'>;
  roads: RoadNetwork;
  staff: Staff[];
  cameras: Camera[];
}

export function buildWorld(data: WorldData, onlyStreets?: string[]): SimWorld {
  const graph = buildRoadGraph(data.roads);
  const wanted = onlyStreets && onlyStreets.length ? new Set(onlyStreets) : null;
  const streets: StreetWorld[] = data.hierarchy.streets
    .filter((s) => !wanted || wanted.has(s.id))
    .map((s) => ({ id: s.id, name: s.name, grids: [], staff: [], cameras: [] }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const byId = new Map(streets.map((s) => [s.id, s]));
  for (const g of data.hierarchy.grids) {
    const st = byId.get(g.streetId);
    if (!st) continue;
    st.grids.push({
      id: g.id,
      kind: g.kind,
      urban: g.urban,
      population: g.population,
      center: g.center,
      polygon: g.polygon,
      bbox: bboxOf(g.polygon),
    });
  }
  for (const p of data.staff) byId.get(p.streetId)?.staff.push(p);
  for (const c of data.cameras) byId.get(c.streetId)?.cameras.push(c);
  for (const st of streets) {
    st.grids.sort((a, b) => (a.id < b.id ? -1 : 1));
    st.staff.sort((a, b) => (a.id < b.id ? -1 : 1));
    st.cameras.sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  return { graph, streets };
}

function bboxOf(poly: PolygonCoords): [number, number, number, number] {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (const [x, y] of poly[0] ?? []) {
    w = Math.min(w, x);
    e = Math.max(e, x);
    s = Math.min(s, y);
    n = Math.max(n, y);
  }
  return [w, s, e, n];
}

/** Even-odd ray casting over the outer ring minus holes. */
export function insidePolygon(p: LngLat, poly: PolygonCoords): boolean {
  const inRing = (ring: LngLat[]) => {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
  if (!poly[0] || !inRing(poly[0])) return false;
  for (let h = 1; h < poly.length; h++) if (inRing(poly[h])) return false;
  return true;
}

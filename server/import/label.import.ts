// A label point well inside a polygon (AreaUnit.center): the vertex centroid when it lies deep
// enough inside, else the deepest point of a coarse scan. Real boundaries are often crescents or
// follow a river, where the centroid falls outside and a label there would name the neighbour.

import type { LngLat, PolygonCoords } from '../../src/domain/district.types.ts';
import { bboxOfPolygon, pointInPolygon } from '../../src/domain/geo.ts';
import { distanceToBoundaryM } from './validate.import.ts';

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

export function labelPointOf(polygon: PolygonCoords): LngLat {
  const outer = polygon[0];
  const n = outer.length > 1 ? outer.length - 1 : outer.length;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += outer[i][0];
    cy += outer[i][1];
  }
  const c: LngLat = [cx / n, cy / n];
  const [w, s, e, nn] = bboxOfPolygon(polygon);
  const scaleM = Math.min(e - w, nn - s) * 111_000 * Math.cos((c[1] * Math.PI) / 180);
  // Very complex outlines (a city's boundary with 10^5 vertices) cost a scan per probe; cap it.
  const steps = outer.length > 20_000 ? 6 : 16;
  if (pointInPolygon(c, polygon) && distanceToBoundaryM(c, polygon) > scaleM * 0.15) return [r6(c[0]), r6(c[1])];
  let best = c;
  let bestDepth = pointInPolygon(c, polygon) ? distanceToBoundaryM(c, polygon) : -1;
  for (let i = 1; i < steps; i++) {
    for (let j = 1; j < steps; j++) {
      const p: LngLat = [w + ((e - w) * i) / steps, s + ((nn - s) * j) / steps];
      if (!pointInPolygon(p, polygon)) continue;
      const d = distanceToBoundaryM(p, polygon);
      if (d > bestDepth) {
        bestDepth = d;
        best = p;
      }
    }
  }
  return [r6(best[0]), r6(best[1])];
}

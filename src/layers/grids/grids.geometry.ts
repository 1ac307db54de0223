import { Cartesian3 } from 'cesium';
import type { Ring } from '../../domain/district.types.ts';

/** A ring Cesium can triangulate: at least three distinct finite positions in lng/lat range. */
export function validRing(ring: unknown): ring is Ring {
  if (!Array.isArray(ring) || ring.length < 4) return false;
  for (const p of ring) {
    if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return false;
    if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) return false;
  }
  return true;
}

export function toPositions(ring: Ring, height: number): Cartesian3[] {
  const flat: number[] = [];
  for (const [lng, lat] of ring) flat.push(lng, lat, height);
  return Cartesian3.fromDegreesArrayHeights(flat);
}

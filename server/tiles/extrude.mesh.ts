// Turns building footprints into one merged triangle mesh per tile: walls with flat per-face
// normals, an ear-clipped flat roof, no floor (it would sit on the ground, never seen). Vertex
// positions are in the tile's ENU frame, written in glTF's y-up axes (see Y_UP_TO_Z_UP).

import type { LngLat } from '../../src/domain/district.types.ts';
import { earclip, signedArea } from './earclip.geom.ts';
import { metresPerDegLng, METRES_PER_DEG_LAT, toEnu, type EnuFrame, type Vec3 } from './geodesy.geo.ts';

export interface MeshArrays {
  positions: Float32Array;
  normals: Float32Array;
  featureIds: Float32Array;
  indices: Uint16Array | Uint32Array;
  min: Vec3;
  max: Vec3;
}

/** Footprint without the closing point and without consecutive duplicates. */
export function openRing(ring: LngLat[]): LngLat[] {
  const out: LngLat[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  return out;
}

export class MeshBuilder {
  private pos: number[] = [];
  private nor: number[] = [];
  private fid: number[] = [];
  private idx: number[] = [];

  constructor(private readonly frame: EnuFrame) {}

  get vertexCount(): number {
    return this.pos.length / 3;
  }

  private vertex(p: Vec3, n: Vec3, feature: number): number {
    // ENU (e, n, u) -> glTF (x = e, y = u, z = -n)
    this.pos.push(p[0], p[2], -p[1]);
    this.nor.push(n[0], n[2], -n[1]);
    this.fid.push(feature);
    return this.pos.length / 3 - 1;
  }

  /**
   * Extrudes a footprint from `baseH` (the ground: 0 without terrain) to `roofH` metres above the
   * ellipsoid; without terrain the roof is the building's height.
   */
  addBuilding(footprint: LngLat[], height: number, feature: number, baseH = 0, roofH = baseH + height): void {
    let ring = openRing(footprint);
    if (ring.length < 3 || !(height > 0)) return;
    const base = ring.map(([lng, lat]) => toEnu(this.frame, lng, lat, baseH));
    const flat = base.flatMap((p) => [p[0], p[1]]);
    let top = ring.map(([lng, lat]) => toEnu(this.frame, lng, lat, roofH));
    // The contract says counter-clockwise, but a clockwise ring would turn every face inside out.
    if (signedArea(flat) < 0) {
      ring = ring.reverse();
      base.reverse();
      top = top.reverse();
    }
    const n = ring.length;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      const a = base[i];
      const b = base[j];
      const d = top[i];
      const ab = sub(b, a);
      if (Math.hypot(ab[0], ab[1]) < 1e-3) continue;
      const normal = normalize(crossV(ab, sub(d, a)));
      const v0 = this.vertex(a, normal, feature);
      this.vertex(b, normal, feature);
      this.vertex(top[j], normal, feature);
      this.vertex(d, normal, feature);
      // (a, b, top_j) winds counter-clockwise seen from outside for a CCW footprint.
      this.idx.push(v0, v0 + 1, v0 + 2, v0, v0 + 2, v0 + 3);
    }
    const up = normalize(sub(top[0], base[0]));
    const tris = earclip(top.flatMap((p) => [p[0], p[1]]));
    const first = this.vertexCount;
    for (const p of top) this.vertex(p, up, feature);
    for (const t of tris) this.idx.push(first + t);
  }

  build(): MeshArrays {
    const positions = new Float32Array(this.pos);
    const min: Vec3 = [Infinity, Infinity, Infinity];
    const max: Vec3 = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < positions.length; i += 3) {
      for (let k = 0; k < 3; k++) {
        const v = positions[i + k];
        if (v < min[k]) min[k] = v;
        if (v > max[k]) max[k] = v;
      }
    }
    const vertexCount = positions.length / 3;
    return {
      positions,
      normals: new Float32Array(this.nor),
      featureIds: new Float32Array(this.fid),
      indices: vertexCount <= 65535 ? new Uint16Array(this.idx) : new Uint32Array(this.idx),
      min,
      max,
    };
  }
}

/**
 * Distant-LOD stand-in for a footprint: its bounding rectangle aligned with the longest edge, so
 * a slab or an L-shaped block keeps its orientation and extent with 4 corners instead of dozens.
 */
export function simplifyFootprint(footprint: LngLat[]): LngLat[] {
  const ring = openRing(footprint);
  if (ring.length <= 4) return ring;
  const [lng0, lat0] = ring[0];
  const kx = metresPerDegLng(lat0);
  const ky = METRES_PER_DEG_LAT;
  const pts = ring.map(([lng, lat]) => [(lng - lng0) * kx, (lat - lat0) * ky]);
  let best = 0;
  let ux = 1;
  let uy = 0;
  for (let i = 0; i < pts.length; i++) {
    const j = (i + 1) % pts.length;
    const dx = pts[j][0] - pts[i][0];
    const dy = pts[j][1] - pts[i][1];
    const len = Math.hypot(dx, dy);
    if (len > best) {
      best = len;
      ux = dx / len;
      uy = dy / len;
    }
  }
  let minU = Infinity,
    maxU = -Infinity,
    minV = Infinity,
    maxV = -Infinity;
  for (const [x, y] of pts) {
    const u = x * ux + y * uy;
    const v = -x * uy + y * ux;
    minU = Math.min(minU, u);
    maxU = Math.max(maxU, u);
    minV = Math.min(minV, v);
    maxV = Math.max(maxV, v);
  }
  const corner = (u: number, v: number): LngLat => [lng0 + (u * ux - v * uy) / kx, lat0 + (u * uy + v * ux) / ky];
  // (u, v) is a right-handed rotation of (x, y), so this order stays counter-clockwise.
  return [corner(minU, minV), corner(maxU, minV), corner(maxU, maxV), corner(minU, maxV)];
}

function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}
function crossV(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
function normalize(a: Vec3): Vec3 {
  const l = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
}

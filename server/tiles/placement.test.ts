// Proves the model sits where the map is. Decoded vertex positions (loaders.gl) go through what
// a 3D Tiles client applies: Cesium's own y-up -> z-up rotation (Axis.Y_UP_TO_Z_UP, the default
// for glTF content since tileset.json sets no gltfUpAxis), then the tile's computed transform
// (loaders.gl composes the ancestors' `transform`s), then Cesium's ECEF -> cartographic. The result
// must land on the source footprint in lng/lat and between 0 and the building's height.

import Cartesian3 from '@cesium/engine/Source/Core/Cartesian3.js';
import Cartographic from '@cesium/engine/Source/Core/Cartographic.js';
import Matrix4 from '@cesium/engine/Source/Core/Matrix4.js';
import Axis from '@cesium/engine/Source/Scene/Axis.js';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Building, LngLat } from '../../src/domain/district.types.ts';
import { builtTiles, type Built } from '../../test/support/tiles-built.fixture.ts';
import {
  loadTileset,
  primitiveOf,
  propertyColumns,
  type LoadedTile,
  type LoadedTileset,
} from '../../test/support/tiles-loaders.fixture.ts';

let built: Built;
let ts: LoadedTileset;

beforeAll(async () => {
  built = await builtTiles();
  ts = await loadTileset(join(built.outDir, 'buildings'));
}, 900_000);

interface Placed {
  /** ECEF */
  pos: Cartesian3[];
  nor: Cartesian3[];
  /** lng, lat in degrees, h in metres */
  geo: [number, number, number][];
  fid: ArrayLike<number>;
  indices: ArrayLike<number>;
}

function modelOf(t: LoadedTile): { model: Matrix4; positions: ArrayLike<number>; step: number } {
  expect(t.rotateYtoZ).toBe(true);
  expect(ts.json.asset.gltfUpAxis ?? 'Y').toBe('Y');
  // glTF node TRS (dequantizes KHR_mesh_quantization positions), then y-up -> z-up, then the tile.
  const node = t.gltf.nodes[0];
  expect(node.rotation ?? [0, 0, 0, 1]).toEqual([0, 0, 0, 1]);
  const nodeMatrix = Matrix4.fromTranslationRotationScale({
    translation: Cartesian3.fromArray(node.translation ?? [0, 0, 0]),
    rotation: { x: 0, y: 0, z: 0, w: 1 },
    scale: Cartesian3.fromArray(node.scale ?? [1, 1, 1]),
  } as never);
  const model = Matrix4.multiply(
    Matrix4.multiply(
      Matrix4.fromArray(Array.from(t.tile.computedTransform as unknown as number[])),
      Axis.Y_UP_TO_Z_UP,
      new Matrix4(),
    ),
    nodeMatrix,
    new Matrix4(),
  );
  const prim = primitiveOf(t.gltf);
  return { model, positions: prim.attributes.POSITION.value, step: Math.max(...(node.scale ?? [0])) };
}

function place(t: LoadedTile): Placed {
  const { model, positions: p } = modelOf(t);
  const prim = primitiveOf(t.gltf);
  const normalAcc = prim.attributes.NORMAL;
  // normalized signed bytes decode as max(v / 127, -1); direction is all that matters here
  const n = normalAcc.value as ArrayLike<number>;
  const pos: Cartesian3[] = [];
  const nor: Cartesian3[] = [];
  const geo: [number, number, number][] = [];
  for (let i = 0; i < p.length; i += 3) {
    const e = Matrix4.multiplyByPoint(model, new Cartesian3(p[i], p[i + 1], p[i + 2]), new Cartesian3());
    pos.push(e);
    nor.push(
      Cartesian3.normalize(
        Matrix4.multiplyByPointAsVector(model, new Cartesian3(n[i], n[i + 1], n[i + 2]), new Cartesian3()),
        new Cartesian3(),
      ),
    );
    const c = Cartographic.fromCartesian(e);
    geo.push([(c.longitude * 180) / Math.PI, (c.latitude * 180) / Math.PI, c.height]);
  }
  return { pos, nor, geo, fid: prim.attributes._FEATURE_ID_0.value, indices: prim.indices.value };
}

/** lng/lat -> metres east/north of an origin (fine over a building's extent). */
function metres(origin: LngLat, p: LngLat): [number, number] {
  const k = 111_320;
  return [(p[0] - origin[0]) * k * Math.cos((origin[1] * Math.PI) / 180), (p[1] - origin[1]) * k];
}

function insideRing(ring: [number, number][], x: number, y: number): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

function distToRing(ring: [number, number][], x: number, y: number): number {
  if (insideRing(ring, x, y)) return 0;
  let best = Infinity;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = ring[j];
    const [bx, by] = ring[i];
    const dx = bx - ax,
      dy = by - ay;
    const l2 = dx * dx + dy * dy;
    const t = l2 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
    best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best;
}

function footprintArea(ring: [number, number][]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return Math.abs(s / 2);
}

/** Leaf tile and feature index of a building. */
function findBuilding(id: string): { tile: LoadedTile; feature: number } {
  for (const t of ts.tiles) {
    if (t.children.length || !t.gltf) continue;
    const i = (propertyColumns(t.gltf).id as string[]).indexOf(id);
    if (i >= 0) return { tile: t, feature: i };
  }
  throw new Error(`building ${id} in no leaf`);
}

/** A concave footprint (most vertices), the tallest building and the first id. */
function samples(): Building[] {
  const bs = built.district.buildings.filter((b) => b.height > 0);
  const concave = [...bs].sort((a, b) => b.footprint.length - a.footprint.length || (a.id < b.id ? -1 : 1))[0];
  const tallest = [...bs].sort((a, b) => b.height - a.height || (a.id < b.id ? -1 : 1))[0];
  return [...new Set([concave, tallest, bs[0]])];
}

describe('placement', () => {
  it('sample buildings land on their footprint, from the ground to their height', () => {
    for (const b of samples()) {
      const { tile, feature } = findBuilding(b.id);
      const placed = place(tile);
      const origin = b.footprint[0];
      const ring = b.footprint.map((p) => metres(origin, p));
      let minH = Infinity,
        maxH = -Infinity,
        count = 0;
      placed.geo.forEach(([lng, lat, h], v) => {
        if (placed.fid[v] !== feature) return;
        count++;
        const [x, y] = metres(origin, [lng, lat]);
        expect(distToRing(ring, x, y), `${b.id} vertex ${v}`).toBeLessThan(1);
        minH = Math.min(minH, h);
        maxH = Math.max(maxH, h);
      });
      expect(count).toBeGreaterThan(0);
      expect(Math.abs(minH)).toBeLessThan(0.05);
      expect(Math.abs(maxH - b.height)).toBeLessThan(0.05);
      // every footprint corner is there, at the ground and at the roof
      for (const corner of b.footprint) {
        const [cx, cy] = metres(origin, corner);
        for (const level of [0, b.height]) {
          const hit = placed.geo.some(([lng, lat, h], v) => {
            if (placed.fid[v] !== feature) return false;
            const [x, y] = metres(origin, [lng, lat]);
            return Math.hypot(x - cx, y - cy) < 0.05 && Math.abs(h - level) < 0.05;
          });
          expect(hit, `${b.id} corner ${corner} at ${level} m`).toBe(true);
        }
      }
    }
  });

  it('roofs are flat, cover exactly the (concave) footprint, and face up; walls face outwards', () => {
    for (const b of samples()) {
      const { tile, feature } = findBuilding(b.id);
      const placed = place(tile);
      const origin = b.footprint[0];
      const ring = b.footprint.map((p) => metres(origin, p));
      let roofArea = 0;
      let walls = 0;
      const { indices } = placed;
      for (let t = 0; t < indices.length; t += 3) {
        const [a, c, d] = [indices[t], indices[t + 1], indices[t + 2]];
        if (placed.fid[a] !== feature) continue;
        const pa = placed.pos[a],
          pc = placed.pos[c],
          pd = placed.pos[d];
        const cross = Cartesian3.cross(
          Cartesian3.subtract(pc, pa, new Cartesian3()),
          Cartesian3.subtract(pd, pa, new Cartesian3()),
          new Cartesian3(),
        );
        const area = Cartesian3.magnitude(cross) / 2;
        if (area < 1e-6) continue;
        const faceNormal = Cartesian3.normalize(cross, new Cartesian3());
        // counter-clockwise winding (front face) agrees with the stored normal
        expect(Cartesian3.dot(faceNormal, placed.nor[a])).toBeGreaterThan(0.999);
        const centroid = Cartesian3.multiplyByScalar(
          Cartesian3.add(Cartesian3.add(pa, pc, new Cartesian3()), pd, new Cartesian3()),
          1 / 3,
          new Cartesian3(),
        );
        const up = Cartesian3.normalize(centroid, new Cartesian3());
        const cg = Cartographic.fromCartesian(centroid);
        const [cx, cy] = metres(origin, [(cg.longitude * 180) / Math.PI, (cg.latitude * 180) / Math.PI]);
        if (Cartesian3.dot(faceNormal, up) > 0.99) {
          roofArea += area;
          expect(Math.abs(cg.height - b.height)).toBeLessThan(0.05);
          expect(distToRing(ring, cx, cy)).toBe(0);
        } else {
          walls++;
          // one metre out along the normal is outside the building
          const out = Cartographic.fromCartesian(Cartesian3.add(centroid, faceNormal, new Cartesian3()));
          const [ox, oy] = metres(origin, [(out.longitude * 180) / Math.PI, (out.latitude * 180) / Math.PI]);
          expect(insideRing(ring, ox, oy), `${b.id} wall normal points inwards`).toBe(false);
        }
      }
      expect(roofArea / footprintArea(ring)).toBeCloseTo(1, 2);
      expect(walls).toBeGreaterThanOrEqual(2 * (b.footprint.length - 1));
    }
  });

  it("every vertex of every tile lies inside that tile's bounding region", () => {
    const scratch = new Cartesian3();
    const carto = new Cartographic();
    let checked = 0;
    for (const t of ts.tiles) {
      if (!t.gltf) continue;
      const [w, s, e, n, lo, hi] = t.header.boundingVolume.region;
      const { model, positions, step } = modelOf(t);
      let minX = Infinity,
        minY = Infinity,
        minH = Infinity,
        maxX = -Infinity,
        maxY = -Infinity,
        maxH = -Infinity;
      for (let i = 0; i < positions.length; i += 3) {
        scratch.x = positions[i];
        scratch.y = positions[i + 1];
        scratch.z = positions[i + 2];
        Matrix4.multiplyByPoint(model, scratch, scratch);
        Cartographic.fromCartesian(scratch, undefined, carto);
        minX = Math.min(minX, carto.longitude);
        maxX = Math.max(maxX, carto.longitude);
        minY = Math.min(minY, carto.latitude);
        maxY = Math.max(maxY, carto.latitude);
        minH = Math.min(minH, carto.height);
        maxH = Math.max(maxH, carto.height);
        checked++;
      }
      // tolerance: one quantization step (positions are 16-bit on the tile's grid)
      const tolRad = (step + 0.01) / 6_378_137 / Math.cos(n);
      const tolH = step + 0.01;
      const where = `${t.tile.contentUrl}: vertices [${[minX, minY, maxX, maxY, minH, maxH]}] region [${t.header.boundingVolume.region}]`;
      expect(minX >= w - tolRad && maxX <= e + tolRad && minY >= s - tolRad && maxY <= n + tolRad, where).toBe(true);
      expect(minH >= lo - tolH && maxH <= hi + tolH, where).toBe(true);
    }
    expect(checked).toBeGreaterThan(0);
  });
});

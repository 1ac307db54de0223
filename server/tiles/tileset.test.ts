// The tileset as an independent 3D Tiles client (loaders.gl) sees it: it parses, every tile
// decodes, feature ids and property tables round-trip to the source buildings, and the hierarchy
// obeys 3D Tiles' rules (errors shrink downwards, children inside parents, one leaf per building).

import { join } from 'node:path';
import { TILE_REFINEMENT } from '@loaders.gl/tiles';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Building } from '../../src/domain/district.types.ts';
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
let byId: Map<string, Building>;

beforeAll(async () => {
  built = await builtTiles();
  ts = await loadTileset(join(built.outDir, 'buildings'));
  byId = new Map(built.district.buildings.map((b) => [b.id, b]));
}, 900_000);

const contentTiles = () => ts.tiles.filter((t) => t.gltf);
const leaves = () => ts.tiles.filter((t) => t.children.length === 0);

describe('tileset (loaded with loaders.gl)', () => {
  it('is 3D Tiles 1.1 with GLB content and REPLACE refinement', () => {
    expect(ts.json.asset.version).toBe('1.1');
    expect(contentTiles().length).toBe(built.report.glbCount);
    expect(built.report.glbCount).toBeGreaterThan(1);
    for (const t of contentTiles()) expect(t.tile.contentUrl).toMatch(/\.glb$/);
    for (const t of ts.tiles) expect(t.tile.refine).toBe(TILE_REFINEMENT.REPLACE);
  });

  it('has a real hierarchy: root -> one subtree per patch -> more levels', () => {
    const patches = new Set(built.district.buildings.map((b) => b.patchId));
    expect(ts.root.children.length).toBe(patches.size);
    const depth = (t: LoadedTile): number => 1 + Math.max(0, ...t.children.map(depth));
    expect(depth(ts.root)).toBeGreaterThanOrEqual(3);
  });

  it('geometricError decreases downwards, leaves are ~0', () => {
    expect(ts.json.geometricError).toBeGreaterThan(ts.root.header.geometricError);
    for (const t of ts.tiles) {
      if (t.parent) expect(t.header.geometricError).toBeLessThan(t.parent.header.geometricError);
      if (t.children.length === 0) expect(t.header.geometricError).toBeLessThanOrEqual(1);
    }
  });

  it('child bounding regions lie inside their parents', () => {
    for (const t of ts.tiles) {
      if (!t.parent) continue;
      const [w, s, e, n, lo, hi] = t.header.boundingVolume.region;
      const [pw, ps, pe, pn, plo, phi] = t.parent.header.boundingVolume.region;
      expect(w).toBeGreaterThanOrEqual(pw);
      expect(s).toBeGreaterThanOrEqual(ps);
      expect(e).toBeLessThanOrEqual(pe);
      expect(n).toBeLessThanOrEqual(pn);
      expect(lo).toBeGreaterThanOrEqual(plo);
      expect(hi).toBeLessThanOrEqual(phi);
      expect(w).toBeLessThan(e);
      expect(s).toBeLessThan(n);
    }
  });

  it('every building appears in exactly one leaf', () => {
    const seen = new Map<string, number>();
    for (const t of leaves()) {
      for (const id of propertyColumns(t.gltf).id as string[]) seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    expect([...seen.values()].every((c) => c === 1)).toBe(true);
    const drawable = built.district.buildings.filter(
      (b) => b.height > 0 && new Set(b.footprint.map((p) => p.join())).size >= 3,
    );
    expect(seen.size).toBe(drawable.length);
    expect(seen.size).toBe(built.report.buildings);
    for (const b of drawable) expect(seen.has(b.id), b.id).toBe(true);
  });

  it('feature ids and property tables round-trip to the source buildings', () => {
    for (const t of contentTiles()) {
      const prim = primitiveOf(t.gltf);
      const fid = prim.extensions.EXT_mesh_features.featureIds[0];
      const cols = propertyColumns(t.gltf);
      const ids = cols.id as string[];
      expect(fid.featureCount).toBe(ids.length);
      const perVertex = prim.attributes._FEATURE_ID_0.value as ArrayLike<number>;
      expect(new Set(Array.from(perVertex)).size).toBe(fid.featureCount);
      const src = ids.map((id) => byId.get(id));
      expect(src.every(Boolean), `${t.tile.contentUrl}: unknown building ids`).toBe(true);
      const where = String(t.tile.contentUrl);
      expect(cols.gridId, where).toEqual(src.map((b) => b!.gridId));
      expect(cols.microGridId, where).toEqual(src.map((b) => b!.microGridId ?? ''));
      expect(cols.communityId, where).toEqual(src.map((b) => b!.communityId));
      expect(cols.streetId, where).toEqual(src.map((b) => b!.streetId));
      expect(cols.use, where).toEqual(src.map((b) => b!.use));
      expect(cols.name, where).toEqual(src.map((b) => b!.name));
      expect(cols.address, where).toEqual(src.map((b) => b!.address));
      expect(cols.floors, where).toEqual(src.map((b) => b!.floors));
      expect(cols.households, where).toEqual(src.map((b) => b!.households));
      // float32 column: exact to float32 rounding
      expect(cols.height, where).toEqual(src.map((b) => Math.fround(b!.height)));
    }
  });

  it('internal tiles draw a subset of the buildings below them', () => {
    const below = (t: LoadedTile): Set<string> =>
      t.children.length === 0
        ? new Set(propertyColumns(t.gltf).id as string[])
        : new Set(t.children.flatMap((c) => [...below(c)]));
    const internal = contentTiles().filter((t) => t.children.length > 0);
    expect(internal.length).toBeGreaterThan(0);
    for (const t of internal) {
      const ids = propertyColumns(t.gltf).id as string[];
      const under = below(t);
      expect(ids.length).toBeLessThan(under.size);
      for (const id of ids) expect(under.has(id)).toBe(true);
    }
  });
});

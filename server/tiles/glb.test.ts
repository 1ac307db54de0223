// Every GLB of the built tileset against the Khronos glTF validator, plus the parts of
// EXT_mesh_features / EXT_structural_metadata the validator cannot check (it reports both as
// unsupported): feature ids in range, table sizes, buffer view alignment and bounds.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error gltf-validator ships no types
import validator from 'gltf-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtTiles, walkTiles, type Built } from '../../test/support/tiles-built.fixture.ts';

interface Issue {
  code: string;
  message: string;
  severity: number;
  pointer?: string;
}

let built: Built;
let uris: string[];

function readGlb(path: string) {
  const bytes = readFileSync(path);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(dv.getUint32(0, true)).toBe(0x46546c67);
  expect(dv.getUint32(8, true)).toBe(bytes.byteLength);
  const jsonLen = dv.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLen)));
  const binLen = dv.getUint32(20 + jsonLen, true);
  const bin = bytes.subarray(28 + jsonLen, 28 + jsonLen + binLen);
  return { bytes, json, bin };
}

beforeAll(async () => {
  built = await builtTiles();
  const tileset = JSON.parse(readFileSync(built.report.tilesetPath, 'utf8'));
  uris = walkTiles(tileset.root).flatMap((v) => (v.tile.content ? [v.tile.content.uri] : []));
}, 900_000);

describe('GLB content', () => {
  it('every GLB passes gltf-validator with 0 errors and no warnings other than unknown extensions', async () => {
    expect(uris.length).toBe(built.report.glbCount);
    const infoCodes = new Map<string, number>();
    for (const uri of uris) {
      const { bytes } = readGlb(join(built.outDir, 'buildings', uri));
      const result = await validator.validateBytes(new Uint8Array(bytes), { uri, maxIssues: 0 });
      const messages = result.issues.messages as Issue[];
      const errors = messages.filter((m) => m.severity === 0);
      const warnings = messages.filter((m) => m.severity === 1 && m.code !== 'UNSUPPORTED_EXTENSION');
      expect(errors, `${uri}: ${JSON.stringify(errors.slice(0, 3))}`).toEqual([]);
      expect(warnings, `${uri}: ${JSON.stringify(warnings.slice(0, 3))}`).toEqual([]);
      for (const m of messages.filter((m) => m.severity >= 2)) infoCodes.set(m.code, (infoCodes.get(m.code) ?? 0) + 1);
    }
    // Infos expected: the two extensions are unknown to the validator, and the property-table
    // buffer views look unused to it because only EXT_structural_metadata references them.
    expect([...infoCodes.keys()].every((c) => c === 'UNSUPPORTED_EXTENSION' || c === 'UNUSED_OBJECT')).toBe(true);
  }, 600_000);

  it('feature ids, property tables and buffer views are consistent in every GLB', () => {
    for (const uri of uris) {
      const { json, bin } = readGlb(join(built.outDir, 'buildings', uri));
      expect(json.extensionsUsed).toEqual(expect.arrayContaining(['EXT_mesh_features', 'EXT_structural_metadata']));
      const meta = json.extensions.EXT_structural_metadata;
      const cls = meta.schema.classes[meta.propertyTables[0].class];
      for (const p of [
        'id',
        'name',
        'gridId',
        'microGridId',
        'communityId',
        'streetId',
        'use',
        'floors',
        'height',
        'households',
        'address',
      ]) {
        expect(cls.properties[p], `${uri} schema lacks ${p}`).toBeDefined();
        expect(meta.propertyTables[0].properties[p], `${uri} table lacks ${p}`).toBeDefined();
      }
      for (const bv of json.bufferViews) {
        expect(bv.byteOffset % 8).toBe(0);
        expect(bv.byteOffset + bv.byteLength).toBeLessThanOrEqual(bin.byteLength);
      }
      const prim = json.meshes[0].primitives[0];
      const fid = prim.extensions.EXT_mesh_features.featureIds[0];
      expect(fid.propertyTable).toBe(0);
      expect(fid.featureCount).toBe(meta.propertyTables[0].count);
      const acc = json.accessors[prim.attributes[`_FEATURE_ID_${fid.attribute}`]];
      expect(acc.type).toBe('SCALAR');
      const view = json.bufferViews[acc.bufferView];
      const ids = new Float32Array(
        bin.buffer.slice(bin.byteOffset + view.byteOffset, bin.byteOffset + view.byteOffset + acc.count * 4),
      );
      const seen = new Set<number>();
      let bad = 0;
      for (const id of ids) {
        if (!(Number.isInteger(id) && id >= 0 && id < fid.featureCount)) bad++;
        seen.add(id);
      }
      expect(bad, `${uri}: feature ids out of range`).toBe(0);
      // Every row of the table is drawn by some vertex: no invisible features.
      expect(seen.size).toBe(fid.featureCount);
    }
  }, 300_000);
});

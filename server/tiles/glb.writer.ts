// Assembles a GLB (JSON chunk + BIN chunk) by hand: one merged primitive per tile with a feature
// id per vertex (EXT_mesh_features) pointing into a property table (EXT_structural_metadata).
// Writing the chunks directly keeps full control of the two extensions, which @gltf-transform
// would otherwise drop as unknown.

import type { MeshArrays } from './extrude.mesh.ts';
import { BinBuilder } from './bin.glb.ts';
import { encodePropertyTable, type PropertyTableInput } from './metadata.glb.ts';

const ARRAY_BUFFER = 34962;
const ELEMENT_ARRAY_BUFFER = 34963;
const FLOAT = 5126;
const BYTE = 5120;
const SHORT = 5122;
const UNSIGNED_SHORT = 5123;
const UNSIGNED_INT = 5125;

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * KHR_mesh_quantization (Cesium and the Khronos validator both support it): positions as 16-bit
 * integers on a grid spanning the tile (a leaf a few hundred metres across gets ~1 cm steps, a
 * 5 km patch tile ~8 cm), normals as normalized bytes. 28 -> 16 bytes per vertex with the float
 * feature id. Elements are padded to 4-byte boundaries, as glTF requires of vertex attributes.
 */
function quantize(mesh: MeshArrays) {
  const n = mesh.positions.length / 3;
  const translation = [0, 1, 2].map((k) => (mesh.min[k] + mesh.max[k]) / 2);
  const half = Math.max(...[0, 1, 2].map((k) => (mesh.max[k] - mesh.min[k]) / 2), 1e-3);
  const step = half / 32767;
  const pos = new Int16Array(n * 4);
  const nor = new Int8Array(n * 4);
  const min = [32767, 32767, 32767];
  const max = [-32767, -32767, -32767];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) {
      const v = Math.max(-32767, Math.min(32767, Math.round((mesh.positions[i * 3 + k] - translation[k]) / step)));
      pos[i * 4 + k] = v;
      if (v < min[k]) min[k] = v;
      if (v > max[k]) max[k] = v;
      nor[i * 4 + k] = Math.round(mesh.normals[i * 3 + k] * 127);
    }
  }
  return { positions: bytesOf(pos), normals: bytesOf(nor), translation, scale: [step, step, step], min, max };
}

export interface GlbInput {
  mesh: MeshArrays;
  featureCount: number;
  table: PropertyTableInput;
  color: [number, number, number, number];
}

export function writeGlb(input: GlbInput): Uint8Array {
  const { mesh } = input;
  const bin = new BinBuilder();
  const vertexCount = mesh.positions.length / 3;
  const accessors: Record<string, unknown>[] = [];
  const q = quantize(mesh);
  const posView = bin.add(q.positions, ARRAY_BUFFER, 8);
  accessors.push({
    bufferView: posView,
    componentType: SHORT,
    count: vertexCount,
    type: 'VEC3',
    min: q.min,
    max: q.max,
  });
  const norView = bin.add(q.normals, ARRAY_BUFFER, 4);
  accessors.push({ bufferView: norView, componentType: BYTE, normalized: true, count: vertexCount, type: 'VEC3' });
  const fidView = bin.add(bytesOf(mesh.featureIds), ARRAY_BUFFER);
  accessors.push({ bufferView: fidView, componentType: FLOAT, count: vertexCount, type: 'SCALAR' });
  const idxView = bin.add(bytesOf(mesh.indices), ELEMENT_ARRAY_BUFFER);
  const indexType = mesh.indices instanceof Uint16Array ? UNSIGNED_SHORT : UNSIGNED_INT;
  accessors.push({ bufferView: idxView, componentType: indexType, count: mesh.indices.length, type: 'SCALAR' });
  const metadata = encodePropertyTable(input.table, bin);

  const json = {
    asset: { version: '2.0', generator: 'gridwall server/tiles' },
    extensionsUsed: ['EXT_mesh_features', 'EXT_structural_metadata', 'KHR_mesh_quantization'],
    extensionsRequired: ['KHR_mesh_quantization'],
    extensions: { EXT_structural_metadata: metadata },
    scene: 0,
    scenes: [{ nodes: [0] }],
    // dequantizes positions: local = translation + scale * stored
    nodes: [{ mesh: 0, translation: q.translation, scale: q.scale }],
    meshes: [
      {
        primitives: [
          {
            attributes: { POSITION: 0, NORMAL: 1, _FEATURE_ID_0: 2 },
            indices: 3,
            material: 0,
            mode: 4,
            extensions: {
              EXT_mesh_features: { featureIds: [{ featureCount: input.featureCount, attribute: 0, propertyTable: 0 }] },
            },
          },
        ],
      },
    ],
    materials: [
      {
        pbrMetallicRoughness: { baseColorFactor: input.color, metallicFactor: 0, roughnessFactor: 0.9 },
      },
    ],
    accessors,
    bufferViews: bin.bufferViews,
    buffers: [{ byteLength: 0 }],
  };
  const binBytes = bin.concat();
  json.buffers[0].byteLength = binBytes.byteLength;
  return assembleGlb(json, binBytes);
}

export function assembleGlb(json: unknown, binBytes: Uint8Array): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify(json));
  const jsonPad = (4 - (text.byteLength % 4)) % 4;
  const jsonLen = text.byteLength + jsonPad;
  const total = 12 + 8 + jsonLen + 8 + binBytes.byteLength;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0x46546c67, true); // 'glTF'
  dv.setUint32(4, 2, true);
  dv.setUint32(8, total, true);
  dv.setUint32(12, jsonLen, true);
  dv.setUint32(16, 0x4e4f534a, true); // 'JSON'
  out.set(text, 20);
  out.fill(0x20, 20 + text.byteLength, 20 + jsonLen); // JSON chunk pads with spaces
  const binStart = 20 + jsonLen;
  dv.setUint32(binStart, binBytes.byteLength, true);
  dv.setUint32(binStart + 4, 0x004e4942, true); // 'BIN\0'
  out.set(binBytes, binStart + 8);
  return out;
}

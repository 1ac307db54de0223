// Assembles a GLB (JSON chunk + BIN chunk) by hand: one merged primitive per tile with a feature
// id per vertex (EXT_mesh_features) pointing into a property table (EXT_structural_metadata).
// Writing the chunks directly keeps full control of the two extensions, which @gltf-transform
// would otherwise drop as unknown.

import type { MeshArrays } from './extrude.mesh.ts';
import { encodePropertyTable, type PropertyTableInput } from './metadata.glb.ts';

const ARRAY_BUFFER = 34962;
const ELEMENT_ARRAY_BUFFER = 34963;
const FLOAT = 5126;
const UNSIGNED_SHORT = 5123;
const UNSIGNED_INT = 5125;

/** Accumulates binary blocks; EXT_structural_metadata wants buffer views 8-byte aligned. */
export class BinBuilder {
  readonly bufferViews: Record<string, number>[] = [];
  private parts: Uint8Array[] = [];
  private length = 0;

  add(bytes: Uint8Array, target?: number): number {
    const pad = (8 - (this.length % 8)) % 8;
    if (pad) {
      this.parts.push(new Uint8Array(pad));
      this.length += pad;
    }
    const view: Record<string, number> = { buffer: 0, byteOffset: this.length, byteLength: bytes.byteLength };
    if (target !== undefined) view.target = target;
    this.bufferViews.push(view);
    this.parts.push(bytes);
    this.length += bytes.byteLength;
    return this.bufferViews.length - 1;
  }

  concat(): Uint8Array {
    const pad = (4 - (this.length % 4)) % 4;
    const out = new Uint8Array(this.length + pad);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.byteLength;
    }
    return out;
  }
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
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
  const posView = bin.add(bytesOf(mesh.positions), ARRAY_BUFFER);
  accessors.push({ bufferView: posView, componentType: FLOAT, count: vertexCount, type: 'VEC3', min: mesh.min, max: mesh.max });
  const norView = bin.add(bytesOf(mesh.normals), ARRAY_BUFFER);
  accessors.push({ bufferView: norView, componentType: FLOAT, count: vertexCount, type: 'VEC3' });
  const fidView = bin.add(bytesOf(mesh.featureIds), ARRAY_BUFFER);
  accessors.push({ bufferView: fidView, componentType: FLOAT, count: vertexCount, type: 'SCALAR' });
  const idxView = bin.add(bytesOf(mesh.indices), ELEMENT_ARRAY_BUFFER);
  const indexType = mesh.indices instanceof Uint16Array ? UNSIGNED_SHORT : UNSIGNED_INT;
  accessors.push({ bufferView: idxView, componentType: indexType, count: mesh.indices.length, type: 'SCALAR' });
  const metadata = encodePropertyTable(input.table, bin);

  const json = {
    asset: { version: '2.0', generator: 'gridwall server/tiles' },
    extensionsUsed: ['EXT_mesh_features', 'EXT_structural_metadata'],
    extensions: { EXT_structural_metadata: metadata },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0 }],
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

// EXT_structural_metadata for buildings: one class, one property table per GLB, rows in feature-id
// order. Cesium exposes each column as feature.getProperty(name) and to Cesium3DTileStyle as
// ${name}; loaders.gl decodes the same table, which the tests use to round-trip the source data.

import type { Building } from '../../src/domain/district.types.ts';
import type { BinBuilder } from './bin.glb.ts';

type StringProp = { type: 'STRING'; description: string; get: (b: Building) => string };
type NumberProp = {
  type: 'SCALAR';
  componentType: 'UINT16' | 'UINT32' | 'FLOAT32';
  description: string;
  get: (b: Building) => number;
};

export const BUILDING_CLASS = 'building';

/** Column order is the property order of the schema; ids first so they are easy to eyeball. */
export const BUILDING_PROPERTIES: Record<string, StringProp | NumberProp> = {
  id: { type: 'STRING', description: 'building id (B000001...)', get: (b) => b.id },
  name: { type: 'STRING', description: 'building name, zh-CN', get: (b) => b.name },
  address: { type: 'STRING', description: 'standard address (一标三实)', get: (b) => b.address },
  use: {
    type: 'STRING',
    description: 'residential | shop | school | hospital | government | industry',
    get: (b) => b.use,
  },
  streetId: { type: 'STRING', description: 'town/street id', get: (b) => b.streetId },
  communityId: { type: 'STRING', description: 'community id', get: (b) => b.communityId },
  gridId: { type: 'STRING', description: 'grid id', get: (b) => b.gridId },
  microGridId: { type: 'STRING', description: 'micro-grid id, empty when none', get: (b) => b.microGridId ?? '' },
  patchId: { type: 'STRING', description: 'urban patch id', get: (b) => b.patchId },
  floors: { type: 'SCALAR', componentType: 'UINT16', description: 'floors above ground', get: (b) => b.floors },
  height: { type: 'SCALAR', componentType: 'FLOAT32', description: 'height in metres', get: (b) => b.height },
  households: {
    type: 'SCALAR',
    componentType: 'UINT32',
    description: 'households, 0 if not residential',
    get: (b) => b.households,
  },
};

export function buildingSchema() {
  const properties: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(BUILDING_PROPERTIES)) {
    properties[name] =
      p.type === 'STRING'
        ? { type: 'STRING', description: p.description, required: true }
        : { type: 'SCALAR', componentType: p.componentType, description: p.description, required: true };
  }
  return {
    id: 'gridwall',
    name: 'gridwall district model',
    version: '1',
    classes: { [BUILDING_CLASS]: { name: 'Building', properties } },
  };
}

export interface PropertyTableInput {
  buildings: Building[];
}

const encoder = new TextEncoder();

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Writes every column into `bin` and returns the extension's JSON object. */
export function encodePropertyTable(input: PropertyTableInput, bin: BinBuilder) {
  const rows = input.buildings;
  const properties: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(BUILDING_PROPERTIES)) {
    if (p.type === 'STRING') {
      const encoded = rows.map((b) => encoder.encode(p.get(b)));
      const offsets = new Uint32Array(rows.length + 1);
      let total = 0;
      encoded.forEach((e, i) => {
        offsets[i] = total;
        total += e.byteLength;
      });
      offsets[rows.length] = total;
      // A buffer view may not be empty (glTF byteLength >= 1): a column of empty strings keeps 1 byte.
      const values = new Uint8Array(Math.max(total, 1));
      encoded.forEach((e, i) => values.set(e, offsets[i]));
      properties[name] = {
        values: bin.add(values),
        stringOffsets: bin.add(bytesOf(offsets)),
        stringOffsetType: 'UINT32',
      };
    } else {
      const nums = rows.map((b) => p.get(b));
      const values =
        p.componentType === 'UINT16'
          ? Uint16Array.from(nums)
          : p.componentType === 'UINT32'
            ? Uint32Array.from(nums)
            : Float32Array.from(nums);
      properties[name] = { values: bin.add(bytesOf(values)) };
    }
  }
  return {
    schema: buildingSchema(),
    propertyTables: [{ name: 'buildings', class: BUILDING_CLASS, count: rows.length, properties }],
  };
}

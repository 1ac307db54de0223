// Writes a single-band Float32 geographic (EPSG:4326) GeoTIFF: uncompressed, one strip, pixel-is-
// area, with GDAL's nodata tag. Enough for the demo district's generated DEM and test DEMs; the
// reader side is the `geotiff` library, so what we write is checked by an implementation not ours.

export interface DemRaster {
  width: number;
  height: number;
  /** row-major, first row is the north edge */
  data: Float32Array;
  /** [west, south, east, north] of the raster's outer pixel edges, degrees */
  bbox: [number, number, number, number];
  noData?: number;
}

type Tag = { tag: number; type: 3 | 4 | 12 | 2; values: number[] | string };
const TYPE_SIZE: Record<number, number> = { 2: 1, 3: 2, 4: 4, 12: 8 };

export function writeGeoTiff(r: DemRaster): Buffer {
  const [w, s, e, n] = r.bbox;
  const dataBytes = r.width * r.height * 4;
  const tags: Tag[] = [
    { tag: 256, type: 4, values: [r.width] },
    { tag: 257, type: 4, values: [r.height] },
    { tag: 258, type: 3, values: [32] },
    { tag: 259, type: 3, values: [1] },
    { tag: 262, type: 3, values: [1] },
    { tag: 273, type: 4, values: [0] }, // strip offset, patched below
    { tag: 277, type: 3, values: [1] },
    { tag: 278, type: 4, values: [r.height] },
    { tag: 279, type: 4, values: [dataBytes] },
    { tag: 284, type: 3, values: [1] },
    { tag: 339, type: 3, values: [3] },
    { tag: 33550, type: 12, values: [(e - w) / r.width, (n - s) / r.height, 0] },
    { tag: 33922, type: 12, values: [0, 0, 0, w, n, 0] },
    // GeoKeyDirectory: version 1.1.0, 3 keys: model type geographic, raster pixel-is-area, WGS 84
    { tag: 34735, type: 3, values: [1, 1, 0, 3, 1024, 0, 1, 2, 1025, 0, 1, 1, 2048, 0, 1, 4326] },
  ];
  if (r.noData !== undefined) tags.push({ tag: 42113, type: 2, values: `${r.noData}\0` });
  tags.sort((a, b) => a.tag - b.tag);
  const count = (t: Tag) => (typeof t.values === 'string' ? t.values.length : t.values.length);
  const ifdOffset = 8;
  const ifdBytes = 2 + tags.length * 12 + 4;
  let extra = ifdOffset + ifdBytes;
  const extraAt = new Map<Tag, number>();
  for (const t of tags) {
    const bytes = count(t) * TYPE_SIZE[t.type];
    if (bytes > 4) {
      extraAt.set(t, extra);
      extra += bytes + (bytes % 2);
    }
  }
  const dataAt = extra + ((4 - (extra % 4)) % 4);
  (tags.find((t) => t.tag === 273)!.values as number[])[0] = dataAt;
  const buf = Buffer.alloc(dataAt + dataBytes);
  buf.write('II', 0, 'latin1');
  buf.writeUInt16LE(42, 2);
  buf.writeUInt32LE(ifdOffset, 4);
  buf.writeUInt16LE(tags.length, ifdOffset);
  const writeValues = (t: Tag, at: number) => {
    if (typeof t.values === 'string') buf.write(t.values, at, 'latin1');
    else
      t.values.forEach((v, i) => {
        if (t.type === 3) buf.writeUInt16LE(v, at + i * 2);
        else if (t.type === 4) buf.writeUInt32LE(v, at + i * 4);
        else buf.writeDoubleLE(v, at + i * 8);
      });
  };
  tags.forEach((t, i) => {
    const at = ifdOffset + 2 + i * 12;
    buf.writeUInt16LE(t.tag, at);
    buf.writeUInt16LE(t.type, at + 2);
    buf.writeUInt32LE(count(t), at + 4);
    const off = extraAt.get(t);
    if (off !== undefined) {
      buf.writeUInt32LE(off, at + 8);
      writeValues(t, off);
    } else writeValues(t, at + 8);
  });
  buf.writeUInt32LE(0, ifdOffset + 2 + tags.length * 12);
  Buffer.from(r.data.buffer, r.data.byteOffset, dataBytes).copy(buf, dataAt);
  return buf;
}

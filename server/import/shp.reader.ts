// A small Shapefile reader (.shp polygons/points + .dbf attributes). Our own rather than a
// library's because Chinese DBFs are usually GBK without a .cpg: we need the raw attribute bytes
// to detect the encoding before decoding, and only polygons, points and a few field types matter.

import { existsSync, readFileSync } from 'node:fs';
import { decodeText, detectEncoding, type TextEncodingName } from './encoding.import.ts';

/** Rings exactly as stored (outer rings clockwise in Shapefile, holes counter-clockwise). */
export type RawRing = [number, number][];
export interface RawShape {
  kind: 'polygon' | 'point' | 'null';
  rings: RawRing[];
  point: [number, number] | null;
}

export interface ShapefileData {
  shapes: RawShape[];
  records: Record<string, string | number | null>[];
  encoding: TextEncodingName;
  /** contents of the .prj, if there is one */
  prj: string | null;
}

const POLYGON = new Set([5, 15, 25]);
const POINT = new Set([1, 11, 21]);

function readShapes(buf: Buffer): RawShape[] {
  if (buf.readInt32BE(0) !== 9994) throw new Error('not a .shp file (bad file code)');
  const fileBytes = buf.readInt32BE(24) * 2;
  const shapes: RawShape[] = [];
  let off = 100;
  while (off + 8 <= Math.min(fileBytes, buf.length)) {
    const contentBytes = buf.readInt32BE(off + 4) * 2;
    const rec = off + 8;
    const type = buf.readInt32LE(rec);
    if (type === 0) shapes.push({ kind: 'null', rings: [], point: null });
    else if (POINT.has(type))
      shapes.push({ kind: 'point', rings: [], point: [buf.readDoubleLE(rec + 4), buf.readDoubleLE(rec + 12)] });
    else if (POLYGON.has(type)) {
      const numParts = buf.readInt32LE(rec + 36);
      const numPoints = buf.readInt32LE(rec + 40);
      const partsAt = rec + 44;
      const pointsAt = partsAt + numParts * 4;
      const rings: RawRing[] = [];
      for (let p = 0; p < numParts; p++) {
        const start = buf.readInt32LE(partsAt + p * 4);
        const end = p + 1 < numParts ? buf.readInt32LE(partsAt + (p + 1) * 4) : numPoints;
        const ring: RawRing = [];
        for (let i = start; i < end; i++)
          ring.push([buf.readDoubleLE(pointsAt + i * 16), buf.readDoubleLE(pointsAt + i * 16 + 8)]);
        rings.push(ring);
      }
      shapes.push({ kind: 'polygon', rings, point: null });
    } else throw new Error(`unsupported shape type ${type} (polygons and points only)`);
    off = rec + contentBytes;
  }
  return shapes;
}

interface DbfField {
  name: string;
  type: string;
  length: number;
  decimals: number;
}

/** Code page marks (byte 29, "language driver id") that mean GBK/GB2312. */
const LDID_GBK = new Set([0x4d, 0x7a]);

function readDbf(buf: Buffer, forced: TextEncodingName | null, cpg: string | null) {
  const count = buf.readUInt32LE(4);
  const headerBytes = buf.readUInt16LE(8);
  const recordBytes = buf.readUInt16LE(10);
  const fields: DbfField[] = [];
  for (let off = 32; off + 32 <= headerBytes && buf[off] !== 0x0d; off += 32) {
    const end = buf.indexOf(0, off);
    const name = buf.toString('latin1', off, Math.min(end < 0 ? off + 11 : end, off + 11)).trim();
    fields.push({ name, type: String.fromCharCode(buf[off + 11]), length: buf[off + 16], decimals: buf[off + 17] });
  }
  // Field names are ASCII in practice; values are where the Chinese lives. Gather every character
  // field's bytes first, then pick one encoding for the whole file.
  const raw: Buffer[][] = [];
  const sample: Buffer[] = [];
  for (let r = 0; r < count; r++) {
    const start = headerBytes + r * recordBytes;
    const row: Buffer[] = [];
    let off = start + 1; // deletion flag
    for (const f of fields) {
      const bytes = buf.subarray(off, off + f.length);
      row.push(bytes);
      if (f.type === 'C') sample.push(bytes);
      off += f.length;
    }
    raw.push(row);
  }
  const encoding =
    forced ?? cpgEncoding(cpg) ?? (LDID_GBK.has(buf[29]) ? 'gbk' : detectEncoding(Buffer.concat(sample)));
  const records = raw.map((row) => {
    const out: Record<string, string | number | null> = {};
    fields.forEach((f, i) => {
      const text =
        f.type === 'C' ? decodeText(row[i], encoding).replace(/\0+$/, '').trim() : row[i].toString('latin1').trim();
      if (f.type === 'N' || f.type === 'F')
        out[f.name] = text === '' || Number.isNaN(Number(text)) ? null : Number(text);
      else out[f.name] = text === '' ? null : text;
    });
    return out;
  });
  return { records, encoding };
}

function cpgEncoding(cpg: string | null): TextEncodingName | null {
  if (!cpg) return null;
  const c = cpg.trim().toLowerCase();
  if (/utf-?8|65001/.test(c)) return 'utf-8';
  if (/gbk|gb2312|gb18030|936|cp936/.test(c)) return 'gbk';
  return null;
}

/** Reads `<base>.shp` with its `.dbf`, `.prj` and `.cpg` siblings. */
export function readShapefile(shpPath: string, encoding: TextEncodingName | null = null): ShapefileData {
  const base = shpPath.replace(/\.shp$/i, '');
  const sibling = (ext: string) =>
    [`${base}.${ext}`, `${base}.${ext.toUpperCase()}`].find((p) => existsSync(p)) ?? null;
  const shapes = readShapes(readFileSync(shpPath));
  const dbfPath = sibling('dbf');
  const prjPath = sibling('prj');
  const cpgPath = sibling('cpg');
  const dbf = dbfPath
    ? readDbf(readFileSync(dbfPath), encoding, cpgPath ? readFileSync(cpgPath, 'latin1') : null)
    : { records: shapes.map(() => ({})), encoding: 'utf-8' as const };
  if (dbf.records.length !== shapes.length)
    throw new Error(`${shpPath}: ${shapes.length} shapes but ${dbf.records.length} DBF records`);
  return { shapes, records: dbf.records, encoding: dbf.encoding, prj: prjPath ? readFileSync(prjPath, 'utf8') : null };
}

// Reads one manifest file entry (GeoJSON or Shapefile) into features with WGS 84 geometry and
// their attributes. Geometry is kept as found (an unclosed ring stays unclosed) so validation can
// say what was wrong with the source rather than with our repair of it.

import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { resolveCrs, looksProjected } from './crs.import.ts';
import { decodeFile, normalizeEncoding, type TextEncodingName } from './encoding.import.ts';
import { readShapefile, type RawRing } from './shp.reader.ts';

export type Props = Record<string, unknown>;
export interface SourceFeature {
  /** 1-based position in the file, what a report names when the feature has no id */
  index: number;
  props: Props;
  /** first (largest) polygon: outer ring, then holes; [] for an empty geometry */
  rings: [number, number][][];
  /** polygon parts in the source; >1 means the others were dropped */
  parts: number;
  point: [number, number] | null;
}

export interface SourceFile {
  path: string;
  features: SourceFeature[];
  crsLabel: string;
  encoding: TextEncodingName;
}

function ringArea(r: RawRing): number {
  let s = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += r[j][0] * r[i][1] - r[i][0] * r[j][1];
  return s / 2;
}

function inRing(p: [number, number], r: RawRing): boolean {
  let inside = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    if (
      r[i][1] > p[1] !== r[j][1] > p[1] &&
      p[0] < ((r[j][0] - r[i][0]) * (p[1] - r[i][1])) / (r[j][1] - r[i][1]) + r[i][0]
    )
      inside = !inside;
  }
  return inside;
}

/** Shapefile: clockwise rings are outers, counter-clockwise ones are holes of the outer holding them. */
function shpPolygons(rings: RawRing[]): RawRing[][] {
  const outers: RawRing[][] = [];
  const holes: RawRing[] = [];
  for (const r of rings) {
    if (ringArea(r) <= 0) outers.push([r]);
    else holes.push(r);
  }
  if (outers.length === 0) return rings.map((r) => [r]); // all counter-clockwise: a sloppy writer
  for (const h of holes) (outers.find((o) => h.length > 0 && inRing(h[0], o[0])) ?? outers[0]).push(h);
  return outers;
}

function largest(polys: RawRing[][]): RawRing[] {
  let best: RawRing[] = [];
  let bestA = -1;
  for (const p of polys) {
    const a = p[0] ? Math.abs(ringArea(p[0])) : 0;
    if (a > bestA) {
      bestA = a;
      best = p;
    }
  }
  return best;
}

interface GeoJsonGeometry {
  type: string;
  coordinates?: unknown;
}

function geojsonPolygons(g: GeoJsonGeometry | null): { polys: RawRing[][]; point: [number, number] | null } {
  if (!g || !Array.isArray(g.coordinates)) return { polys: [], point: null };
  if (g.type === 'Polygon')
    return { polys: (g.coordinates as RawRing[]).length ? [g.coordinates as RawRing[]] : [], point: null };
  if (g.type === 'MultiPolygon')
    return { polys: (g.coordinates as RawRing[][]).filter((p) => p.length > 0), point: null };
  if (g.type === 'Point') return { polys: [], point: g.coordinates as [number, number] };
  throw new Error(`unsupported geometry type ${g.type} (Polygon, MultiPolygon or Point)`);
}

export interface ReadOptions {
  crs: string;
  encoding?: string;
}

export function readSource(path: string, opts: ReadOptions): SourceFile {
  const forced = normalizeEncoding(opts.encoding);
  const ext = extname(path).toLowerCase();
  let raw: { props: Props; polys: RawRing[][]; point: [number, number] | null }[];
  let prj: string | null = null;
  let encoding: TextEncodingName;
  if (ext === '.shp') {
    const shp = readShapefile(path, forced);
    prj = shp.prj;
    encoding = shp.encoding;
    raw = shp.shapes.map((s, i) => ({
      props: shp.records[i],
      polys: s.kind === 'polygon' ? shpPolygons(s.rings) : [],
      point: s.point,
    }));
  } else if (ext === '.geojson' || ext === '.json') {
    const decoded = decodeFile(readFileSync(path), forced);
    encoding = decoded.encoding;
    const doc = JSON.parse(decoded.text) as {
      type: string;
      features?: { properties?: Props; geometry: GeoJsonGeometry | null }[];
    };
    if (doc.type !== 'FeatureCollection' || !Array.isArray(doc.features))
      throw new Error(`${path}: not a GeoJSON FeatureCollection`);
    raw = doc.features.map((f) => ({ props: f.properties ?? {}, ...geojsonPolygons(f.geometry) }));
  } else throw new Error(`${path}: unsupported file type ${ext} (.geojson, .json or .shp)`);

  const crs = resolveCrs(opts.crs, prj);
  const first =
    raw.find((r) => r.point || r.polys[0]?.[0]?.length)?.polys[0]?.[0]?.[0] ?? raw.find((r) => r.point)?.point;
  if (first && crs.label.startsWith('WGS 84') && looksProjected(first[0], first[1])) {
    throw new Error(
      `${path}: coordinates like ${first.join(', ')} are not degrees; give a .prj or "crs": "EPSG:<code>"`,
    );
  }
  // 1e-7° is about 1 cm: finer digits are conversion noise, and they bloat every file we write.
  const r7 = (v: number) => Math.round(v * 1e7) / 1e7;
  const to = (x: number, y: number): [number, number] => {
    const [lng, lat] = crs.toWgs84(x, y);
    return [r7(lng), r7(lat)];
  };
  const conv = (r: RawRing) => r.map(([x, y]) => to(x, y));
  const features = raw.map((r, i): SourceFeature => {
    const poly = largest(r.polys);
    let rings = poly.map(conv);
    // GeoJSON's right-hand rule: outer counter-clockwise, holes clockwise.
    rings = rings.map((ring, k) => ((k === 0) === ringArea(ring) < 0 ? [...ring].reverse() : ring));
    return {
      index: i + 1,
      props: r.props,
      rings,
      parts: r.polys.length,
      point: r.point ? to(r.point[0], r.point[1]) : null,
    };
  });
  return { path, features, crsLabel: crs.label, encoding };
}

/** First present value among the named fields, then the usual defaults, as a trimmed string. */
export function pickField(props: Props, named: string | undefined, defaults: readonly string[]): string | null {
  const keys = named ? [named] : defaults;
  for (const k of keys) {
    const v = props[k];
    if (v !== undefined && v !== null && String(v).trim() !== '') return String(v).trim();
  }
  return null;
}

export const NAME_FIELDS = ['name', 'NAME', 'Name', '名称', 'MC', 'mc', 'NAME_CN', 'title'] as const;
export const ID_FIELDS = ['id', 'ID', 'Id', 'code', 'CODE', 'Code', '编码', '代码', 'BM', 'bm', 'DM', 'dm'] as const;

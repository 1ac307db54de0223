// Ground imagery: WebMercator XYZ PNG tiles (OSM layout, y from the top) in a dark command-hall
// style. Low zooms cover the whole district; high zooms only the urban patches, where the 3D model
// stands and the camera goes close. Only tiles with something drawn are written.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LngLat, PolygonCoords, RoadClass } from '../../src/domain/district.types.ts';
import type { DistrictInput } from './district.load.ts';
import { encodePng } from './png.encode.ts';
import { Tile, type Rgba } from './raster.draw.ts';

export const GROUND_STYLE = {
  land: [11, 14, 19, 255] as Rgba,
  patch: [22, 27, 35, 255] as Rgba,
  block: [33, 40, 50, 255] as Rgba,
  water: [12, 40, 70, 255] as Rgba,
  road: {
    rural: { color: [44, 51, 60, 255] as Rgba, widthM: 5, minPx: 0.8, minZoom: 11 },
    lane: { color: [52, 59, 69, 255] as Rgba, widthM: 6, minPx: 0.8, minZoom: 14 },
    street: { color: [68, 78, 90, 255] as Rgba, widthM: 12, minPx: 1, minZoom: 12 },
    arterial: { color: [92, 104, 118, 255] as Rgba, widthM: 22, minPx: 1.4, minZoom: 0 },
  } satisfies Record<RoadClass, unknown>,
};
const ROAD_ORDER: RoadClass[] = ['rural', 'lane', 'street', 'arterial'];
const BLOCK_MIN_ZOOM = 15;

export interface GroundOptions {
  minZoom: number;
  /** last zoom drawn over the whole district bbox */
  districtMaxZoom: number;
  maxZoom: number;
  /** margin around each patch for the detailed zooms, metres */
  patchMarginM: number;
}
export const DEFAULT_GROUND: GroundOptions = { minZoom: 10, districtMaxZoom: 13, maxZoom: 17, patchMarginM: 150 };

export interface GroundManifest {
  minZoom: number;
  maxZoom: number;
  bounds: [number, number, number, number];
  tilingScheme: 'webmercator';
  tileSize: 256;
  /** zooms above districtMaxZoom exist only inside these [w, s, e, n] rectangles (the patches) */
  detail: { minZoom: number; maxZoom: number; rectangles: [number, number, number, number][] };
  tiles: number;
  bytes: number;
}

export function mercX(lng: number): number {
  return (lng + 180) / 360;
}
export function mercY(lat: number): number {
  const phi = (lat * Math.PI) / 180;
  return (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2;
}
export function tileToLng(x: number, z: number): number {
  return (x / 2 ** z) * 360 - 180;
}
export function tileToLat(y: number, z: number): number {
  const n = Math.PI - (2 * Math.PI * y) / 2 ** z;
  return (Math.atan(Math.sinh(n)) * 180) / Math.PI;
}

interface Shape {
  rings: Float64Array[]; // mercator [0..1] flat xy
  bbox: [number, number, number, number];
}

function project(coords: LngLat[][]): Shape {
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const rings = coords.map((ring) => {
    const out = new Float64Array(ring.length * 2);
    ring.forEach(([lng, lat], i) => {
      const x = mercX(lng);
      const y = mercY(lat);
      out[i * 2] = x;
      out[i * 2 + 1] = y;
      if (x < bbox[0]) bbox[0] = x;
      if (y < bbox[1]) bbox[1] = y;
      if (x > bbox[2]) bbox[2] = x;
      if (y > bbox[3]) bbox[3] = y;
    });
    return out;
  });
  return { rings, bbox };
}

interface Layer {
  kind: 'fill' | 'line';
  color: Rgba;
  shapes: Shape[];
  minZoom: number;
  widthM?: number;
  minPx?: number;
  index?: GridIndex;
}

/** Shapes bucketed by zoom-14 tile, so a tile looks at its neighbourhood, not all 40k footprints. */
class GridIndex {
  private static readonly Z = 14;
  private cells = new Map<number, number[]>();
  constructor(private shapes: Shape[]) {
    const k = 2 ** GridIndex.Z;
    shapes.forEach((s, i) => {
      for (let x = Math.floor(s.bbox[0] * k); x <= Math.floor(s.bbox[2] * k); x++) {
        for (let y = Math.floor(s.bbox[1] * k); y <= Math.floor(s.bbox[3] * k); y++) {
          const key = x * k + y;
          const list = this.cells.get(key);
          if (list) list.push(i);
          else this.cells.set(key, [i]);
        }
      }
    });
  }
  /** Shapes whose bbox meets [x0, y0, x1, y1] (mercator units), in their original order. */
  query(b: number[]): Shape[] {
    const k = 2 ** GridIndex.Z;
    const hits = new Set<number>();
    for (let x = Math.floor(b[0] * k); x <= Math.floor(b[2] * k); x++) {
      for (let y = Math.floor(b[1] * k); y <= Math.floor(b[3] * k); y++) {
        for (const i of this.cells.get(x * k + y) ?? []) hits.add(i);
      }
    }
    return [...hits].sort((p, q) => p - q).map((i) => this.shapes[i]);
  }
}

function layers(d: DistrictInput): Layer[] {
  const polys = (ps: PolygonCoords[]) => ps.map((p) => project(p));
  const out: Layer[] = [
    { kind: 'fill', color: GROUND_STYLE.land, shapes: polys([d.hierarchy.district.polygon]), minZoom: 0 },
    { kind: 'fill', color: GROUND_STYLE.patch, shapes: polys(d.patches.map((p) => p.polygon)), minZoom: 0 },
    { kind: 'fill', color: GROUND_STYLE.water, shapes: polys(d.water.map((w) => w.polygon)), minZoom: 0 },
    {
      kind: 'fill',
      color: GROUND_STYLE.block,
      shapes: polys(d.buildings.map((b) => [b.footprint])),
      minZoom: BLOCK_MIN_ZOOM,
    },
  ];
  const { nodes, edges } = d.roads;
  for (const cls of ROAD_ORDER) {
    const style = GROUND_STYLE.road[cls];
    const shapes = edges
      .filter((e) => e.cls === cls)
      .map((e) => project([[nodes[e.from], ...(e.via ?? []), nodes[e.to]]]));
    out.push({
      kind: 'line',
      color: style.color,
      shapes,
      minZoom: style.minZoom,
      widthM: style.widthM,
      minPx: style.minPx,
    });
  }
  // Many small shapes are worth indexing; a district or a river is not.
  for (const l of out) if (l.shapes.length > 64) l.index = new GridIndex(l.shapes);
  return out;
}

/** Tiles [x0..x1] x [y0..y1] at zoom z covering a lng/lat rectangle. */
function tileRange(w: number, s: number, e: number, n: number, z: number): [number, number, number, number] {
  const k = 2 ** z;
  const clamp = (v: number) => Math.max(0, Math.min(k - 1, Math.floor(v * k)));
  return [clamp(mercX(w)), clamp(mercY(n)), clamp(mercX(e)), clamp(mercY(s))];
}

function bboxOf(polys: PolygonCoords[]): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of polys)
    for (const [lng, lat] of p[0] ?? []) {
      b[0] = Math.min(b[0], lng);
      b[1] = Math.min(b[1], lat);
      b[2] = Math.max(b[2], lng);
      b[3] = Math.max(b[3], lat);
    }
  return b;
}

function tileKeys(
  d: DistrictInput,
  o: GroundOptions,
  rects: [number, number, number, number][],
  districtBox: [number, number, number, number],
) {
  const keys: [number, number, number][] = [];
  const seen = new Set<string>();
  const addRange = (b: [number, number, number, number], z: number) => {
    const [x0, y0, x1, y1] = tileRange(b[0], b[1], b[2], b[3], z);
    for (let x = x0; x <= x1; x++)
      for (let y = y0; y <= y1; y++) {
        const key = `${z}/${x}/${y}`;
        if (!seen.has(key)) {
          seen.add(key);
          keys.push([z, x, y]);
        }
      }
  };
  for (let z = o.minZoom; z <= o.maxZoom; z++) {
    if (z <= o.districtMaxZoom) addRange(districtBox, z);
    else for (const r of rects) addRange(r, z);
  }
  return keys;
}

export function renderTile(ls: Layer[], z: number, x: number, y: number, latMid: number, tile = new Tile(256)): Tile {
  tile.clear();
  const scale = 256 * 2 ** z;
  const ox = x * 256;
  const oy = y * 256;
  const metresPerPx = (156543.03392 * Math.cos((latMid * Math.PI) / 180)) / 2 ** z;
  // Tile bbox in mercator units with a margin for stroke widths.
  const m = 64 / scale;
  const tb = [(x * 256) / scale - m, (y * 256) / scale - m, ((x + 1) * 256) / scale + m, ((y + 1) * 256) / scale + m];
  const toPx = (r: Float64Array) => {
    const out = new Float64Array(r.length);
    for (let i = 0; i < r.length; i += 2) {
      out[i] = r[i] * scale - ox;
      out[i + 1] = r[i + 1] * scale - oy;
    }
    return out;
  };
  for (const l of ls) {
    if (z < l.minZoom) continue;
    const near = l.index && z >= 12 ? l.index.query(tb) : l.shapes;
    const hit = near.filter(
      (s) => s.bbox[0] <= tb[2] && s.bbox[2] >= tb[0] && s.bbox[1] <= tb[3] && s.bbox[3] >= tb[1],
    );
    if (hit.length === 0) continue;
    if (l.kind === 'fill') for (const s of hit) tile.fillPolygon(s.rings.map(toPx), l.color);
    else
      tile.strokeLines(
        hit.map((s) => toPx(s.rings[0])),
        Math.max(l.minPx ?? 1, (l.widthM ?? 1) / metresPerPx),
        l.color,
      );
  }
  return tile;
}

export function writeGround(
  d: DistrictInput,
  outDir: string,
  onTile?: (done: number, total: number) => void,
  o: GroundOptions = DEFAULT_GROUND,
): GroundManifest {
  const ls = layers(d);
  const margin = o.patchMarginM / 111_320;
  const rects = d.patches.map((p) => {
    const b = bboxOf([p.polygon]);
    const mx = margin / Math.cos((((b[1] + b[3]) / 2) * Math.PI) / 180);
    return [b[0] - mx, b[1] - margin, b[2] + mx, b[3] + margin] as [number, number, number, number];
  });
  const db = bboxOf([d.hierarchy.district.polygon, ...d.patches.map((p) => p.polygon)]);
  const keys = tileKeys(d, o, rects, db);
  let tiles = 0;
  let bytes = 0;
  const latMid = (db[1] + db[3]) / 2;
  const tile = new Tile(256);
  keys.forEach(([z, x, y], i) => {
    renderTile(ls, z, x, y, latMid, tile);
    if (tile.touched) {
      const png = encodePng(tile.rgba, tile.size, tile.size);
      mkdirSync(join(outDir, String(z), String(x)), { recursive: true });
      writeFileSync(join(outDir, String(z), String(x), `${y}.png`), png);
      tiles++;
      bytes += png.byteLength;
    }
    if (i % 25 === 0 || i === keys.length - 1) onTile?.(i + 1, keys.length);
  });
  const manifest: GroundManifest = {
    minZoom: o.minZoom,
    maxZoom: o.maxZoom,
    bounds: db,
    tilingScheme: 'webmercator',
    tileSize: 256,
    // No detail zooms (an imported district: nothing drawn finer than the land): none, anywhere.
    detail:
      o.maxZoom > o.districtMaxZoom
        ? { minZoom: o.districtMaxZoom + 1, maxZoom: o.maxZoom, rectangles: rects }
        : { minZoom: o.districtMaxZoom + 1, maxZoom: o.districtMaxZoom + 1, rectangles: [] },
    tiles,
    bytes,
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'ground.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}

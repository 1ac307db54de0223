// A generated, deterministic DEM for the demo district, so the wall shows hills by default:
// Qianjiang runs from about 300 m in its river valley to about 2,000 m on its ridges. Ridged
// value noise from the shared seeded PRNG, with the urban patches and the river carved into
// valley floors (towns in Chongqing sit on the flat land by the water, not on the ridges).

import type { PolygonCoords, UrbanPatch, WaterBody } from '../../src/domain/district.types.ts';
import { pointInPolygon } from '../../src/domain/geo.ts';
import { mulberry32 } from '../../src/domain/seeded-random.ts';
import type { DemRaster } from './geotiff.writer.ts';

export interface DemoDemInput {
  bbox: [number, number, number, number];
  patches: Pick<UrbanPatch, 'polygon'>[];
  water: Pick<WaterBody, 'polygon'>[];
  seed: number;
}

/** ~90 m pixels: hills, not cliffs; the wall's terrain needs no more at district scale. */
export const DEMO_PIXEL_DEG = 0.0009;
const MARGIN_DEG = 0.05;

function lattice(seed: number, size: number): Float64Array {
  const rnd = mulberry32(seed);
  const out = new Float64Array(size * size);
  for (let i = 0; i < out.length; i++) out[i] = rnd();
  return out;
}

/** Smoothly interpolated lattice noise in [0, 1], wrapping every `size` cells. */
function valueNoise(l: Float64Array, size: number, x: number, y: number): number {
  const xi = Math.floor(x);
  const yi = Math.floor(y);
  const fx = x - xi;
  const fy = y - yi;
  const at = (i: number, j: number) => l[(((j % size) + size) % size) * size + (((i % size) + size) % size)];
  const sx = fx * fx * (3 - 2 * fx);
  const sy = fy * fy * (3 - 2 * fy);
  const a = at(xi, yi) + (at(xi + 1, yi) - at(xi, yi)) * sx;
  const b = at(xi, yi + 1) + (at(xi + 1, yi + 1) - at(xi, yi + 1)) * sx;
  return a + (b - a) * sy;
}

/** Chamfer distance (in pixels) from every pixel to the nearest masked one: two passes, O(n). */
function distanceField(mask: Uint8Array, w: number, h: number): Float32Array {
  const d = new Float32Array(w * h).fill(1e9);
  for (let i = 0; i < mask.length; i++) if (mask[i]) d[i] = 0;
  const D = Math.SQRT2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (x > 0) d[i] = Math.min(d[i], d[i - 1] + 1);
      if (y > 0) d[i] = Math.min(d[i], d[i - w] + 1);
      if (x > 0 && y > 0) d[i] = Math.min(d[i], d[i - w - 1] + D);
      if (x < w - 1 && y > 0) d[i] = Math.min(d[i], d[i - w + 1] + D);
    }
  }
  for (let y = h - 1; y >= 0; y--) {
    for (let x = w - 1; x >= 0; x--) {
      const i = y * w + x;
      if (x < w - 1) d[i] = Math.min(d[i], d[i + 1] + 1);
      if (y < h - 1) d[i] = Math.min(d[i], d[i + w] + 1);
      if (x < w - 1 && y < h - 1) d[i] = Math.min(d[i], d[i + w + 1] + D);
      if (x > 0 && y < h - 1) d[i] = Math.min(d[i], d[i + w - 1] + D);
    }
  }
  return d;
}

function rasterise(polys: PolygonCoords[], bbox: [number, number, number, number], w: number, h: number): Uint8Array {
  const mask = new Uint8Array(w * h);
  for (const poly of polys) {
    let [pw, ps, pe, pn] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of poly[0])
      [pw, ps, pe, pn] = [Math.min(pw, x), Math.min(ps, y), Math.max(pe, x), Math.max(pn, y)];
    const c0 = Math.max(0, Math.floor((pw - bbox[0]) / DEMO_PIXEL_DEG));
    const c1 = Math.min(w - 1, Math.ceil((pe - bbox[0]) / DEMO_PIXEL_DEG));
    const r0 = Math.max(0, Math.floor((bbox[3] - pn) / DEMO_PIXEL_DEG));
    const r1 = Math.min(h - 1, Math.ceil((bbox[3] - ps) / DEMO_PIXEL_DEG));
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const p: [number, number] = [bbox[0] + (c + 0.5) * DEMO_PIXEL_DEG, bbox[3] - (r + 0.5) * DEMO_PIXEL_DEG];
        if (pointInPolygon(p, poly)) mask[r * w + c] = 1;
      }
    }
  }
  return mask;
}

const smooth = (t: number) => {
  const c = Math.max(0, Math.min(1, t));
  return c * c * (3 - 2 * c);
};

export function demoDem(input: DemoDemInput): DemRaster {
  const bbox: [number, number, number, number] = [
    input.bbox[0] - MARGIN_DEG,
    input.bbox[1] - MARGIN_DEG,
    input.bbox[2] + MARGIN_DEG,
    input.bbox[3] + MARGIN_DEG,
  ];
  const width = Math.ceil((bbox[2] - bbox[0]) / DEMO_PIXEL_DEG);
  const height = Math.ceil((bbox[3] - bbox[1]) / DEMO_PIXEL_DEG);
  bbox[2] = bbox[0] + width * DEMO_PIXEL_DEG;
  bbox[1] = bbox[3] - height * DEMO_PIXEL_DEG;
  const size = 256;
  const octaves = [0, 1, 2, 3, 4].map((k) => lattice(input.seed + k * 7919, size));
  const town = distanceField(
    rasterise(
      input.patches.map((p) => p.polygon),
      bbox,
      width,
      height,
    ),
    width,
    height,
  );
  const river = distanceField(
    rasterise(
      input.water.map((w) => w.polygon),
      bbox,
      width,
      height,
    ),
    width,
    height,
  );
  const data = new Float32Array(width * height);
  const pxM = DEMO_PIXEL_DEG * 100_000;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      // fbm for the mass of the hills plus ridged noise (1 − |2n − 1|) for crests and V valleys;
      // each octave is rotated so the lattice never lines up into a visible grid
      let fbm = 0;
      let ridge = 0;
      let amp = 0.5;
      let freq = 1 / 80; // first octave: ~7 km features
      octaves.forEach((l, k) => {
        const a = 0.61 + k * 1.13;
        const x = (c * Math.cos(a) - r * Math.sin(a)) * freq;
        const y = (c * Math.sin(a) + r * Math.cos(a)) * freq;
        const n = valueNoise(l, size, x, y);
        fbm += amp * n;
        ridge += amp * (1 - Math.abs(2 * n - 1));
        amp *= 0.5;
        freq *= 2.03;
      });
      const relief = Math.min(1, Math.max(0, (0.55 * fbm + 0.45 * ridge - 0.22) / 0.45));
      const hills = 420 + 1550 * relief ** 1.4;
      // Valley floors: the river at ~300 m rising gently, towns on flats at 450–650 m.
      const byRiver = smooth((river[i] * pxM) / 2500);
      const byTown = smooth((town[i] * pxM - 150) / 1800);
      const floor = 300 + 250 * byRiver;
      const h = floor + (hills - floor) * Math.min(byRiver, byTown) ** 1.2;
      data[i] = Math.round(h * 10) / 10;
    }
  }
  return { width, height, data, bbox, noData: -9999 };
}

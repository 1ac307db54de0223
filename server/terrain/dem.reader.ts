// Reads a DEM GeoTIFF (with the `geotiff` library) into a height sampler over WGS 84. Geographic
// DEMs (EPSG:4326/4490, as SRTM/ASTER/ALOS tiles come) are read directly; CGCS2000 Gauss–Krüger
// DEMs (EPSG:4491–4554, as survey bureaus deliver them) go through proj4's inverse per sample.

import { readFileSync } from 'node:fs';
import { fromArrayBuffer } from 'geotiff';
import proj4 from 'proj4';
import { cgcs2000GaussKruger } from '../import/crs.import.ts';

export interface Dem {
  width: number;
  height: number;
  /** row-major, first row north */
  data: Float32Array;
  /** WGS 84 extent the DEM covers, [west, south, east, north] */
  bbox: [number, number, number, number];
  /** size of one pixel in degrees (approximate for projected DEMs) */
  pixelDeg: number;
  /** bilinear height in metres at a WGS 84 position; NaN outside the DEM or on nodata */
  sample: (lng: number, lat: number) => number;
  minHeight: number;
  maxHeight: number;
}

export async function readDem(path: string, crs?: string): Promise<Dem> {
  const bytes = readFileSync(path);
  const tiff = await fromArrayBuffer(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  const image = await tiff.getImage();
  const width = image.getWidth();
  const height = image.getHeight();
  const raster = (await image.readRasters({ samples: [0], interleave: true })) as unknown as ArrayLike<number>;
  const data = Float32Array.from(raster);
  const noData = image.getGDALNoData();
  const [minX, minY, maxX, maxY] = image.getBoundingBox();
  const keys = (image.getGeoKeys() ?? {}) as Record<string, number | undefined>;
  const code = crs ? Number(/(\d+)$/.exec(crs)?.[1]) : keys.ProjectedCSTypeGeoKey;
  const gk = code ? cgcs2000GaussKruger(code) : null;
  if (!gk && keys.GTModelTypeGeoKey === 1)
    throw new Error(
      `${path}: projected DEM (EPSG:${code ?? '?'}) that is not CGCS2000 Gauss–Krüger; give "crs" or reproject to EPSG:4326`,
    );
  const toSource: (lng: number, lat: number) => [number, number] = gk
    ? (() => {
        const c = proj4('EPSG:4326', gk.def);
        return (lng: number, lat: number) => c.forward([lng, lat]) as [number, number];
      })()
    : (lng, lat) => [lng, lat];
  const resX = (maxX - minX) / width;
  const resY = (maxY - minY) / height;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v === noData || !Number.isFinite(v) || v < -1000) {
      data[i] = NaN;
      continue;
    }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const sample = (lng: number, lat: number): number => {
    const [x, y] = toSource(lng, lat);
    // pixel centres sit at half-pixel offsets from the outer edges
    const fx = (x - minX) / resX - 0.5;
    const fy = (maxY - y) / resY - 0.5;
    if (fx < -0.5 || fy < -0.5 || fx > width - 0.5 || fy > height - 0.5) return NaN;
    const x0 = Math.max(0, Math.min(width - 1, Math.floor(fx)));
    const y0 = Math.max(0, Math.min(height - 1, Math.floor(fy)));
    const x1 = Math.min(width - 1, x0 + 1);
    const y1 = Math.min(height - 1, y0 + 1);
    const tx = Math.max(0, Math.min(1, fx - x0));
    const ty = Math.max(0, Math.min(1, fy - y0));
    const a = data[y0 * width + x0];
    const b = data[y0 * width + x1];
    const c = data[y1 * width + x0];
    const d = data[y1 * width + x1];
    return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
  };
  let bbox: [number, number, number, number] = [minX, minY, maxX, maxY];
  let pixelDeg = resX;
  if (gk) {
    const inv = proj4(gk.def, 'EPSG:4326');
    const corners = [
      [minX, minY],
      [maxX, minY],
      [maxX, maxY],
      [minX, maxY],
    ].map((p) => inv.forward(p) as [number, number]);
    // the inner box of the corners, so every point in it is inside the raster
    bbox = [
      Math.max(corners[0][0], corners[3][0]),
      Math.max(corners[0][1], corners[1][1]),
      Math.min(corners[1][0], corners[2][0]),
      Math.min(corners[2][1], corners[3][1]),
    ];
    pixelDeg = resX / 111_320;
  }
  return { width, height, data, bbox, pixelDeg, sample, minHeight: lo, maxHeight: hi };
}

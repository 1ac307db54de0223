// Preloading a tour's next flight (issue 9: "while a step plays, the next step's tiles are
// preloaded"). Cesium loads tiles for the view it has; it cannot be asked to load another view. So
// we work out which city-model tiles and ground-imagery tiles the destination view will request,
// the same way Cesium decides (screen-space error of each tile's geometric error at that distance),
// and fetch them into the browser's HTTP cache (the tile server sends max-age=3600). When the camera
// arrives, Cesium's requests are answered from the cache instead of the network and the disk.

export type Bounds = [west: number, south: number, east: number, north: number];

interface TileNode {
  boundingVolume?: { region?: number[] };
  geometricError?: number;
  content?: { uri?: string };
  children?: TileNode[];
}
export interface TilesetJson {
  root: TileNode;
}
export interface GroundMetaJson {
  minZoom: number;
  maxZoom: number;
  bounds: Bounds;
  detail?: { minZoom: number; maxZoom: number; rectangles: Bounds[] };
}

/** Cesium3DTileset's default maximumScreenSpaceError */
export const MAX_SSE = 16;
const HALF_FOV = Math.PI / 6; // Cesium's default 60° field of view
const DEG = Math.PI / 180;
export const MAX_URLS = 600;

const intersects = (a: Bounds, b: Bounds) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** The geometric error above which Cesium refines, for a view at `distanceM` on a `screenPx`-high canvas. */
export function refineThreshold(distanceM: number, screenPx: number): number {
  return (MAX_SSE * distanceM * 2 * Math.tan(HALF_FOV)) / screenPx;
}

/** City-model tile contents the destination view will load (root-relative URIs, parents first). */
export function tilesFor(tileset: TilesetJson, bounds: Bounds, distanceM: number, screenPx: number): string[] {
  const threshold = refineThreshold(distanceM, screenPx);
  const out: string[] = [];
  const visit = (t: TileNode) => {
    const r = t.boundingVolume?.region;
    if (r && r.length >= 4 && !intersects([r[0]! / DEG, r[1]! / DEG, r[2]! / DEG, r[3]! / DEG], bounds)) return;
    if (t.content?.uri) out.push(t.content.uri);
    if ((t.geometricError ?? 0) > threshold) for (const c of t.children ?? []) visit(c);
  };
  visit(tileset.root);
  return out;
}

/** Web-mercator tile x/y of a point at zoom z. */
export function tileXY(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(lat * DEG) + 1 / Math.cos(lat * DEG)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}

/** Ground imagery tiles z/x/y the destination view will show, up to the zoom its resolution needs. */
export function groundTilesFor(meta: GroundMetaJson, bounds: Bounds, distanceM: number, screenPx: number): string[] {
  const lat = (bounds[1] + bounds[3]) / 2;
  const metresPerPx = (distanceM * 2 * Math.tan(HALF_FOV)) / screenPx;
  const need = Math.ceil(Math.log2((156_543.03 * Math.cos(lat * DEG)) / Math.max(metresPerPx, 0.01)));
  const top = Math.min(meta.maxZoom, Math.max(meta.minZoom, need));
  const out: string[] = [];
  for (let z = meta.minZoom; z <= top; z++) {
    // the detail zooms exist only over the urban patches
    const areas =
      meta.detail && z >= meta.detail.minZoom
        ? meta.detail.rectangles.filter((r) => intersects(r, bounds))
        : [meta.bounds];
    const seen = new Set<string>();
    for (const area of areas) {
      if (!intersects(area, bounds)) continue;
      const w = Math.max(area[0], bounds[0]);
      const e = Math.min(area[2], bounds[2]);
      const s = Math.max(area[1], bounds[1]);
      const nn = Math.min(area[3], bounds[3]);
      const [x0, y0] = tileXY(w, nn, z);
      const [x1, y1] = tileXY(e, s, z);
      for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) seen.add(`${z}/${x}/${y}`);
    }
    out.push(...seen);
  }
  return out;
}

/** Fetches URLs a few at a time into the HTTP cache; resolves when all are done (failures ignored). */
export async function warm(
  urls: readonly string[],
  fetchImpl: typeof fetch,
  concurrency = 6,
  signal?: AbortSignal,
): Promise<number> {
  let next = 0;
  let ok = 0;
  const worker = async () => {
    while (next < urls.length && !signal?.aborted) {
      const url = urls[next++]!;
      try {
        const res = await fetchImpl(url, { signal });
        await res.arrayBuffer(); // the body must be read for the cache entry to complete
        if (res.ok) ok++;
      } catch {
        /* a tile that fails now will be retried by Cesium when it is needed */
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, worker));
  return ok;
}

/** The bounds and viewing distance of a fitted area (Cesium fits the bounding sphere with slack 1.1). */
export function fitView(ring: readonly [number, number][]): { bounds: Bounds; distanceM: number } | null {
  if (ring.length < 3) return null;
  const lngs = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  const bounds: Bounds = [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
  const lat = (bounds[1] + bounds[3]) / 2;
  const w = (bounds[2] - bounds[0]) * 111_320 * Math.cos(lat * DEG);
  const h = (bounds[3] - bounds[1]) * 111_320;
  const radius = (Math.hypot(w, h) / 2) * 1.1;
  return { bounds, distanceM: radius / Math.sin(HALF_FOV) };
}

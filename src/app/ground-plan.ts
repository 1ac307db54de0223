// The ground imagery's description (ground.json, written by server/tiles) and how the wall turns it
// into imagery layers. No Cesium here, so it is tested in Node.

export type LngLatRect = [number, number, number, number];

export interface GroundMeta {
  minZoom: number;
  maxZoom: number;
  bounds: LngLatRect;
  /** Where the deeper levels exist (the urban patches); elsewhere the ground stops at detail.minZoom - 1. */
  detail?: { minZoom: number; maxZoom: number; rectangles: LngLatRect[] };
}

const isRect = (r: unknown): r is LngLatRect =>
  Array.isArray(r) && r.length === 4 && r.every(Number.isFinite) && r[0] < r[2] && r[1] < r[3];

export function validateGroundMeta(value: unknown): GroundMeta | null {
  const v = value as Partial<GroundMeta> | null;
  if (!v || !Number.isInteger(v.minZoom) || !Number.isInteger(v.maxZoom) || !isRect(v.bounds)) return null;
  if (v.minZoom! < 0 || v.maxZoom! < v.minZoom! || v.maxZoom! > 22) return null;
  const d = v.detail;
  if (d !== undefined) {
    const ok =
      d &&
      Number.isInteger(d.minZoom) &&
      Number.isInteger(d.maxZoom) &&
      d.minZoom > v.minZoom! &&
      d.maxZoom >= d.minZoom &&
      d.maxZoom <= 22;
    if (!ok || !Array.isArray(d.rectangles) || d.rectangles.length > 1000 || !d.rectangles.every(isRect)) return null;
  }
  return v as GroundMeta;
}

/** What to add for the ground: levels and rectangle per imagery layer (pure, so it is tested in Node). */
export interface GroundLayerPlan {
  minimumLevel: number;
  maximumLevel: number;
  rectangle: LngLatRect;
  /** below this terrain level the layer is neither drawn nor requested */
  minimumTerrainLevel?: number;
}

/**
 * One layer over the whole district up to the last level that covers it everywhere (Cesium stretches
 * it when zoomed in further), then one layer per urban patch for the deeper levels. A single layer
 * to the deepest level would, outside the patches, replace the stretched ground with empty tiles
 * and let the plain globe show through when an officer zooms into a rural grid.
 */
export function planGroundLayers(meta: GroundMeta): GroundLayerPlan[] {
  const d = meta.detail;
  if (!d || d.rectangles.length === 0)
    return [{ minimumLevel: meta.minZoom, maximumLevel: meta.maxZoom, rectangle: meta.bounds }];
  const base: GroundLayerPlan = { minimumLevel: meta.minZoom, maximumLevel: d.minZoom - 1, rectangle: meta.bounds };
  // Terrain (geographic, two root tiles) runs about one level behind Web Mercator imagery: the patch
  // layers start where the base layer starts being stretched.
  const detail = d.rectangles.map((rectangle): GroundLayerPlan => ({
    minimumLevel: d.minZoom,
    maximumLevel: d.maxZoom,
    rectangle,
    minimumTerrainLevel: d.minZoom - 1,
  }));
  return [base, ...detail];
}

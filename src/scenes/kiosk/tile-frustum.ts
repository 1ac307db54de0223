// Screens in step (issue 9 §3), the maths only: each browser of a spliced wall draws its own part of
// one large virtual canvas, so its frustum is the matching off-centre window of the whole wall's
// frustum, and the pixels hidden behind the bezels are skipped (a road leaving one screen continues
// straight on the next). src/app/tile-frustum.cesium.ts applies it to Cesium (ADR 0009); wall-sync.ts keeps the
// tiles' cameras in step.

export interface TileSpec {
  col: number;
  row: number;
  cols: number;
  rows: number;
  /** bezel width in the tile's own CSS pixels (the gap between two screens' pictures) */
  bezel: number;
}

/** The whole wall in virtual pixels: every tile's viewport plus the bezels between them. */
export function virtualCanvas(
  tile: TileSpec,
  viewport: { width: number; height: number },
): { width: number; height: number; x0: number; y0: number } {
  const width = tile.cols * viewport.width + (tile.cols - 1) * tile.bezel;
  const height = tile.rows * viewport.height + (tile.rows - 1) * tile.bezel;
  return { width, height, x0: tile.col * (viewport.width + tile.bezel), y0: tile.row * (viewport.height + tile.bezel) };
}

/**
 * Near-plane extents (at near = 1) of this tile's off-centre frustum, for a wall whose whole view
 * has field of view `fovRad` in the sense Cesium uses it: horizontal when the wall is wider than
 * tall, vertical otherwise.
 */
export function tileFrustum(
  tile: TileSpec,
  viewport: { width: number; height: number },
  fovRad: number,
): { left: number; right: number; top: number; bottom: number } {
  const v = virtualCanvas(tile, viewport);
  const aspect = v.width / v.height;
  const half = Math.tan(fovRad / 2);
  const right = aspect >= 1 ? half : half * aspect;
  const top = aspect >= 1 ? half / aspect : half;
  const xAt = (px: number) => -right + (2 * right * px) / v.width;
  const yAt = (px: number) => top - (2 * top * px) / v.height;
  return { left: xAt(v.x0), right: xAt(v.x0 + viewport.width), top: yAt(v.y0), bottom: yAt(v.y0 + viewport.height) };
}

/**
 * The same window as Cesium's PerspectiveFrustum wants it: the tile's own field of view (horizontal
 * when the tile is wider than tall, as Cesium reads `fov`), its aspect ratio, and the centre of the
 * window as an offset at near = 1 (multiplied by the near plane Cesium draws with, which changes per
 * frame: a fixed offset would only be right at one near distance).
 */
export function tileFrustumParams(
  tile: TileSpec,
  viewport: { width: number; height: number },
  wallFovRad: number,
): { fov: number; aspectRatio: number; cx: number; cy: number } {
  const f = tileFrustum(tile, viewport, wallFovRad);
  const aspectRatio = viewport.width / viewport.height;
  const half = aspectRatio > 1 ? (f.right - f.left) / 2 : (f.top - f.bottom) / 2;
  return { fov: 2 * Math.atan(half), aspectRatio, cx: (f.left + f.right) / 2, cy: (f.top + f.bottom) / 2 };
}

import { type Cartesian2, Math as CesiumMath, PerspectiveFrustum, type Viewer } from 'cesium';
import { tileFrustumParams, type TileSpec } from '../scenes/kiosk/tile-frustum.ts';

// A spliced wall's tile draws its off-centre window of the whole wall's view (issue 9 §3).
//
// What works in Cesium 1.140 (checked against its source, and by the 2×1 browser test, which
// compares the tiles' pixels with one double-width screen's): swapping in
// a PerspectiveOffCenterFrustum does not, because the scene clones the camera's frustum for every
// draw and moves its near plane to fit the content, while an off-centre frustum keeps its
// left/right/top/bottom at the new near (the view zooms). PerspectiveFrustum's own xOffset/yOffset
// have the same flaw (CesiumGS/cesium#12586 and the VR code): they are added at whatever near
// plane is in use. So this frustum keeps the offset as a slope (cx, cy at near = 1) and reads
// xOffset as cx × near, and its clones (the scene's working frustum, picking's, the camera's
// change tracker) are of the same kind, so every near plane gets the right window.

const twins = new WeakMap<object, OffsetFrustum>();
interface Planes {
  left: number;
  right: number;
  top: number;
  bottom: number;
  near: number;
  far: number;
}

export class OffsetFrustum extends PerspectiveFrustum {
  cx = 0;
  cy = 0;

  override clone(result?: PerspectiveFrustum): OffsetFrustum {
    // the scene and picking pass their own plain scratch frustums: each gets one twin of this kind
    let out: OffsetFrustum;
    if (result instanceof OffsetFrustum) out = result;
    else if (result) {
      out = twins.get(result) ?? new OffsetFrustum();
      twins.set(result, out);
    } else out = new OffsetFrustum();
    super.clone(out);
    out.cx = this.cx;
    out.cy = this.cy;
    return out;
  }

  // Cesium sizes a pixel from `right` and `top` as if the window were centred: off centre that
  // makes pixels up to twice too wide, which swells every screen-sized bounding volume (billboards,
  // labels) past the camera and drags the near plane to 0.1 m. The window's own extent is the truth.
  override getPixelDimensions(
    drawingBufferWidth: number,
    drawingBufferHeight: number,
    distance: number,
    pixelRatio: number,
    result: Cartesian2,
  ): Cartesian2 {
    void this.projectionMatrix; // brings the true planes up to date
    const f = (this as unknown as { _offCenterFrustum: Planes })._offCenterFrustum;
    result.x = (pixelRatio * distance * ((f.right - f.left) / f.near)) / drawingBufferWidth;
    result.y = (pixelRatio * distance * ((f.top - f.bottom) / f.near)) / drawingBufferHeight;
    return result;
  }
}

// What the renderer's uniforms read as the frustum's planes (czm_frustumPlanes): Cesium's shaders
// size a pixel from `right` and `top` as if the window were centred (czm_metersPerPixel, used by
// billboards and polylines), so they get the window's own half extents; the projection and the
// culling volume keep using the true off-centre planes (PerspectiveFrustum reads its own field).
// Read a few times per frame: one object per frustum, rewritten in place.
const centred = new WeakMap<OffsetFrustum, Planes>();
Object.defineProperty(OffsetFrustum.prototype, 'offCenterFrustum', {
  get(this: OffsetFrustum) {
    const f = (this as unknown as { _offCenterFrustum: Planes })._offCenterFrustum;
    void this.projectionMatrix; // brings _offCenterFrustum up to date
    let out = centred.get(this);
    if (!out) centred.set(this, (out = { left: 0, right: 0, top: 0, bottom: 0, near: 0, far: 0 }));
    const hw = (f.right - f.left) / 2;
    const hh = (f.top - f.bottom) / 2;
    out.left = -hw;
    out.right = hw;
    out.top = hh;
    out.bottom = -hh;
    out.near = f.near;
    out.far = f.far;
    return out;
  },
  configurable: true,
});

// Cesium declares xOffset/yOffset as plain fields; here they follow the near plane.
for (const [key, slope] of [
  ['xOffset', 'cx'],
  ['yOffset', 'cy'],
] as const) {
  Object.defineProperty(OffsetFrustum.prototype, key, {
    get(this: OffsetFrustum) {
      return (this[slope] ?? 0) * this.near;
    },
    set() {
      // written by Cesium's constructor and clone: the slope is the truth
    },
    configurable: true,
  });
}

/** Cesium's default field of view, taken as the whole wall's (horizontal on a wide wall). */
export const WALL_FOV_RAD = CesiumMath.PI_OVER_THREE;

/**
 * Gives the viewer's camera this tile's window of the wall, kept right as the canvas is resized.
 * Returns the undo.
 */
export function installTileFrustum(viewer: Viewer, tile: TileSpec, wallFovRad = WALL_FOV_RAD): () => void {
  const camera = viewer.camera;
  const old = camera.frustum;
  const f = new OffsetFrustum();
  if (old instanceof PerspectiveFrustum) {
    f.near = old.near;
    f.far = old.far;
  }
  let w = 0;
  let h = 0;
  const fit = () => {
    const canvas = viewer.scene.canvas;
    if (canvas.clientWidth === w && canvas.clientHeight === h && camera.frustum === f) return;
    w = canvas.clientWidth;
    h = canvas.clientHeight;
    if (w <= 0 || h <= 0) return;
    const p = tileFrustumParams(tile, { width: w, height: h }, wallFovRad);
    f.fov = p.fov;
    f.aspectRatio = p.aspectRatio;
    f.cx = p.cx;
    f.cy = p.cy;
    camera.frustum = f;
  };
  fit();
  // the widget resets the aspect ratio on resize; preRender puts the tile's window back first
  const off = viewer.scene.preRender.addEventListener(fit);
  return () => {
    off();
    camera.frustum = old;
  };
}

import { View, Viewport } from '@deck.gl/core';
import { Cartesian3, Matrix4, PerspectiveFrustum, Transforms, type Camera } from 'cesium';

// deck.gl draws in a local East-North-Up frame (metres) anchored at one origin near the district:
// float32 keeps ~1 cm precision within 100 km of it, which earth-centred coordinates (6.4e6 m) would
// not. Every frame the view matrix is Cesium's own (ECEF -> eye) composed with ENU -> ECEF, in
// float64, and the projection matrix uses Cesium's own vertical field of view and aspect, so a point
// lands on the same pixel in both canvases. Only near/far differ (they change depth, not x/y): deck
// gets a range that brackets its data, for usable depth precision within its own canvas.

export interface LocalFrame {
  origin: [number, number]; // lng, lat
  enuToEcef: Matrix4;
  ecefToEnu: Matrix4;
}

export function localFrame(lng: number, lat: number, height = 0): LocalFrame {
  const enuToEcef = Transforms.eastNorthUpToFixedFrame(Cartesian3.fromDegrees(lng, lat, height));
  return { origin: [lng, lat], enuToEcef, ecefToEnu: Matrix4.inverseTransformation(enuToEcef, new Matrix4()) };
}

const scratchEcef = new Cartesian3();
const scratchEnu = new Cartesian3();

/** Lng/lat/height (degrees, metres above the ellipsoid) to the frame's metres, exactly as Cesium places it. */
export function toLocal(frame: LocalFrame, lng: number, lat: number, height = 0): [number, number, number] {
  Cartesian3.fromDegrees(lng, lat, height, undefined, scratchEcef);
  Matrix4.multiplyByPoint(frame.ecefToEnu, scratchEcef, scratchEnu);
  return [scratchEnu.x, scratchEnu.y, scratchEnu.z];
}

export interface CameraMatrices {
  viewMatrix: number[];
  projectionMatrix: number[];
  /** deck's near/far in metres along the view axis, chosen to bracket the data */
  near: number;
  far: number;
}

const scratchView = new Matrix4();
const scratchProj = new Matrix4();

/**
 * Cesium camera -> deck matrices (column-major arrays, the layout both libraries use).
 * Returns null for non-perspective frusta (2D / Columbus view), which the wall does not use.
 */
export function cameraMatrices(camera: Camera, frame: LocalFrame, aspect: number): CameraMatrices | null {
  const frustum = camera.frustum;
  if (!(frustum instanceof PerspectiveFrustum) || frustum.fovy === undefined) return null;
  Matrix4.multiply(camera.viewMatrix, frame.enuToEcef, scratchView);
  // The eye's height over the frame bounds what is visible: a city seen from h metres lies between
  // about h/10 and h*40 along the view axis at any pitch the wall allows.
  const eye = Matrix4.multiplyByPoint(frame.ecefToEnu, camera.positionWC, scratchEnu);
  const h = Math.max(10, Math.abs(eye.z));
  const near = Math.max(1, h / 20);
  const far = Math.max(near * 10, h * 60 + 50_000);
  const fovy = frustum.fovy;
  const projectionMatrix = Matrix4.toArray(Matrix4.computePerspectiveFieldOfView(fovy, aspect, near, far, scratchProj));
  // Off-centre frusta (xOffset/yOffset) shift the image; Cesium applies them the same way.
  if (frustum.xOffset || frustum.yOffset) {
    const top = near * Math.tan(0.5 * fovy);
    const right = top * aspect;
    projectionMatrix[8] += (2 * frustum.xOffset) / (2 * right);
    projectionMatrix[9] += (2 * frustum.yOffset) / (2 * top);
  }
  return { viewMatrix: Matrix4.toArray(scratchView), projectionMatrix, near, far };
}

/** A deck.gl View whose viewport takes its matrices verbatim from the view state (set per frame). */
export class CesiumView extends View {
  static displayName = 'CesiumView';
  getViewportType(): typeof Viewport {
    return Viewport;
  }
  get ControllerType(): never {
    throw new Error('CesiumView has no controller: Cesium owns the camera');
  }
}

export interface CesiumViewState {
  viewMatrix: number[];
  projectionMatrix: number[];
}

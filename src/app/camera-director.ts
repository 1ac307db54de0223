import { BoundingSphere, Cartesian3, EasingFunction, HeadingPitchRange, Math as CesiumMath, type Viewer } from 'cesium';
import type { GroundHeights } from '../layers/layer.types.ts';
import type { Easing } from '../protocol/scene.schema.ts';
import type { HierarchyIndex } from '../state/hierarchy.model.ts';
import type { CameraTarget } from '../state/wall.model.ts';

/**
 * A bounding sphere around an area's outer ring, on the ground: with terrain the ring stands at the
 * ground's height (a sphere at the ellipsoid would sit hundreds of metres inside the hills, and the
 * fitted camera, lifted back above the ground, would end among the roofs instead of over the area).
 */
export function sphereOfArea(index: HierarchyIndex, id: string, ground?: GroundHeights): BoundingSphere | null {
  const unit = index.byId.get(id);
  const ring = unit?.polygon?.[0];
  if (!ring || ring.length < 3) return null;
  const flat: number[] = [];
  for (const [lng, lat] of ring)
    if (Number.isFinite(lng) && Number.isFinite(lat)) flat.push(lng, lat, ground?.terrain ? ground.at(lng, lat) : 0);
  if (flat.length < 9) return null;
  return BoundingSphere.fromPoints(Cartesian3.fromDegreesArrayHeights(flat));
}

/** The scene and tour files' flight curves; null leaves Cesium's own (which depends on the distance). */
export const EASING_FUNCTIONS: Record<Easing, EasingFunction.Callback> = {
  linear: EasingFunction.LINEAR_NONE,
  'ease-in-out': EasingFunction.CUBIC_IN_OUT,
  'ease-out': EasingFunction.CUBIC_OUT,
};

/** A view's height above the ellipsoid: a close-up's height counts from the ground at the point it frames. */
export function viewHeight(target: Extract<CameraTarget, { kind: 'view' }>, ground?: GroundHeights): number {
  if (!target.ground || !ground?.terrain) return target.height;
  const h = ground.at(target.ground[0], target.ground[1]);
  return target.height + (Number.isFinite(h) ? h : 0);
}

/** Moves the camera to a target from the state; returns false if the target cannot be resolved. */
export function flyToTarget(
  viewer: Viewer,
  index: HierarchyIndex | null,
  target: CameraTarget,
  durationS: number,
  onDone: () => void,
  easing: Easing | null = null,
  ground?: GroundHeights,
): boolean {
  const camera = viewer.camera;
  camera.cancelFlight();
  const easingFunction = easing ? EASING_FUNCTIONS[easing] : undefined;
  if (target.kind === 'view') {
    camera.flyTo({
      destination: Cartesian3.fromDegrees(target.lng, target.lat, viewHeight(target, ground)),
      orientation: {
        heading: CesiumMath.toRadians(target.heading),
        pitch: CesiumMath.toRadians(target.pitch),
        roll: 0,
      },
      duration: durationS,
      ...(easingFunction ? { easingFunction } : {}),
      complete: onDone,
      cancel: onDone,
    });
    return true;
  }
  if (!index) return false;
  const sphere = sphereOfArea(index, target.id, ground);
  if (!sphere) return false;
  // Range 0 lets Cesium compute the distance that fits the sphere; a little slack keeps the edges in.
  sphere.radius *= 1.1;
  camera.flyToBoundingSphere(sphere, {
    offset: new HeadingPitchRange(CesiumMath.toRadians(target.heading), CesiumMath.toRadians(target.pitch), 0),
    duration: durationS,
    ...(easingFunction ? { easingFunction } : {}),
    complete: onDone,
    cancel: onDone,
  });
  return true;
}

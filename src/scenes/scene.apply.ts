import { DEFAULT_PITCH, type CameraTarget, type WallAction } from '../state/wall.model.ts';
import type { WallScene } from './scene.types.ts';

export interface ScenePlanInput {
  scene: WallScene;
  /** A deep link (?grid=…) wins over the scene's own focus, and the camera then fits it. */
  focusOverride?: string | null;
  districtId: string | null;
}

/**
 * What applying a scene does, as store actions (pure, so it is tested without Cesium): layer
 * visibility and options first, then one focus change carrying the camera target.
 */
export function planScene({ scene, focusOverride, districtId }: ScenePlanInput): WallAction[] {
  const actions: WallAction[] = [];
  for (const [id, layer] of Object.entries(scene.layers)) {
    const { visible, ...options } = layer;
    actions.push({ type: 'layer/set', id, visible, options });
  }
  const focusId = focusOverride || ('id' in scene.focus ? scene.focus.id : districtId);
  const durationS = scene.durationS ?? 0;
  let camera: CameraTarget | undefined;
  if (focusOverride || 'fit' in scene.camera) {
    const heading = scene.camera.heading;
    const pitch = 'fit' in scene.camera ? scene.camera.pitch : DEFAULT_PITCH;
    camera = { kind: 'fit', id: focusId ?? '', heading, pitch };
  } else {
    const [lng, lat, height] = scene.camera.position;
    camera = { kind: 'view', lng, lat, height, heading: scene.camera.heading, pitch: scene.camera.pitch };
  }
  if (focusId) actions.push({ type: 'focus/set', id: focusId, camera, durationS });
  else actions.push({ type: 'camera/set', target: camera, durationS });
  return actions;
}

export interface SceneContext {
  dispatch(action: WallAction): void;
  districtId: string | null;
  focusOverride?: string | null;
}

/** THE way the wall changes scene: camera, layers and focus, in one call. */
export function applyScene(scene: WallScene, ctx: SceneContext): WallAction[] {
  const actions = planScene({ scene, focusOverride: ctx.focusOverride, districtId: ctx.districtId });
  for (const action of actions) ctx.dispatch(action);
  return actions;
}

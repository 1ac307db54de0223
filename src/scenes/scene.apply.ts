import type { Camera } from '../domain/district.types.ts';
import type { Incident } from '../protocol/incident.schema.ts';
import type { SceneFocus, WallScene } from '../protocol/scene.schema.ts';
import type { CameraTarget, WallAction } from '../state/wall.model.ts';
import { camerasSeeing, frameTarget } from './incident-frame.ts';
import { resolveSelection, type Resolved } from './tour.select.ts';

// Applying a scene: its pure half `planScene` turns a scene (plus a deep-link focus, the scene
// before it and the live world for selections) into store actions — layers first, then one focus
// change carrying the camera target — so it is tested without Cesium.

/** What a scene may look at when it plays: live incidents (for selections and framing), people, cameras. */
export interface SceneWorld {
  incidents: Iterable<Incident>;
  /** the relay's clock */
  now: number;
  staffPosition?: (id: string) => [number, number] | null;
  cameras?: readonly Camera[];
}

export interface ScenePlanInput {
  scene: WallScene;
  districtId: string | null;
  /** A deep link (?grid=…) or a tour step's focus wins over the scene's own, and the camera fits it. */
  focusOverride?: SceneFocus | string | null;
  /** the scene on screen before: options it set that this one does not are cleared */
  previous?: WallScene | null;
  world?: SceneWorld | null;
}

export interface ScenePlan {
  actions: WallAction[];
  /** what a selection or incident focus resolved to (null: none, the scene fell back to the district) */
  resolved: Resolved | null;
  /** the cameras framed with an incident (for the cameras layer and the diagnostics) */
  cameraIds: string[];
  /** why the plan differs from what the scene asked for */
  notes: string[];
}

function resolveFocus(
  focus: SceneFocus,
  world: SceneWorld | null | undefined,
): { resolved: Resolved | null; note?: string } {
  if (focus.select) {
    const r = world ? resolveSelection(focus.select, world) : null;
    return r ? { resolved: r } : { resolved: null, note: `nothing matches ${focus.select} now` };
  }
  if (focus.incident) {
    const i = world ? [...world.incidents].find((x) => x.id === focus.incident) : undefined;
    return i
      ? { resolved: { kind: 'incident', id: i.id, streetId: i.streetId, gridId: i.gridId, position: i.position } }
      : { resolved: null, note: `no incident ${focus.incident}` };
  }
  return { resolved: null };
}

export function planScene({ scene, districtId, focusOverride, previous, world }: ScenePlanInput): ScenePlan {
  const actions: WallAction[] = [];
  const notes: string[] = [];
  for (const [id, layer] of Object.entries(scene.layers)) {
    const options: Record<string, unknown> = {};
    // the store merges options: clear what the previous scene set and this one does not
    for (const key of Object.keys(previous?.layers[id]?.options ?? {})) options[key] = undefined;
    Object.assign(options, layer.options);
    actions.push({ type: 'layer/set', id, visible: layer.visible, options });
  }

  const focus: SceneFocus = typeof focusOverride === 'string' ? { id: focusOverride } : (focusOverride ?? scene.focus);
  const overridden = focusOverride !== undefined && focusOverride !== null;
  const { resolved, note } = resolveFocus(focus, world);
  if (note) notes.push(note);

  let focusId: string | null = focus.id ?? (focus.level === 'district' ? districtId : null);
  const cam = scene.camera;
  const heading = cam.heading;
  const pitch = cam.pitch;
  let camera: CameraTarget | null = null;
  const cameraIds: string[] = [];
  if (resolved?.kind === 'area') focusId = resolved.id;
  else if (resolved?.kind === 'incident') {
    focusId = resolved.gridId ?? resolved.streetId;
    if (resolved.position) {
      const points: [number, number][] = [resolved.position];
      const parts = new Set(scene.frame ?? ['incident']);
      const incident = [...(world?.incidents ?? [])].find((i) => i.id === resolved.id);
      if (parts.has('responders') && incident && world?.staffPosition) {
        for (const s of incident.assignees) {
          const p = world.staffPosition(s);
          if (p) points.push(p);
        }
      }
      if (parts.has('cameras') && world?.cameras) {
        for (const c of camerasSeeing(resolved.position, world.cameras)) {
          cameraIds.push(c.id);
          points.push(c.position);
        }
      }
      camera = frameTarget(points, heading, pitch, cam.rangeScale ?? 1);
    }
  } else if (focus.select || focus.incident) {
    focusId = districtId; // nothing to show: the district rather than a stale close-up
  }

  if (!camera) {
    if (focusId && (overridden || resolved || cam.fit)) camera = { kind: 'fit', id: focusId, heading, pitch };
    else if (cam.position) {
      const [lng, lat, height] = cam.position;
      camera = { kind: 'view', lng, lat, height, heading, pitch };
    }
  }
  const { durationS, easing } = scene.flight;
  if (focusId) actions.push({ type: 'focus/set', id: focusId, camera, durationS, easing });
  else if (camera) actions.push({ type: 'camera/set', target: camera, durationS, easing });
  return { actions, resolved, cameraIds, notes };
}

export interface SceneContext {
  dispatch(action: WallAction): void;
  districtId: string | null;
  focusOverride?: SceneFocus | string | null;
  previous?: WallScene | null;
  world?: SceneWorld | null;
}

/** THE way the wall changes scene: camera, layers and focus, in one call. */
export function applyScene(scene: WallScene, ctx: SceneContext): ScenePlan {
  const plan = planScene({
    scene,
    districtId: ctx.districtId,
    focusOverride: ctx.focusOverride,
    previous: ctx.previous,
    world: ctx.world,
  });
  for (const action of plan.actions) ctx.dispatch(action);
  return plan;
}

import { levelOfId } from '../state/area-id.ts';
import type { SceneCamera, SceneFocus, SceneLayer, WallScene } from './scene.types.ts';

export type SceneResult = { ok: true; scene: WallScene } | { ok: false; errors: string[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Hand-written so the wall bundle carries no schema library; every problem is listed, not just the first. */
export function validateScene(value: unknown): SceneResult {
  const errors: string[] = [];
  if (!isObject(value)) return { ok: false, errors: ['scene: not an object'] };
  if (value.version !== 1) errors.push(`scene.version: expected 1, got ${JSON.stringify(value.version)}`);
  if (typeof value.id !== 'string' || !/^[a-z0-9-]{1,60}$/.test(value.id)) errors.push('scene.id: expected a kebab-case id');
  if (value.title !== undefined && !isObject(value.title)) errors.push('scene.title: expected { "zh-CN", "en" }');

  let camera: SceneCamera | null = null;
  const cam = value.camera;
  if (!isObject(cam)) errors.push('scene.camera: expected an object');
  else {
    const heading = cam.heading ?? 0;
    const pitch = cam.pitch ?? -50;
    if (!isNum(heading) || heading < -360 || heading > 360) errors.push('scene.camera.heading: expected degrees');
    if (!isNum(pitch) || pitch < -90 || pitch > 0) errors.push('scene.camera.pitch: expected degrees in [-90, 0]');
    if (cam.fit === 'focus' && cam.position === undefined) camera = { fit: 'focus', heading: heading as number, pitch: pitch as number };
    else if (Array.isArray(cam.position) && cam.position.length === 3 && cam.position.every(isNum)) {
      const [lng, lat, h] = cam.position as number[];
      if (Math.abs(lng) > 180 || Math.abs(lat) > 90 || h <= 0) errors.push('scene.camera.position: expected [lng, lat, height>0]');
      camera = { position: [lng, lat, h], heading: heading as number, pitch: pitch as number };
    } else errors.push('scene.camera: expected { "fit": "focus" } or { "position": [lng, lat, height] }');
  }

  const layers: Record<string, SceneLayer> = {};
  if (!isObject(value.layers)) errors.push('scene.layers: expected an object keyed by layer id');
  else {
    for (const [id, layer] of Object.entries(value.layers)) {
      if (!isObject(layer)) errors.push(`scene.layers.${id}: expected an object`);
      else if (layer.visible !== undefined && typeof layer.visible !== 'boolean') errors.push(`scene.layers.${id}.visible: expected a boolean`);
      else layers[id] = { ...layer, visible: layer.visible !== false };
    }
  }

  let focus: SceneFocus | null = null;
  const f = value.focus;
  if (!isObject(f)) errors.push('scene.focus: expected { "level": "district" } or { "id": ... }');
  else if (f.level === 'district' && f.id === undefined) focus = { level: 'district' };
  else if (typeof f.id === 'string' && ['street', 'community', 'grid'].includes(levelOfId(f.id) ?? '')) focus = { id: f.id };
  else errors.push(`scene.focus: ${JSON.stringify(f)} is neither the district nor a street/community/grid id`);

  if (value.durationS !== undefined && (!isNum(value.durationS) || value.durationS < 0 || value.durationS > 30)) {
    errors.push('scene.durationS: expected seconds in [0, 30]');
  }
  if (errors.length > 0 || !camera || !focus) return { ok: false, errors };
  return {
    ok: true,
    scene: {
      version: 1,
      id: value.id as string,
      title: value.title as WallScene['title'],
      camera,
      layers,
      focus,
      durationS: value.durationS as number | undefined,
    },
  };
}

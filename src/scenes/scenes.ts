import districtOverview from './district-overview.scene.json';
import type { WallScene } from './scene.types.ts';
import { validateScene } from './scene.validate.ts';

/** The scene files shipped with the wall, by id; each is validated like any other input. */
const SCENE_FILES: Record<string, unknown> = {
  'district-overview': districtOverview,
};

export const DEFAULT_SCENE = 'district-overview';

export function loadScene(id: string): { scene: WallScene | null; errors: string[] } {
  const raw = SCENE_FILES[id];
  if (raw === undefined) return { scene: null, errors: [`no scene ${id}`] };
  const result = validateScene(raw);
  return result.ok ? { scene: result.scene, errors: [] } : { scene: null, errors: result.errors };
}

export function sceneIds(): string[] {
  return Object.keys(SCENE_FILES);
}

import { parseScene, type WallScene } from '../protocol/scene.schema.ts';
import districtOverview from './district-overview.scene.json';
import gridFocus from './grid-focus.scene.json';
import hotspots from './hotspots.scene.json';
import incidentFocus from './incident-focus.scene.json';
import kpiBoard from './kpi-board.scene.json';
import overdueWatch from './overdue-watch.scene.json';
import street from './street.scene.json';

// The scene files shipped with the wall, bundled so a wall starts before GET /api/scenes answers;
// the district's own scenes (from the server) are added with `addScenes` and win by id.

const SHIPPED: unknown[] = [districtOverview, street, gridFocus, incidentFocus, hotspots, overdueWatch, kpiBoard];

export const DEFAULT_SCENE = 'district-overview';

export class SceneLibrary {
  private readonly scenes = new Map<string, WallScene>();
  readonly errors: string[] = [];

  constructor(files: readonly unknown[] = SHIPPED) {
    for (const raw of files) {
      const r = parseScene(raw);
      if (r.ok) this.scenes.set(r.value.id, r.value);
      else
        this.errors.push(
          `${(raw as { id?: unknown })?.id ?? '?'}: ${r.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
        );
    }
  }

  /** Scenes as served by GET /api/scenes (already validated there, checked again: it is input). */
  addScenes(files: readonly unknown[]): void {
    for (const raw of files) {
      const r = parseScene(withoutListingFields(raw));
      if (r.ok) this.scenes.set(r.value.id, r.value);
    }
  }

  get(id: string): WallScene | null {
    return this.scenes.get(id) ?? null;
  }

  list(): WallScene[] {
    return [...this.scenes.values()];
  }
}

/** The listing adds where a file came from (source, file); the file format itself has no such keys. */
export function withoutListingFields(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const { source: _source, file: _file, ...rest } = raw as Record<string, unknown>;
  return rest;
}

const shipped = new SceneLibrary();

/** A shipped scene by id (the wall's start, before the server's list arrives). */
export function loadScene(id: string): { scene: WallScene | null; errors: string[] } {
  const scene = shipped.get(id);
  return scene ? { scene, errors: [] } : { scene: null, errors: [`no scene ${id}`] };
}

export function sceneIds(): string[] {
  return shipped.list().map((s) => s.id);
}

import path from 'node:path';
import express from 'express';
import { parseScene, type SceneListing, type WallScene } from '../../src/protocol/scene.schema.ts';
import { parseTour, type Tour, type TourListing } from '../../src/protocol/tour.schema.ts';
import { FileLibrary } from './file-library.ts';

// GET /api/scenes and GET /api/tours: the shipped library (src/scenes) plus the district's drop-in
// files (GRIDWALL_DATA_DIR/scenes, GRIDWALL_DATA_DIR/tours). Refused files are listed with their
// problems, so an operator sees why a scene is missing without reading the server log.

export interface SceneLibraries {
  scenes: FileLibrary<WallScene>;
  tours: FileLibrary<Tour>;
  listScenes(): SceneListing;
  listTours(): TourListing;
}

export function sceneLibraries(opts: { rootDir: string; dataDir: string; log?: (m: string) => void }): SceneLibraries {
  const log = opts.log ?? ((m: string) => console.warn(`gridwall scenes: ${m}`));
  const builtIn = path.join(opts.rootDir, 'src', 'scenes');
  const scenes = new FileLibrary<WallScene>({
    builtInDir: builtIn,
    builtInSuffix: '.scene.json',
    districtDir: path.join(opts.dataDir, 'scenes'),
    parse: parseScene,
    idOf: (s) => s.id,
    log,
  });
  const listScenes = (): SceneListing => {
    const lib = scenes.load();
    return { scenes: lib.items.map((i) => ({ ...i.value, source: i.source, file: i.file })), refused: lib.refused };
  };
  // parseTour checks scene references against the library as it is now
  const tours = new FileLibrary<Tour>({
    builtInDir: path.join(builtIn, 'tours'),
    builtInSuffix: '.tour.json',
    districtDir: path.join(opts.dataDir, 'tours'),
    parse: (raw) => parseTour(raw, new Set(scenes.load().items.map((i) => i.value.id))),
    idOf: (t) => t.id,
    log,
  });
  const listTours = (): TourListing => {
    const lib = tours.load();
    return { tours: lib.items.map((i) => ({ ...i.value, source: i.source, file: i.file })), refused: lib.refused };
  };
  return { scenes, tours, listScenes, listTours };
}

export function sceneRoutes(libs: SceneLibraries): express.Router {
  const router = express.Router();
  const noCache = (res: express.Response) => res.set('Cache-Control', 'no-cache');
  router.get('/scenes', (_req, res) => {
    noCache(res).json(libs.listScenes());
  });
  router.get('/scenes/:id', (req, res) => {
    const s = libs.listScenes().scenes.find((x) => x.id === req.params.id);
    if (!s) return res.status(404).json({ error: 'not-found', message: `no scene ${req.params.id}` });
    noCache(res).json(s);
  });
  router.get('/tours', (_req, res) => {
    noCache(res).json(libs.listTours());
  });
  router.get('/tours/:id', (req, res) => {
    const t = libs.listTours().tours.find((x) => x.id === req.params.id);
    if (!t) return res.status(404).json({ error: 'not-found', message: `no tour ${req.params.id}` });
    noCache(res).json(t);
  });
  return router;
}

import express from 'express';
import type { VersionInfo } from '../../src/protocol/wall.schema.ts';
import { viewerOf, type ViewerAuth } from '../kpi/viewer.ts';
import type { WallRegistry } from './wall-registry.ts';

// GET /api/walls: the walls an operator should look at (stale heartbeat, old frame, errors, an old
// version still on screen, relay down, memory), worrying ones first. GET /api/version: what a wall
// compares with the version it was loaded from.

export function wallsRoutes(d: ViewerAuth & { registry: WallRegistry; version: () => string }): express.Router {
  const router = express.Router();
  router.get('/version', (_req, res) => {
    const body: VersionInfo = { version: d.version() };
    res.set('Cache-Control', 'no-store').json(body);
  });
  router.get('/walls', async (req, res, next) => {
    try {
      const viewer = await viewerOf(d, req, res);
      if (!viewer) return;
      res.set('Cache-Control', 'no-store').json(d.registry.list(d.version(), viewer.scope));
    } catch (e) {
      next(e);
    }
  });
  return router;
}

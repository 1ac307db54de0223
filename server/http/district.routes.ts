import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { DISTRICT_FILES } from '../../src/domain/district.types.ts';
import type { DistrictStore } from './district-store.ts';
import { methodNotAllowed } from './http-errors.ts';

/**
 * Read-only data API over the loaded district. Large bodies (the hierarchy with every polygon)
 * are serialised once; compression is applied by the app-wide middleware.
 */
export function districtRoutes(district: DistrictStore): express.Router {
  const router = express.Router();
  const cache = new Map<string, string>();
  const once = (key: string, make: () => unknown): string => {
    let body = cache.get(key);
    if (body === undefined) {
      body = JSON.stringify(make());
      cache.set(key, body);
    }
    return body;
  };
  const sendJson = (res: express.Response, body: string) => {
    res.type('application/json').set('Cache-Control', 'no-cache').send(body);
  };
  const notLoaded = (res: express.Response) =>
    res
      .status(503)
      .json({ error: 'district-not-loaded', message: `no district data in ${district.dir}; run npm run build:data` });

  router.get('/district', (_req, res) => {
    if (!district.summary) return notLoaded(res);
    sendJson(
      res,
      once('district', () => district.summary),
    );
  });

  router.get('/hierarchy', (_req, res) => {
    if (!district.hierarchy) return notLoaded(res);
    sendJson(
      res,
      once('hierarchy', () => district.hierarchy),
    );
  });

  router.get('/patches', (_req, res) => {
    sendJson(
      res,
      once('patches', () => district.patches),
    );
  });

  router.get('/grids/:id', (req, res) => {
    const grid = district.gridById.get(req.params.id);
    if (!grid) return res.status(404).json({ error: 'not-found', message: `no grid ${req.params.id}` });
    res.json({
      grid,
      worker: district.staffById.get(grid.workerId) ?? null,
      places: district.placesByGrid.get(grid.id) ?? [],
      microGrids: district.microGridsByGrid.get(grid.id) ?? [],
      buildingIds: district.buildingIdsByGrid.get(grid.id) ?? [],
      cameras: district.camerasByGrid.get(grid.id) ?? 0,
    });
  });

  router.get('/cameras', (_req, res) => {
    sendJson(
      res,
      once('cameras', () => district.cameras),
    );
  });

  router.get('/staff', (_req, res) => {
    sendJson(
      res,
      once('staff', () => district.staff),
    );
  });

  // Every place (地: schools, clinics, markets, party-mass service centres…) for the wall's places layer.
  router.get('/places', (_req, res) => {
    sendJson(
      res,
      once('places', () => district.places),
    );
  });

  // The road network, for the wall's "nearest free staff by road" (read on first request only).
  router.get('/roads', (_req, res) => {
    const file = path.join(district.dir, DISTRICT_FILES.roads);
    if (!fs.existsSync(file)) return notLoaded(res);
    sendJson(
      res,
      once('roads', () => JSON.parse(fs.readFileSync(file, 'utf8'))),
    );
  });

  // read-only: another method on a known path is a 405 (with Allow), not a misleading 404
  for (const p of ['/district', '/hierarchy', '/patches', '/grids/:id', '/cameras', '/staff', '/roads'])
    router.all(p, methodNotAllowed('GET'));
  return router;
}

// GET /api/search/docs: every static thing the wall's search box finds (areas, micro-grids, places,
// buildings, cameras), built once from the district files and served as columns. People and
// incidents are not here: the wall searches them in its live state, within its token's scope.
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { DISTRICT_FILES, type Building } from '../../src/domain/district.types.ts';
import { districtDocs } from '../../src/domain/search/search.index.ts';
import { encodeDocs } from '../../src/domain/search/search.codec.ts';
import type { DistrictStore } from '../http/district-store.ts';
import { methodNotAllowed } from '../http/http-errors.ts';

export function searchRoutes(district: DistrictStore): express.Router {
  const router = express.Router();
  let body: string | null = null;
  const build = (): string => {
    // Buildings are read here only (the district store keeps their ids, not names and addresses).
    const file = path.join(district.dir, DISTRICT_FILES.buildings);
    const buildings = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Building[]) : [];
    const docs = districtDocs({
      hierarchy: district.hierarchy!,
      microgrids: district.microGrids,
      places: district.places,
      buildings,
      cameras: district.cameras,
    });
    return JSON.stringify(encodeDocs(docs));
  };
  router.get('/search/docs', (_req, res) => {
    if (!district.hierarchy) {
      res.status(503).json({ error: 'district-not-loaded', message: 'no district data loaded' });
      return;
    }
    body ??= build();
    res.type('application/json').set('Cache-Control', 'no-cache').send(body);
  });
  router.all('/search/docs', methodNotAllowed('GET'));
  return router;
}

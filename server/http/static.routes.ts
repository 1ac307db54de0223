import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { Config } from '../config.ts';

// A 1x1 transparent PNG: ground imagery is only generated where there is something to draw, and
// Cesium counts a 404 as a failed tile, so empty tiles are answered rather than missing.
const TRANSPARENT_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** The app bundle, Cesium's static assets and the tiles, all from our own origin. */
export function staticRoutes(config: Config): express.Router {
  const router = express.Router();
  router.use(
    '/tiles',
    express.static(config.tilesDir, {
      maxAge: '1h',
      fallthrough: true,
      setHeaders(res, filePath) {
        if (filePath.endsWith('.glb')) res.setHeader('Content-Type', 'model/gltf-binary');
      },
    }),
  );
  router.get(/^\/tiles\/ground\/\d+\/\d+\/\d+\.png$/, (_req, res) => {
    res.type('image/png').set('Cache-Control', 'public, max-age=3600').send(TRANSPARENT_PNG);
  });
  router.use('/tiles', (req, res) => {
    res.status(404).json({ error: 'not-found', message: `no tile ${req.path}` });
  });

  // Hashed bundle files can be cached hard; index.html must not be, so a rebuild is picked up.
  router.use(
    express.static(config.distDir, {
      index: false,
      setHeaders(res, filePath) {
        if (filePath.includes(`${path.sep}assets${path.sep}`))
          res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  const indexHtml = path.join(config.distDir, 'index.html');
  router.get(/^\/(?!api\/|socket\.io\/|tiles\/|cesium\/).*/, (req, res, next) => {
    // a file that is not there (a stale /assets/*.js after a rebuild) is a 404, not the app page:
    // a browser that gets HTML for a script fails with a confusing MIME error instead
    if (/\.[a-z0-9]{1,8}$/i.test(req.path)) return next();
    if (!fs.existsSync(indexHtml)) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The wall is not built yet: run npm start (or npm run build:app).');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(indexHtml);
  });
  return router;
}

import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const CESIUM_BUILD = path.resolve(import.meta.dirname, 'node_modules/cesium/Build/Cesium');
const CESIUM_DIRS = ['Workers', 'Assets', 'ThirdParty', 'Widgets'];
// the one server `npm start` runs: the same PORT it listens on
const SERVER = `http://127.0.0.1:${process.env.PORT ?? 8080}`;

const MIME: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml',
  '.ktx2': 'image/ktx2',
};

/**
 * Cesium's prebuilt static files (web workers, textures, widget CSS) served at /cesium/ in dev and
 * copied to <outDir>/cesium/ at build end, so the wall never needs a CDN.
 */
function cesiumStatic(): Plugin {
  // the build's own outDir (`vite build --outDir /tmp/dist-x`): the bundle and its Cesium files
  // go together, and an experiment's build never writes into the shared dist/
  let outDir = path.resolve(import.meta.dirname, 'dist');
  return {
    name: 'gridwall-cesium-static',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use('/cesium', (req, res, next) => {
        const rel = decodeURIComponent((req.url ?? '/').split('?')[0]);
        const file = path.join(CESIUM_BUILD, path.normalize(rel));
        if (!file.startsWith(CESIUM_BUILD + path.sep) || !CESIUM_DIRS.includes(rel.split('/')[1] ?? '')) return next();
        fs.stat(file, (err, stat) => {
          if (err || !stat.isFile()) return next();
          res.setHeader('Content-Type', MIME[path.extname(file)] ?? 'application/octet-stream');
          fs.createReadStream(file).pipe(res);
        });
      });
    },
    closeBundle() {
      const out = path.join(outDir, 'cesium');
      for (const dir of CESIUM_DIRS) fs.cpSync(path.join(CESIUM_BUILD, dir), path.join(out, dir), { recursive: true });
    },
  };
}

export default defineConfig({
  plugins: [cesiumStatic()],
  // public/ holds only the generated tiles, which the server serves from there: never copy them.
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': SERVER,
      '/tiles': SERVER,
      // camera streams; live FLV comes over WebSocket
      '/video': { target: SERVER, ws: true },
      '/socket.io': { target: SERVER, ws: true },
    },
  },
  preview: {
    proxy: {
      '/api': SERVER,
      '/tiles': SERVER,
      // camera streams; live FLV comes over WebSocket
      '/video': { target: SERVER, ws: true },
      '/socket.io': { target: SERVER, ws: true },
    },
  },
});

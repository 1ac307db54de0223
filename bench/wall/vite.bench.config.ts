import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The bench page is built on its own so `bench:wall` never depends on the app shell's entry; Cesium's
// static assets (workers, widgets) are served by the bench server from node_modules at /cesium/.
export default defineConfig({
  root: resolve(import.meta.dirname),
  base: './',
  logLevel: 'warn',
  define: { CESIUM_BASE_URL: JSON.stringify('/cesium/') },
  build: {
    outDir: resolve(import.meta.dirname, '../../dist/bench-wall'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 10_000,
    sourcemap: false,
  },
});

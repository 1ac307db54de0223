import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The patrol bench page, built on its own (no Cesium, no wall shell) into dist/bench-video, which
// the real server serves from its own origin, so the page plays through the real /video proxy.
export default defineConfig({
  root: resolve(import.meta.dirname),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, '../../dist/bench-video'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 10_000,
    sourcemap: false,
  },
});

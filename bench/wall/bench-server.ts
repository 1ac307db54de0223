import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';

// A static server on 127.0.0.1 for the bench page: the built page at /, Cesium's prebuilt static
// assets (workers, widgets, textures) at /cesium/. Nothing leaves the machine.

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

export async function serveBench(
  pageDir: string,
  cesiumDir: string,
): Promise<{ url: string; close(): Promise<void>; external: string[] }> {
  const external: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const [root, rel] = path.startsWith('/cesium/')
      ? [cesiumDir, path.slice('/cesium/'.length)]
      : [pageDir, path.slice(1) || 'index.html'];
    const file = resolve(root, normalize(rel));
    if (!file.startsWith(resolve(root)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    external,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export const CESIUM_BUILD = join(import.meta.dirname, '../../node_modules/cesium/Build/Cesium');

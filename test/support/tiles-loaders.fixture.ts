// Test helper: loads a built tileset the way a 3D Tiles client does, with loaders.gl (an
// implementation independent of Cesium and of this builder): tileset.json and every GLB fetched
// over HTTP from 127.0.0.1, tiles made into Tile3D objects (which compose `transform`s), content
// decoded by GLTFLoader including EXT_mesh_features and EXT_structural_metadata.

import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { load } from '@loaders.gl/core';
import { Tiles3DLoader } from '@loaders.gl/3d-tiles';
import { Tileset3D, type Tile3D } from '@loaders.gl/tiles';

export interface LoadedTile {
  tile: Tile3D;
  header: { boundingVolume: { region: number[] }; geometricError: number; refine?: unknown };
  parent: LoadedTile | null;
  children: LoadedTile[];
  /** decoded glTF (post-processed by loaders.gl), or null for a tile without content */
  gltf: any;
  rotateYtoZ: boolean;
}

export interface LoadedTileset {
  json: any;
  tiles: LoadedTile[];
  root: LoadedTile;
}

function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const rel = normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^(\.\.[/\\])+/, '');
    readFile(join(dir, rel))
      .then((b) => res.end(b))
      .catch(() => {
        res.statusCode = 404;
        res.end();
      });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function loadTileset(dir: string): Promise<LoadedTileset> {
  const server = await serve(dir);
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const json = await load(`${base}/tileset.json`, Tiles3DLoader, {});
    const tileset = new Tileset3D(json, {
      loadOptions: { '3d-tiles': { loadGLTF: true }, gltf: { loadBuffers: true }, worker: false },
    } as never);
    const tiles: LoadedTile[] = [];
    const visit = async (tile: Tile3D, parent: LoadedTile | null): Promise<LoadedTile> => {
      let gltf = null;
      let rotateYtoZ = false;
      if (tile.contentUrl) {
        const ok = await tile.loadContent();
        if (!ok || !tile.content) throw new Error(`loaders.gl failed to load ${tile.contentUrl}`);
        gltf = tile.content.gltf;
        rotateYtoZ = tile.content.rotateYtoZ === true && tile.content.gltfUpAxis === 'Y';
      }
      const lt: LoadedTile = {
        tile,
        header: tile.header as LoadedTile['header'],
        parent,
        children: [],
        gltf,
        rotateYtoZ,
      };
      tiles.push(lt);
      for (const c of tile.children) lt.children.push(await visit(c, lt));
      return lt;
    };
    const root = await visit(tileset.root!, null);
    return { json, tiles, root };
  } finally {
    server.close();
  }
}

/** The property table of a decoded tile, as columns, from loaders.gl's EXT_structural_metadata. */
export function propertyColumns(gltf: any): Record<string, unknown[]> {
  const table = gltf.extensions.EXT_structural_metadata.propertyTables[0];
  const out: Record<string, unknown[]> = {};
  for (const [name, prop] of Object.entries<any>(table.properties)) out[name] = Array.from(prop.data);
  return out;
}

export function primitiveOf(gltf: any) {
  return gltf.meshes[0].primitives[0];
}

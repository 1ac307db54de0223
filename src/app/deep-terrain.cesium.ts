import {
  HeightmapTerrainData,
  type Credit,
  type Event,
  type Request,
  type TerrainData,
  type TerrainProvider,
  type TileAvailability,
  type TilingScheme,
} from 'cesium';
import { ancestorAt, deepTileHeights, flipY } from '../domain/heightmap.resample.ts';
import { TILE_SIZE, type DecodedTile } from '../domain/heightmap.tile.ts';

/** The real tiles of one level, already in memory (the ground the layers stand on). */
export interface TerrainSource {
  readonly level: number;
  /** the decoded tile at TMS x/y of `level`, if loaded */
  decoded(x: number, y: number): DecodedTile | undefined;
}

/** How far below the data Cesium may ask: beyond it, Cesium upsamples as it always does. */
export const DEEP_LEVELS = 8;

/**
 * Our heightmap terrain with every level below the deepest real one served from memory (issue 9).
 * Cesium would upsample such tiles from their parents one level per round trip (the parent's mesh is
 * built in a worker first), which after a flight to a grid kept the wall loading for ~10 extra frames
 * per level under SwiftShader. Here a deep tile is read off its real ancestor at once
 * (heightmap.resample.ts: the same surface), and the real level itself comes from the preloaded copy
 * instead of a second download. Deep tiles still say they were made by upsampling, so Cesium keeps
 * not refining into children that add neither terrain nor imagery detail.
 */
export class DeepTerrainProvider implements TerrainProvider {
  constructor(
    private readonly inner: TerrainProvider,
    private readonly source: TerrainSource,
    private readonly deepest = source.level + DEEP_LEVELS,
  ) {}

  get errorEvent(): Event<TerrainProvider.ErrorEvent> {
    return this.inner.errorEvent;
  }
  get credit(): Credit {
    return this.inner.credit;
  }
  get tilingScheme(): TilingScheme {
    return this.inner.tilingScheme;
  }
  get hasWaterMask(): boolean {
    return false;
  }
  get hasVertexNormals(): boolean {
    return this.inner.hasVertexNormals;
  }
  get availability(): TileAvailability | undefined {
    return this.inner.availability;
  }

  getLevelMaximumGeometricError(level: number): number {
    return this.inner.getLevelMaximumGeometricError(level);
  }

  getTileDataAvailable(x: number, y: number, level: number): boolean | undefined {
    const src = this.source.level;
    if (level < src) return this.inner.getTileDataAvailable(x, y, level);
    if (level > this.deepest) return false;
    // halving y commutes with flipping it: the ancestor in Cesium's y, flipped at the source level
    const a = ancestorAt({ level, x, y }, src)!;
    return this.source.decoded(a.x, flipY(src, a.y)) !== undefined || this.inner.getTileDataAvailable(x, y, level);
  }

  loadTileDataAvailability(x: number, y: number, level: number): undefined | Promise<void> {
    return level < this.source.level ? this.inner.loadTileDataAvailability(x, y, level) : undefined;
  }

  requestTileGeometry(x: number, y: number, level: number, request?: Request): Promise<TerrainData> | undefined {
    const src = this.source.level;
    if (level < src) return this.inner.requestTileGeometry(x, y, level, request);
    const heights = deepTileHeights({ level, x, y: flipY(level, y) }, src, (tx, ty) => this.source.decoded(tx, ty));
    if (!heights) return this.inner.requestTileGeometry(x, y, level, request);
    return Promise.resolve(
      new HeightmapTerrainData({
        buffer: heights,
        width: TILE_SIZE,
        height: TILE_SIZE,
        childTileMask: level < this.deepest ? 15 : 0,
        createdByUpsampling: level > src,
      }),
    );
  }
}

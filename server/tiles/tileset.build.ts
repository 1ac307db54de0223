// Writes the planned tile tree as a 3D Tiles 1.1 tileset: GLB content per tile, region bounding
// volumes, geometric errors that shrink towards the leaves, REPLACE refinement. Each patch tile
// carries the ENU->ECEF `transform` of its patch; its descendants inherit it, so all content of a
// patch shares one local frame a few km across (float32 stays at sub-millimetre precision there).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Building } from '../../src/domain/district.types.ts';
import { MeshBuilder, openRing, simplifyFootprint } from './extrude.mesh.ts';
import { enuFrame, type EnuFrame } from './geodesy.geo.ts';
import { writeGlb } from './glb.writer.ts';
import { DEFAULT_PLAN, planTiles, type PlanNode, type PlanOptions } from './hierarchy.plan.ts';
import { footprintBase, type GroundSampler } from '../terrain/ground.sampler.ts';

const DEG = Math.PI / 180;
/** [west, south, east, north] degrees, [minH, maxH] metres */
type Bounds = [number, number, number, number, number, number];

const BUILDING_COLOR: [number, number, number, number] = [0.62, 0.68, 0.75, 1];

export interface TileJson {
  boundingVolume: { region: number[] };
  geometricError: number;
  refine?: 'REPLACE' | 'ADD';
  transform?: number[];
  content?: { uri: string };
  children?: TileJson[];
}

export interface TilesetResult {
  tilesetPath: string;
  glbCount: number;
  bytes: number;
  buildings: number;
  tiles: number;
  depth: number;
}

function emptyBounds(): Bounds {
  return [Infinity, Infinity, -Infinity, -Infinity, 0, 0];
}

function grow(b: Bounds, o: Bounds): void {
  b[0] = Math.min(b[0], o[0]);
  b[1] = Math.min(b[1], o[1]);
  b[2] = Math.max(b[2], o[2]);
  b[3] = Math.max(b[3], o[3]);
  b[4] = Math.min(b[4], o[4]);
  b[5] = Math.max(b[5], o[5]);
}

function footprintBounds(ring: [number, number][], height: number, b: Bounds): void {
  for (const [lng, lat] of ring) {
    b[0] = Math.min(b[0], lng);
    b[1] = Math.min(b[1], lat);
    b[2] = Math.max(b[2], lng);
    b[3] = Math.max(b[3], lat);
  }
  b[5] = Math.max(b[5], height);
}

function diagonalM(b: Bounds): number {
  const lat = ((b[1] + b[3]) / 2) * DEG;
  const dx = (b[2] - b[0]) * DEG * 6378137 * Math.cos(lat);
  const dy = (b[3] - b[1]) * DEG * 6378137;
  return Math.hypot(dx, dy, b[5] - b[4]);
}

function toRegion(b: Bounds): number[] {
  return [b[0] * DEG, b[1] * DEG, b[2] * DEG, b[3] * DEG, b[4], b[5]];
}

interface Ctx {
  outDir: string;
  frame: EnuFrame;
  glbCount: number;
  bytes: number;
  tiles: number;
  depth: number;
  done: number;
  total: number;
  onTile?: (done: number, total: number) => void;
  /** ground heights (terrain); absent: buildings stand on the ellipsoid */
  ground?: GroundSampler;
}

function writeContent(node: PlanNode, ctx: Ctx, bounds: Bounds): string {
  const mesh = new MeshBuilder(ctx.frame);
  node.content.forEach((b: Building, i) => {
    const ring = node.simplified ? simplifyFootprint(b.footprint) : openRing(b.footprint);
    // On terrain the walls start at the footprint's lowest ground point (no corner floats) and
    // the roof sits `height` above its mean ground.
    const g = ctx.ground ? footprintBase(ctx.ground, ring) : { base: 0, mean: 0 };
    mesh.addBuilding(ring, b.height, i, g.base, g.mean + b.height);
    footprintBounds(ring, g.mean + b.height, bounds);
    bounds[4] = Math.min(bounds[4], g.base);
  });
  const glb = writeGlb({
    mesh: mesh.build(),
    featureCount: node.content.length,
    table: { buildings: node.content },
    color: BUILDING_COLOR,
  });
  const rel = `glb/${node.patchId.replace(/[^A-Za-z0-9_-]/g, '_')}/${node.key}.glb`;
  mkdirSync(join(ctx.outDir, 'glb', node.patchId.replace(/[^A-Za-z0-9_-]/g, '_')), { recursive: true });
  writeFileSync(join(ctx.outDir, rel), glb);
  ctx.glbCount++;
  ctx.bytes += glb.byteLength;
  return rel;
}

/** Children first, so a parent's region and error are known to contain/exceed theirs. */
function buildTile(node: PlanNode, ctx: Ctx): { tile: TileJson; bounds: Bounds } {
  ctx.tiles++;
  ctx.depth = Math.max(ctx.depth, node.depth + 1);
  const bounds = emptyBounds();
  const children = node.children.map((c) => buildTile(c, ctx));
  for (const c of children) grow(bounds, c.bounds);
  const uri = node.content.length > 0 ? writeContent(node, ctx, bounds) : undefined;
  ctx.done += node.content.length;
  ctx.onTile?.(ctx.done, ctx.total);
  // Error of drawing this tile instead of its children: leaves are exact; a stand-in tile misses
  // small buildings and squares off outlines, which matters about in proportion to its size.
  let geometricError = 0;
  if (children.length > 0) {
    const maxChild = Math.max(...children.map((c) => c.tile.geometricError));
    geometricError = round2(Math.max(diagonalM(bounds) / 16, maxChild * 1.5, 16));
  }
  const tile: TileJson = { boundingVolume: { region: toRegion(bounds) }, geometricError, refine: 'REPLACE' };
  if (uri) tile.content = { uri };
  if (children.length > 0) tile.children = children.map((c) => c.tile);
  return { tile, bounds };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export function writeTileset(
  buildings: Building[],
  outDir: string,
  onTile?: (done: number, total: number) => void,
  plan: PlanOptions = DEFAULT_PLAN,
  ground?: GroundSampler,
): TilesetResult {
  mkdirSync(outDir, { recursive: true });
  const patches = planTiles(buildings, plan);
  const total = patches.reduce((s, p) => s + countContent(p), 0);
  const ctx: Ctx = {
    outDir,
    frame: enuFrame(0, 0),
    glbCount: 0,
    bytes: 0,
    tiles: 1,
    depth: 1,
    done: 0,
    total,
    onTile,
    ground,
  };
  const rootBounds = emptyBounds();
  const children: TileJson[] = [];
  let placed = 0;
  for (const p of patches) {
    // The patch frame sits at the centre of its buildings so local coordinates stay small.
    const pb = emptyBounds();
    for (const b of p.buildings) footprintBounds(openRing(b.footprint), b.height, pb);
    ctx.frame = enuFrame((pb[0] + pb[2]) / 2, (pb[1] + pb[3]) / 2);
    const { tile, bounds } = buildTile(p, ctx);
    tile.transform = ctx.frame.matrix;
    children.push(tile);
    grow(rootBounds, bounds);
    placed += p.buildings.length;
  }
  const maxChild = Math.max(0, ...children.map((c) => c.geometricError));
  const rootError = round2(Math.max(diagonalM(rootBounds) / 16, maxChild * 2));
  const tileset = {
    asset: { version: '1.1', generator: 'gridwall server/tiles' },
    geometricError: rootError * 2,
    root: {
      boundingVolume: { region: toRegion(patches.length ? rootBounds : [0, 0, 0, 0, 0, 0]) },
      geometricError: rootError,
      refine: 'REPLACE',
      children,
    },
  };
  const tilesetPath = join(outDir, 'tileset.json');
  const text = JSON.stringify(tileset);
  writeFileSync(tilesetPath, text);
  return {
    tilesetPath,
    glbCount: ctx.glbCount,
    bytes: ctx.bytes + Buffer.byteLength(text),
    buildings: placed,
    tiles: ctx.tiles,
    depth: ctx.depth,
  };
}

function countContent(n: PlanNode): number {
  return n.content.length + n.children.reduce((s, c) => s + countContent(c), 0);
}

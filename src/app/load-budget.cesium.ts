import { HeightmapTerrainData, RequestScheduler, type Scene } from 'cesium';

// How much tile loading Cesium lets one frame do (issue 9: "a tour step is settled by the end of its
// flight + 2 s"). Cesium spreads loading over frames so a 60 fps view never stutters: the globe
// advances its queued tiles for 5 ms a frame (QuadtreePrimitive._loadQueueTimeSlice), builds at most
// 5 terrain meshes at a time (TerrainData.maximumAsynchronousTasks, fixed when Cesium loads) and
// issues at most 18 requests per server and 20 per frame (RequestScheduler). Under SwiftShader a wall
// frame takes ~1 s, so after a flight to a grid those limits, not the work, set the count: 3 of ~20
// tiles requested a frame, 5 meshes built a frame, the buildings' requests spread over 5 frames.
// Here a frame may load for the same share of its time as Cesium's 5 ms is of a 60 fps frame, meshes
// are built without the cap (a worker builds them; the main thread only posts them), deep tiles are
// bounded by their heights before their mesh, and our own server takes every request a view needs in
// one frame.

/** Cesium's own slice (QuadtreePrimitive), kept when frames come at interactive rates */
export const CESIUM_LOAD_SLICE_MS = 5;
/** the share of a frame loading may take: Cesium's 5 ms of a 60 fps frame */
export const LOAD_SHARE = CESIUM_LOAD_SLICE_MS / (1000 / 60);
/** even at one frame in seconds, a frame stays a frame: loading beyond this waits for the next */
export const MAX_LOAD_SLICE_MS = 250;
/** frames remembered for the interval: the median ignores the long gap after an idle wall */
const INTERVALS_KEPT = 5;

/** The globe's load slice for frames `intervalsMs` apart (the latest few): a share of the median. */
export function loadSliceMs(intervalsMs: readonly number[]): number {
  if (intervalsMs.length === 0) return CESIUM_LOAD_SLICE_MS;
  const sorted = [...intervalsMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return Math.min(MAX_LOAD_SLICE_MS, Math.max(CESIUM_LOAD_SLICE_MS, median * LOAD_SHARE));
}

/** What QuadtreePrimitive keeps (private, stable in 1.140): the time slice its load queue runs for. */
interface SurfaceLike {
  _loadQueueTimeSlice?: number;
}

/** Sizes the globe's per-frame load slice to the frame rate; returns the remover. */
export function paceGlobeLoading(scene: Scene): () => void {
  const intervals: number[] = [];
  let lastFrameAt: number | null = null;
  const removePre = scene.preRender.addEventListener(() => {
    const surface = (scene.globe as unknown as { _surface?: SurfaceLike })._surface;
    if (surface && typeof surface._loadQueueTimeSlice === 'number') {
      surface._loadQueueTimeSlice = loadSliceMs(intervals);
    }
  });
  const removePost = scene.postRender.addEventListener(() => {
    const now = performance.now();
    if (lastFrameAt !== null) intervals.push(now - lastFrameAt);
    if (intervals.length > INTERVALS_KEPT) intervals.shift();
    lastFrameAt = now;
  });
  return () => {
    removePre();
    removePost();
  };
}

/** requests at a time to our own server: every tile a grid view needs (~60 buildings, ~40 globe) */
export const OWN_SERVER_REQUESTS = 96;

/**
 * Lets Cesium issue a view's requests to our own server in one frame instead of 18 a frame: the
 * server is the wall's own (tiles are static files), and the browser still queues them on its
 * connections. Other servers (none by design) keep Cesium's limits. Returns the restorer.
 */
export function widenOwnServerRequests(origin: string): () => void {
  const key = serverKeyOf(origin);
  const byServer = RequestScheduler.requestsByServer as Record<string, number | undefined>;
  // the priority heap (20 by default) is typed private; past it a request waits for the next frame
  const scheduler = RequestScheduler as unknown as { priorityHeapLength: number };
  const before = {
    byServer: byServer[key],
    maximum: RequestScheduler.maximumRequests,
    heap: scheduler.priorityHeapLength,
  };
  byServer[key] = OWN_SERVER_REQUESTS;
  RequestScheduler.maximumRequests = Math.max(before.maximum, OWN_SERVER_REQUESTS);
  scheduler.priorityHeapLength = Math.max(before.heap, OWN_SERVER_REQUESTS);
  return () => {
    if (before.byServer === undefined) delete byServer[key];
    else byServer[key] = before.byServer;
    RequestScheduler.maximumRequests = before.maximum;
    scheduler.priorityHeapLength = before.heap;
  };
}

/** Cesium's server key (RequestScheduler.getServerKey, private): host and port, the default port spelled out. */
export function serverKeyOf(origin: string): string {
  const url = new URL(origin);
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}

type CreateMesh = (this: HeightmapTerrainData, options: Record<string, unknown>) => Promise<unknown> | undefined;

type HeightmapOptions = ConstructorParameters<typeof HeightmapTerrainData>[0];

/**
 * Heightmap terrain that loads in fewer frames than Cesium's own:
 * - its mesh is built without Cesium's cap of 5 at a time (GlobeSurfaceTile asks with
 *   `throttle: true`, and a capped request is retried a frame later): a flight's ~20 tiles get their
 *   meshes in one frame instead of four;
 * - it carries its height range, as quantized-mesh data does (`_minimumHeight`/`_maximumHeight`,
 *   read by GlobeSurfaceTileProvider's updateTileBoundingRegion), so Cesium bounds the tile the frame
 *   its data arrives, not a frame later from its mesh: its imagery is requested and its children are
 *   chosen (by their distance to the tile) one frame earlier, at each level a flight descends.
 */
export class EagerHeightmapTerrainData extends HeightmapTerrainData {
  constructor(options: HeightmapOptions) {
    super(options);
    const range = heightRange(options);
    if (range) Object.assign(this, { _minimumHeight: range[0], _maximumHeight: range[1] });
  }

  createMesh(options: Record<string, unknown>): Promise<unknown> | undefined {
    const base = (HeightmapTerrainData.prototype as unknown as { createMesh: CreateMesh }).createMesh;
    return base.call(this, { ...options, throttle: false });
  }
}

/**
 * The lowest and highest height of a heightmap in metres, as its mesh will have them; null when the
 * samples are encoded (a structure or encoding: they would need decoding first).
 */
export function heightRange(options: HeightmapOptions): [number, number] | null {
  if (options.structure !== undefined || options.encoding !== undefined) return null;
  const samples = options.buffer;
  if (samples.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < samples.length; i++) {
    const h = samples[i]!;
    if (h < min) min = h;
    if (h > max) max = h;
  }
  return [min, max];
}

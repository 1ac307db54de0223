import type { DistrictStore } from '../http/district-store.ts';
import type { DistrictArea } from './event-guards.ts';
import { DEFAULT_SNAPSHOT_OPTIONS, type SnapshotCache, type SnapshotOptions } from './snapshot-cache.ts';
import type { FeedTracker } from './feeds.ts';
import type { Storage } from '../storage/storage.ts';
import type { LiveState } from './live-state.ts';
import type { RelayMetrics } from './metrics.ts';
import type { PositionCoalescer } from './position-coalescer.ts';
import type { Publisher } from './publisher.ts';
import type { StreamLog } from './stream-log.ts';

export interface RelayOptions {
  commitIntervalMs: number;
  /** positions frames */
  frameIntervalMs: number;
  /** timing re-evaluation */
  timingIntervalMs: number;
  /** `feeds` (center presence) to walls, besides every connect and disconnect */
  feedIntervalMs: number;
  /** deltas kept in memory per stream */
  ringSize: number;
  /** a client further behind than this gets a snapshot */
  maxReplay: number;
  /** a /live client with more queued packets or bytes than this is cut */
  slowClientPackets: number;
  slowClientBytes: number;
  /** per connection: sustained messages/s and burst */
  ingestRate: [number, number];
  liveRate: [number, number];
  /** refused messages within 10 s before a connection is cut */
  abuseLimit: number;
  /** closed incidents stay in memory (and snapshots) this long */
  closedRetentionMs: number;
  /** cap on people / cameras held when the district data does not list them */
  maxUnlistedEntities: number;
  maxHttpBufferSize: number;
  /** shared snapshots and the per-connection snapshot byte budget */
  snapshot: SnapshotOptions;
  /** several nodes (cluster/): how often a node checks the shared store for events it missed */
  clusterPollMs: number;
  /** longest wait between two checks of a connection's token expiry (see cutAtExpiry) */
  expiryCheckMs: number;
}

export const DEFAULT_OPTIONS: RelayOptions = {
  commitIntervalMs: 4,
  // four frames a second: staleness p99 under 500 ms (bench:relay); binary frames keep the bytes down
  frameIntervalMs: 250,
  timingIntervalMs: 1000,
  feedIntervalMs: 5000,
  ringSize: 1000,
  maxReplay: 5000,
  slowClientPackets: 2000,
  slowClientBytes: 16 * 1024 * 1024,
  ingestRate: [200, 400],
  liveRate: [20, 40],
  abuseLimit: 50,
  closedRetentionMs: 3600_000,
  maxUnlistedEntities: 50_000,
  // the largest legal message is a 500-row positions or camera batch (~100 KB of JSON)
  maxHttpBufferSize: 256 * 1024,
  snapshot: DEFAULT_SNAPSHOT_OPTIONS,
  clusterPollMs: 1000,
  // an hourly re-check also follows wall-clock adjustments that a long timer would not see
  expiryCheckMs: 3600_000,
};

/**
 * Read-only lookups in the district data. Streets are never assumed: without district data no
 * street id is known, so every street token and street-scoped event is refused (server/main.ts
 * refuses to start that way). Staff, camera and grid lists may be missing: then an entity is taken
 * to belong to the caller's own street, which the scope checks still bound.
 */
export class DistrictIndex {
  constructor(private readonly d: Partial<DistrictStore> | undefined) {}
  get streetIds(): string[] {
    return this.d?.streetIds ?? [];
  }
  hasStreet(id: string): boolean {
    return this.d?.streetById?.has(id) ?? false;
  }
  /** the street of a grid; undefined when the district has no grids (anything goes) */
  gridStreet(id: string): string | null | undefined {
    if (!this.d?.gridById?.size) return undefined;
    return this.d.gridById.get(id)?.streetId ?? null;
  }
  staffStreet(id: string): string | null | undefined {
    if (!this.d?.staffById?.size) return undefined;
    return this.d.staffById.get(id)?.streetId ?? null;
  }
  cameraStreet(id: string): string | null | undefined {
    if (!this.d?.cameraById?.size) return undefined;
    return this.d.cameraById.get(id)?.streetId ?? null;
  }
}

export interface RelayContext {
  options: RelayOptions;
  storage: Storage;
  state: LiveState;
  log: StreamLog;
  publisher: Publisher;
  coalescer: PositionCoalescer;
  feeds: FeedTracker;
  metrics: RelayMetrics;
  district: DistrictIndex;
  /** the district's box plus a margin; null when the data has no geometry (no area check) */
  area?: DistrictArea | null;
  snapshots: SnapshotCache;
  now: () => number;
  print: (msg: string) => void;
  /** several nodes: catch these streams up from the shared store before answering a resume */
  sync?: (streams: string[]) => Promise<void>;
}

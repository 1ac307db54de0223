import { randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { LIVE_EVENTS } from '../../src/protocol/events.ts';
import type { Delta, Feeds } from '../../src/protocol/live.schema.ts';
import { FeedTracker } from '../relay/feeds.ts';
import type { BinaryFrame } from '../../src/protocol/positions-binary.ts';
import { emitRemoteFrame } from '../relay/frames.ts';
import { DISTRICT_ROOM, streetRoom } from '../relay/live.handlers.ts';
import type { LiveState } from '../relay/live-state.ts';
import type { PublisherDeps } from '../relay/publisher.ts';
import type { Storage } from '../storage/storage.ts';
import { ClusterPublisher } from './cluster-publisher.ts';
import { StreamFollower } from './stream-follower.ts';
import type { LiveNamespace, RelayServer } from '../relay/socket.types.ts';

// One relay node among several (docs/adr/0006-relay-cluster.md). The store (PostgreSQL) is the
// truth and numbers the streams; Redis carries what is only fast, never what is only once:
// - the Socket.IO Redis Streams adapter makes `live.to(room).emit` reach every node's walls
//   (feeds), so a wall may sit on any node;
// - positions frames, latest-value, travel as one message per frame tick (the tick's binary
//   frames, Redis pub/sub), each node sending them to its own walls (relay/frames.ts): a frame
//   Redis drops is superseded by the next one a quarter of a second later;
// - committed deltas are announced to the other nodes (serverSideEmit), which deliver them to
//   their own walls in seq order; a delta Redis lost is read back from the store, found by a gap
//   or by the head poll every `pollMs`.
// No connection-state recovery anywhere: walls resume with `since` against our streams.

const DELTA = 'gw:delta';
const PRESENCE = 'gw:presence';
const FRAMES = 'gw:frames';

export interface ClusterDeps {
  io: RelayServer;
  /** typed: serverSideEmit and its listeners are checked against InterServerEvents (src/protocol/events.ts) */
  live: LiveNamespace;
  redisUrl: string | null;
  publisher: Omit<PublisherDeps, 'broadcast' | 'onFatal'>;
  streets: () => readonly string[];
  feedIntervalMs: number;
  pollMs: number;
  print: (msg: string) => void;
}

export interface ClusterNode {
  nodeId: string;
  /** the other nodes hear this one's serverSideEmit (Redis between them) */
  broadcasts: boolean;
  publisher: ClusterPublisher;
  feeds: FeedTracker;
  follower: StreamFollower;
  /** this node's frames of one tick, for the other nodes' walls */
  shareFrames(frames: BinaryFrame[]): void;
  /** catch the named streams up from the store (a wall resuming from further than this node is) */
  sync(streams: string[]): Promise<void>;
  close(): Promise<void>;
}

export async function joinCluster(deps: ClusterDeps): Promise<ClusterNode> {
  const { io, live, print } = deps;
  const nodeId = randomUUID().slice(0, 8);
  let redis: Redis | null = null;
  if (deps.redisUrl) {
    // default offline queue: while Redis restarts, announcements wait and go out when it is back
    redis = new Redis(deps.redisUrl, { lazyConnect: false });
    redis.on('error', (e) => print(`cluster: redis: ${e.message}`));
    // streams (not pub/sub): a Redis blip delays cross-node broadcasts instead of dropping them
    io.adapter(createAdapter(redis, { streamName: 'gridwall:relay', maxLen: 50_000, blockTimeInMs: 1_000 }));
  }
  const local = () => live.local;
  const follower = new StreamFollower({
    ...deps.publisher,
    emitLocal: (d) =>
      local()
        .to([streetRoom(d.stream), DISTRICT_ROOM])
        .emit(LIVE_EVENTS.delta, d),
    print,
  });
  const publisher = new ClusterPublisher(
    {
      ...deps.publisher,
      broadcast: () => {}, // the follower delivers
      onFatal: () => {},
    },
    follower,
    (d) => {
      if (redis) live.serverSideEmit(DELTA, d);
    },
  );
  const feeds = new ClusterFeeds(deps.streets, nodeId, deps.feedIntervalMs * 3, (rows) => {
    if (redis) live.serverSideEmit(PRESENCE, { node: nodeId, rows });
  });
  live.on(DELTA, (d: Delta) => follower.heard(d));
  live.on(PRESENCE, (m: { node: string; rows: Feeds['feeds'] }) => feeds.remote(m.node, m.rows));
  live.on(FRAMES, (frames: BinaryFrame[]) => {
    if (!Array.isArray(frames)) return;
    for (const f of frames) emitRemoteFrame(live, [streetRoom(f.stream), DISTRICT_ROOM], f);
  });

  let polling = false;
  const poll = setInterval(() => {
    if (polling) return;
    polling = true;
    follower
      .poll()
      .catch((e: unknown) => print(`cluster: head poll failed: ${(e as Error).message}`))
      .finally(() => (polling = false));
  }, deps.pollMs);
  const presence = setInterval(() => feeds.share(), deps.feedIntervalMs);
  const staff = new StaffRefresh(deps.publisher.storage, deps.publisher.state);
  const staffTimer = setInterval(() => {
    staff.run().catch((e: unknown) => print(`cluster: position refresh failed: ${(e as Error).message}`));
  }, deps.pollMs * 5);
  for (const t of [poll, presence, staffTimer]) t.unref();
  print(`gridwall relay: cluster node ${nodeId} (${redis ? 'Redis broadcast' : 'no Redis: store polling only'})`);

  return {
    nodeId,
    broadcasts: redis !== null,
    publisher,
    feeds,
    follower,
    shareFrames(frames) {
      if (redis) live.serverSideEmit(FRAMES, frames);
    },
    async sync(streams) {
      await Promise.all(streams.map((s) => follower.catchUp(s)));
    },
    async close() {
      clearInterval(poll);
      clearInterval(presence);
      clearInterval(staffTimer);
      await follower.locks.idle();
      if (redis) {
        // adapter.close() may return a promise (cluster adapters): nothing to wait for, Redis is cut next
        for (const nsp of io._nsps.values()) void Promise.resolve(nsp.adapter.close()).catch(() => {});
        redis.disconnect();
      }
    },
  };
}

/**
 * Center presence across nodes: a street is online when its center is connected to any node. Each
 * node shares its own connections on every change and every feed interval; a node's word expires
 * after `ttlMs` (a node that died stops vouching for its centers).
 */
export class ClusterFeeds extends FeedTracker {
  private readonly others = new Map<string, { at: number; rows: Feeds['feeds'] }>();

  constructor(
    streets: () => readonly string[],
    private readonly nodeId: string,
    private readonly ttlMs: number,
    private readonly send: (rows: Feeds['feeds']) => void,
  ) {
    super(streets);
  }

  override connect(street: string, now: number): boolean {
    const first = super.connect(street, now) && !this.onlineElsewhere(street);
    this.share();
    return first;
  }

  override disconnect(street: string): boolean {
    const last = super.disconnect(street) && !this.onlineElsewhere(street);
    this.share();
    return last;
  }

  share(): void {
    this.send(super.rows().filter((r) => r[1]));
  }

  remote(node: string, rows: Feeds['feeds']): void {
    if (node !== this.nodeId) this.others.set(node, { at: Date.now(), rows });
  }

  override rows(): Feeds['feeds'] {
    const mine = super.rows();
    const cutoff = Date.now() - this.ttlMs;
    const byStreet = new Map(mine.map((r) => [r[0], [...r] as Feeds['feeds'][number]]));
    for (const [node, o] of this.others) {
      if (o.at < cutoff) {
        this.others.delete(node);
        continue;
      }
      for (const [street, online, lastAt] of o.rows) {
        const row = byStreet.get(street) ?? ([street, false, null] as Feeds['feeds'][number]);
        row[1] = row[1] || online;
        if (lastAt !== null && (row[2] === null || lastAt > row[2])) row[2] = lastAt;
        byStreet.set(street, row);
      }
    }
    return [...byStreet.values()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }

  private onlineElsewhere(street: string): boolean {
    const cutoff = Date.now() - this.ttlMs;
    for (const o of this.others.values())
      if (o.at >= cutoff && o.rows.some((r) => r[0] === street && r[1])) return true;
    return false;
  }
}

/**
 * People whose center is connected to another node: their positions reach this node's walls as
 * frames through the adapter, but this node's own state (its snapshots) learns them from the
 * positions the other node saves (every 5 s). Latest sample wins; a save lands up to one save
 * interval after its sample time, so each read looks back that far again.
 */
export class StaffRefresh {
  private mark = 0;
  private running = false;
  constructor(
    private readonly storage: Storage,
    private readonly state: LiveState,
    private readonly lookbackMs = 15_000,
  ) {}

  async run(): Promise<number> {
    if (this.running || !this.storage.staffSince) return 0;
    this.running = true;
    try {
      let max = this.mark;
      let taken = 0;
      // rows this node has as new already (its own centers' people, and the other nodes' people it
      // read last time and who have not moved since) are not even decoded
      const wanted = (id: string, at: number) => {
        if (at > max) max = at;
        const cur = this.state.staff.get(id);
        return !cur || cur.at < at;
      };
      for (const p of await this.storage.staffSince(this.mark, wanted)) {
        const cur = this.state.staff.get(p.staffId);
        if (!cur || cur.at < p.at) {
          this.state.staff.set(p.staffId, p);
          taken++;
        }
      }
      this.mark = Math.max(this.mark, max - this.lookbackMs);
      return taken;
    } finally {
      this.running = false;
    }
  }
}

import type http from 'node:http';
import { fail } from '../../src/protocol/ack.ts';
import type express from 'express';
import { Server, type Namespace, type Socket } from 'socket.io';
import { DISTRICT_SCOPE } from '../../src/protocol/common.schema.ts';
import {
  LIVE_EVENTS,
  NAMESPACES,
  type ClientToServerEvents,
  type InterServerEvents,
  type ServerToClientEvents,
  type TokenClaims,
} from '../../src/protocol/events.ts';
import type { Config } from '../config.ts';
import type { DistrictStore } from '../http/district-store.ts';
import { openStorage } from '../storage/open-storage.ts';
import type { CameraRecord, Storage } from '../storage/storage.ts';
import type { StaffState } from '../../src/protocol/positions.schema.ts';
import { joinCluster, type ClusterNode } from '../cluster/cluster.ts';
import {
  DEFAULT_TTL_S,
  resolveSecret,
  signToken,
  verifyToken,
  writeDevTokens,
  type DevTokens,
  type VerifiedClaims,
} from './auth.ts';
import { CameraHealth, type HealthAck, type HealthStatus } from './camera-health.ts';
import { DEFAULT_OPTIONS, DistrictIndex, type RelayContext, type RelayOptions } from './context.ts';
import { districtArea } from './event-guards.ts';
import { SnapshotCache } from './snapshot-cache.ts';
import { emitPositions } from './frames.ts';
import type { BinaryFrame } from '../../src/protocol/positions-binary.ts';
import { tickTiming } from './incident-ops.ts';
import { metricsRoute, relayRoutes } from './incidents.routes.ts';
import { ingestHandlers } from './ingest.handlers.ts';
import { LiveState } from './live-state.ts';
import { DISTRICT_ROOM, feedsFor, liveHandlers, streetRoom, watchSlowClients } from './live.handlers.ts';
import { RelayMetrics } from './metrics.ts';
import { FeedTracker } from './feeds.ts';
import { frameSlots, PositionCoalescer } from './position-coalescer.ts';
import { Publisher } from './publisher.ts';
import { StreamLog } from './stream-log.ts';
import { batchWebSocketWrites } from './ws-batching.ts';
import { ingestOf, liveOf, type RelayServer, type SocketData } from './socket.types.ts';

// The Socket.IO relay: /ingest for street centers, /live for walls and officers, authoritative
// live state, numbered per-street streams, durable storage. Wiring only; the rules live in the
// handlers, publisher and pure updaters.

export interface RelayDeps {
  httpServer: http.Server;
  app: express.Express;
  config: Config;
  district: DistrictStore;
  /** tests: another storage, a movable clock, faster timers, a quiet log */
  storage?: Storage;
  now?: () => number;
  options?: Partial<RelayOptions>;
  log?: (msg: string) => void;
  /** storage failed: default exits so the supervisor restarts from disk */
  onFatal?: (err: unknown) => void;
  /** every 5 s, with the people saved and every camera's status (the replay history listens) */
  onStaffSaved?: (staff: StaffState[], cameras: Iterable<CameraRecord>) => void;
}

export interface Relay {
  io: RelayServer;
  metrics: RelayMetrics;
  /** shared, budgeted snapshots (tests and benches read its counters) */
  snapshots: SnapshotCache;
  /** true without GRIDWALL_SECRET */
  demo: boolean;
  devTokens: DevTokens | null;
  devTokensFile: string | null;
  signToken(claims: TokenClaims, ttlS?: number): Promise<string>;
  /** read side for the figures (server/kpi): the same store the relay writes */
  storage: Storage;
  /** other relay nodes hear this one's serverSideEmit (a cluster node with Redis); false on its own */
  crossNode: boolean;
  /** a camera's health as its video stream shows it (server/video), published as a camera event */
  cameraHealth(cameraId: string, status: HealthStatus, by: string): Promise<HealthAck>;
  close(): Promise<void>;
}

const ALLOWED: Record<string, ReadonlySet<VerifiedClaims['role']>> = {
  [NAMESPACES.ingest]: new Set(['center', 'admin']),
  [NAMESPACES.live]: new Set(['display', 'officer', 'admin']),
};

export async function createRelay(deps: RelayDeps): Promise<Relay> {
  const { config } = deps;
  const options: RelayOptions = { ...DEFAULT_OPTIONS, ...deps.options };
  const print = deps.log ?? ((m: string) => console.log(m));
  const now = deps.now ?? Date.now;
  const district = new DistrictIndex(deps.district);
  const { secret, demo } = resolveSecret(config.secret, config.dataDir, true);

  const storage =
    deps.storage ?? (await openStorage(config, { commitIntervalMs: options.commitIntervalMs, log: print }));
  const state = new LiveState();
  state.load(await storage.load(now() - options.closedRetentionMs));
  const metrics = new RelayMetrics();
  const log = new StreamLog(options.ringSize);
  const coalescer = new PositionCoalescer(frameSlots(options.frameIntervalMs));

  const io: RelayServer = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(
    deps.httpServer,
    {
      maxHttpBufferSize: options.maxHttpBufferSize,
      perMessageDeflate: false,
      httpCompression: false,
      serveClient: false,
      // no connectionStateRecovery: our numbered streams do resume, and every reconnect re-authenticates
      pingInterval: 20_000,
      pingTimeout: 20_000,
    },
  );
  batchWebSocketWrites(io.engine);
  const live = liveOf(io);
  const ingest = ingestOf(io);

  // several nodes on one shared store (docs/adr/0006): the store numbers streams, Redis broadcasts
  const cluster: ClusterNode | null = storage.shared
    ? await joinCluster({
        io,
        live,
        redisUrl: config.redisUrl,
        publisher: { storage, state, log, metrics, now },
        streets: () => district.streetIds,
        feedIntervalMs: options.feedIntervalMs,
        pollMs: options.clusterPollMs,
        print,
      })
    : null;
  const publisher =
    cluster?.publisher ??
    new Publisher({
      storage,
      state,
      log,
      metrics,
      now,
      broadcast: (d) => live.to([streetRoom(d.stream), DISTRICT_ROOM]).emit(LIVE_EVENTS.delta, d),
      onFatal:
        deps.onFatal ??
        ((err) => {
          print(`relay: storage failed, exiting so the state is rebuilt from disk: ${(err as Error)?.message ?? err}`);
          process.exit(70);
        }),
    });
  const feeds = cluster?.feeds ?? new FeedTracker(() => district.streetIds);
  const ctx: RelayContext = {
    options,
    storage,
    state,
    log,
    publisher,
    coalescer,
    feeds,
    metrics,
    district,
    area: districtArea(deps.district),
    snapshots: new SnapshotCache(state, log, metrics, options.snapshot, now),
    now,
    print,
  };
  if (cluster) ctx.sync = cluster.sync;
  const health = new CameraHealth(ctx);
  // the district room gets every street's row, a street room its own
  const announceFeeds = () => {
    const all = feedsFor(ctx, DISTRICT_SCOPE);
    live.to(DISTRICT_ROOM).emit(LIVE_EVENTS.feeds, all);
    for (const row of all.feeds) live.to(streetRoom(row[0])).emit(LIVE_EVENTS.feeds, { t: all.t, feeds: [row] });
  };

  for (const nsp of [ingest, live]) authenticate(nsp, secret, district, metrics, now, options.expiryCheckMs);
  // Socket.IO serves the root namespace to anyone by default; we have nothing there, so nobody gets in
  io.of('/').use((_socket, next) => {
    metrics.rejections.inc({ reason: 'unauthorized' });
    next(new Error('unauthorized: namespace / is not served; connect to /live or /ingest with a token'));
  });
  const staffDirty = new Set<string>();
  let tick = 0;
  ingestHandlers(ctx, ingest, staffDirty, announceFeeds);
  liveHandlers(ctx, live);

  const timers = [
    setInterval(() => {
      const frames: BinaryFrame[] = [];
      const share = cluster?.broadcasts ?? false;
      for (const [stream, rows] of coalescer.drain(tick)) {
        const frame = emitPositions(live, [streetRoom(stream), DISTRICT_ROOM], stream, now(), rows, share);
        if (frame) frames.push(frame);
        ctx.snapshots.noteFrame(stream, rows);
        metrics.eventsOut.inc({ type: 'positions' });
      }
      if (frames.length) cluster?.shareFrames(frames);
      if (++tick % coalescer.slots === 0) watchSlowClients(ctx, live);
    }, options.frameIntervalMs / coalescer.slots),
    setInterval(() => tickTiming(ctx), options.timingIntervalMs),
    setInterval(announceFeeds, options.feedIntervalMs),
    setInterval(() => {
      const ids = [...staffDirty];
      staffDirty.clear();
      const saved = ids.map((id) => state.staff.get(id)!).filter(Boolean);
      void storage.saveStaff(saved);
      deps.onStaffSaved?.(saved, state.cameras.values());
      state.prune(now() - options.closedRetentionMs);
    }, 5_000),
  ];
  for (const t of timers) t.unref();

  let devTokens: DevTokens | null = null;
  let devTokensFile: string | null = null;
  if (demo) {
    ({ tokens: devTokens, file: devTokensFile } = await writeDevTokens(secret, config.dataDir, district.streetIds));
    print(`gridwall relay: demo mode (no GRIDWALL_SECRET): development tokens written to ${devTokensFile}`);
    print(`gridwall relay: officer console: http://localhost:${config.port}/?token=${devTokens.officer}`);
  }

  deps.app.get('/metrics', metricsRoute(metrics));
  deps.app.use('/api', relayRoutes({ storage, metrics, secret, demo, demoDisplayToken: devTokens?.display ?? null }));

  let closed = false;
  return {
    io,
    metrics,
    snapshots: ctx.snapshots,
    storage,
    crossNode: cluster?.broadcasts ?? false,
    demo,
    devTokens,
    devTokensFile,
    signToken: (claims, ttlS = demo ? undefined : DEFAULT_TTL_S) => signToken(secret, claims, ttlS),
    cameraHealth: (cameraId, status, by) =>
      closed ? Promise.resolve(fail('unavailable', 'relay closed')) : health.report(cameraId, status, by),
    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearInterval(t);
      live.emit(LIVE_EVENTS.notice, { kind: 'shutdown', message: 'relay shutting down; reconnect shortly' });
      io.disconnectSockets(true);
      io.engine.close();
      // io.close() would also close the shared http server: leave that to the application
      for (const nsp of [ingest, live]) nsp.removeAllListeners();
      await cluster?.close();
      await storage.flush();
      await storage.saveStaff([...staffDirty].map((id) => state.staff.get(id)!).filter(Boolean));
      await storage.close();
      metrics.close();
    },
  };
}

function authenticate(
  nsp: Namespace,
  secret: string,
  district: DistrictIndex,
  metrics: RelayMetrics,
  now: () => number,
  expiryCheckMs: number,
) {
  const allowed = ALLOWED[nsp.name]!;
  // Runs on every connection and every reconnection (connection-state recovery is off, so no skip).
  nsp.use(async (socket, next) => {
    try {
      const hs = socket.handshake;
      const claims = await verifyToken(secret, (hs.auth as { token?: unknown } | undefined)?.token ?? hs.query.token);
      if (!allowed.has(claims.role)) throw new Error(`a ${claims.role} token cannot connect to ${nsp.name}`);
      if (claims.scope !== DISTRICT_SCOPE && !district.hasStreet(claims.scope))
        throw new Error(`unknown street ${claims.scope}`);
      // the relay clock decides (jose checked the system clock): the two agree outside tests
      if (claims.exp * 1000 <= now()) throw new Error('token expired');
      socket.data.claims = claims;
      cutAtExpiry(socket, claims.exp * 1000, now, expiryCheckMs);
      metrics.connections.inc({ namespace: nsp.name });
      socket.once('disconnect', () => metrics.connections.dec({ namespace: nsp.name }));
      next();
    } catch (e) {
      metrics.rejections.inc({ reason: 'unauthorized' });
      next(new Error(`unauthorized: ${(e as Error).message}`));
    }
  });
}

/**
 * Closes the connection once the token's `exp` passes. A single setTimeout cannot wait past
 * 2^31-1 ms (~24.8 days; longer delays fire at once), and demo tokens live a year, so the timer
 * wakes at most every `checkMs`, reads the relay clock and re-arms until expiry is due.
 */
function cutAtExpiry(socket: Socket, expMs: number, now: () => number, checkMs: number) {
  let t: NodeJS.Timeout | undefined;
  const check = () => {
    const msLeft = expMs - now();
    if (msLeft <= 0) {
      socket.emit(LIVE_EVENTS.notice, { kind: 'token-expired', message: 'token expired; reconnect with a fresh one' });
      socket.disconnect(true);
      return;
    }
    t = setTimeout(check, Math.min(msLeft, checkMs, 2 ** 31 - 1));
    t.unref();
  };
  check();
  socket.once('disconnect', () => clearTimeout(t));
}

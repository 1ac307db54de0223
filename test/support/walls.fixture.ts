// Shared by the /wall tests: the wall namespace and /api/walls on a real Socket.IO server on an
// ephemeral 127.0.0.1 port, with the server's clock given by the test, and real socket.io clients.
// With `cluster`, several such servers are relay nodes behind one Redis (the production adapter),
// on their own stream and channels so tests sharing a Redis do not hear each other.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import express from 'express';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { io as ioc, type Socket as ClientSocket } from 'socket.io-client';
import type { Ack } from '../../src/protocol/ack.ts';
import { signToken } from '../../server/relay/auth.ts';
import { RelayMetrics } from '../../server/relay/metrics.ts';
import { WallRegistry } from '../../server/walls/wall-registry.ts';
import { attachWallNamespace } from '../../server/walls/walls.socket.ts';
import { wallsRoutes } from '../../server/walls/walls.routes.ts';

export const WALL_SECRET = 'walls-test-secret-walls-test-secret-0123456789';

export interface WallServer {
  base: string;
  registry: WallRegistry;
  /** a display token of that scope (district or a street) */
  token(scope: string, sub?: string, role?: 'display' | 'officer' | 'admin'): Promise<string>;
  /** a connected /wall client (rejects with the server's reason when refused) */
  connect(token: string): Promise<ClientSocket>;
  close(): Promise<void>;
}

export interface WallCluster {
  redisUrl: string;
  /** the stream's name and the pub/sub channels' prefix: one per test file */
  prefix: string;
  shareEveryMs?: number;
}

export async function startWallServer(o: {
  version: () => string;
  now: () => number;
  cluster?: WallCluster;
}): Promise<WallServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const io = new Server(httpServer, { serveClient: false });
  const redis = o.cluster ? new Redis(o.cluster.redisUrl) : null;
  if (redis && o.cluster) {
    const { prefix } = o.cluster;
    io.adapter(createAdapter(redis, { streamName: `${prefix}:stream`, channelPrefix: prefix, blockTimeInMs: 200 }));
  }
  const registry = new WallRegistry(o.now);
  attachWallNamespace({
    io,
    secret: WALL_SECRET,
    metrics: new RelayMetrics(),
    registry,
    version: o.version,
    now: o.now,
    log: () => {},
    crossNode: redis !== null,
    shareEveryMs: o.cluster?.shareEveryMs,
  });
  app.use('/api', wallsRoutes({ secret: WALL_SECRET, demo: false, registry, version: o.version }));
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const sockets: ClientSocket[] = [];
  return {
    base,
    registry,
    token: (scope, sub = `wall-${scope}`, role = 'display') => signToken(WALL_SECRET, { role, scope, sub }, 600),
    connect(token) {
      const s = ioc(base + '/wall', {
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(s);
      return new Promise((resolve, reject) => {
        s.once('connect', () => resolve(s));
        s.once('connect_error', (e) => reject(e));
      });
    },
    async close() {
      for (const s of sockets) s.disconnect();
      void io.close(); // and the adapters, which stop reading the stream
      await new Promise((r) => httpServer.close(r));
      redis?.disconnect();
    },
  };
}

/** Resolves once `nodes` servers listen on the cluster's /wall channel (a pose shared before is lost). */
export async function clusterReady(c: WallCluster, nodes: number): Promise<void> {
  const redis = new Redis(c.redisUrl);
  try {
    for (const end = Date.now() + 10_000; ; await new Promise((r) => setTimeout(r, 20))) {
      const [, count] = (await redis.pubsub('NUMSUB', `${c.prefix}#/wall#`)) as [string, number];
      if (count >= nodes) return;
      if (Date.now() > end) throw new Error(`${count} of ${nodes} nodes listen on ${c.prefix}`);
    }
  } finally {
    redis.disconnect();
  }
}

/** Emits one event and resolves with its ack. */
export const ask = <A extends object = object>(s: ClientSocket, event: string, msg: unknown) =>
  new Promise<Ack<A>>((r) => s.emit(event, msg, r));

import { fail } from '../../src/protocol/ack.ts';
import { DISTRICT_SCOPE } from '../../src/protocol/common.schema.ts';
import { WALL_EVENTS, WALL_NAMESPACE, wallHeartbeatSchema, type HeartbeatAck } from '../../src/protocol/wall.schema.ts';
import { verifyToken } from '../relay/auth.ts';
import type { RelayMetrics } from '../relay/metrics.ts';
import { AbuseCounter, TokenBucket } from '../relay/rate-limit.ts';
import { createRouter } from '../relay/socket-router.ts';
import { wallOf, type RelayServer, type WallNamespace } from '../relay/socket.types.ts';
import type { WallRegistry } from './wall-registry.ts';

// Namespace /wall on the relay's Socket.IO server: walls report heartbeats here (same tokens as
// /live, same router: every message rate-limited, validated and acked). Kept out of /live so the
// live data path is untouched by wall housekeeping; socket.io multiplexes both on one connection.

export interface WallSocketDeps {
  io: RelayServer;
  secret: string;
  metrics: RelayMetrics;
  registry: WallRegistry;
  version: () => string;
  now?: () => number;
  log?: (m: string) => void;
}

const READERS: ReadonlySet<string> = new Set(['display', 'officer', 'admin']);

export function attachWallNamespace(d: WallSocketDeps): WallNamespace {
  const now = d.now ?? Date.now;
  const nsp = wallOf(d.io);
  nsp.use(async (socket, next) => {
    try {
      const hs = socket.handshake;
      const claims = await verifyToken(d.secret, (hs.auth as { token?: unknown } | undefined)?.token ?? hs.query.token);
      if (!READERS.has(claims.role)) throw new Error(`a ${claims.role} token cannot connect to ${WALL_NAMESPACE}`);
      socket.data.claims = claims;
      next();
    } catch (e) {
      d.metrics.rejections.inc({ reason: 'unauthorized' });
      next(new Error(`unauthorized: ${(e as Error).message}`));
    }
  });
  nsp.on('connection', (socket) => {
    const claims = socket.data.claims;
    const router = createRouter(socket, {
      namespace: WALL_NAMESPACE,
      metrics: d.metrics,
      bucket: new TokenBucket(2, 10),
      abuse: new AbuseCounter(20, 10_000),
      flood: new AbuseCounter(200, 10_000),
      log: d.log ?? ((m) => console.warn(m)),
    });
    router.on(WALL_EVENTS.heartbeat, {
      schema: wallHeartbeatSchema,
      handle: (hb) => {
        if (claims.exp * 1000 < now()) {
          setImmediate(() => socket.disconnect(true));
          return fail('scope', 'token expired; reconnect with a fresh one');
        }
        d.registry.heartbeat(claims.sub, claims.scope ?? DISTRICT_SCOPE, hb);
        const ack: HeartbeatAck = { serverVersion: d.version(), t: now() };
        return { ok: true as const, ...ack };
      },
    });
  });
  return nsp;
}

import { fail } from '../../src/protocol/ack.ts';
import { DISTRICT_SCOPE } from '../../src/protocol/common.schema.ts';
import {
  POSE_MAX_PER_S,
  WALL_EVENTS,
  WALL_NAMESPACE,
  wallHeartbeatSchema,
  wallJoinSchema,
  wallPoseSchema,
  type HeartbeatAck,
  type JoinAck,
} from '../../src/protocol/wall.schema.ts';
import { verifyToken } from '../relay/auth.ts';
import type { RelayMetrics } from '../relay/metrics.ts';
import { AbuseCounter, TokenBucket } from '../relay/rate-limit.ts';
import { createRouter } from '../relay/socket-router.ts';
import { wallOf, type RelayServer, type WallNamespace } from '../relay/socket.types.ts';
import { WallPoses } from './wall-poses.ts';
import { sharePoses } from './wall-poses-sharing.ts';
import type { WallRegistry } from './wall-registry.ts';

// Namespace /wall on the relay's Socket.IO server: walls report heartbeats here (same tokens as
// /live, same router: every message rate-limited, validated and acked). Kept out of /live so the
// live data path is untouched by wall housekeeping; socket.io multiplexes both on one connection.
//
// The tiles of one spliced wall join a room per token scope and wall name (a street token can never
// drive or watch a district wall of the same name); the leader's poses go to the others in the room,
// and the last one is kept so a tile that restarts is placed by its join ack. With several relay
// nodes the adapter relays the poses to every node's tiles, and the nodes share the last one.

export interface WallSocketDeps {
  io: RelayServer;
  secret: string;
  metrics: RelayMetrics;
  registry: WallRegistry;
  version: () => string;
  now?: () => number;
  log?: (m: string) => void;
  /** the rooms' last poses (made here unless given) */
  poses?: WallPoses;
  /** other relay nodes hear this one's serverSideEmit (a cluster node with Redis): share the last poses */
  crossNode?: boolean;
  /** how often the poses of occupied rooms are repeated to the other nodes (tests shorten it) */
  shareEveryMs?: number;
}

const READERS: ReadonlySet<string> = new Set(['display', 'officer', 'admin']);

export function attachWallNamespace(d: WallSocketDeps): WallNamespace {
  const now = d.now ?? Date.now;
  const nsp = wallOf(d.io);
  const poses = d.poses ?? new WallPoses(now);
  const sharing = d.crossNode ? sharePoses(nsp, poses, d.shareEveryMs) : null;
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
    const scope = claims.scope ?? DISTRICT_SCOPE;
    const expired = () => {
      if (claims.exp * 1000 >= now()) return null;
      setImmediate(() => socket.disconnect(true));
      return fail('scope', 'token expired; reconnect with a fresh one');
    };
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
        const refused = expired();
        if (refused) return refused;
        d.registry.heartbeat(claims.sub, scope, hb);
        const ack: HeartbeatAck = { serverVersion: d.version(), t: now() };
        return { ok: true as const, ...ack };
      },
    });

    /** the one wall this socket is in */
    let joined: { name: string; room: string } | null = null;
    const leave = () => {
      if (!joined) return;
      void socket.leave(joined.room);
      poses.leave(joined.room);
      joined = null;
    };
    socket.on('disconnect', leave);
    router.on(WALL_EVENTS.join, {
      schema: wallJoinSchema,
      handle: (msg) => {
        const refused = expired();
        if (refused) return refused;
        const room = `wall:${scope}:${msg.name}`;
        if (joined?.room !== room) {
          leave();
          void socket.join(room);
          joined = { name: msg.name, room };
          poses.join(room);
          sharing?.joined(room);
        }
        const ack: JoinAck = { pose: poses.last(room), t: now() };
        return { ok: true as const, ...ack };
      },
    });
    router.on(WALL_EVENTS.pose, {
      schema: wallPoseSchema,
      // its own budget: a leader moving the camera must not starve its heartbeats, nor they its poses
      bucket: new TokenBucket(POSE_MAX_PER_S, POSE_MAX_PER_S, now),
      handle: (pose) => {
        const refused = expired();
        if (refused) return refused;
        if (joined?.name !== pose.name) return fail('scope', `join wall "${pose.name}" before sending its poses`);
        const accepted = poses.offer(joined.room, socket.id, pose);
        if (accepted) {
          socket.to(joined.room).emit('wall:pose', pose);
          sharing?.accepted(accepted);
        }
        return { ok: true as const, t: now() };
      },
    });
  });
  return nsp;
}

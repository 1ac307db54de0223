import { z } from 'zod';
import type { Ack } from './ack.ts';
import { epochMsSchema } from './common.schema.ts';

// The walls' own channel, namespace /wall on the relay (display, officer or admin token, like
// /live): each wall reports a heartbeat so an operator learns which wall needs a person (GET
// /api/walls), and the ack carries the server's version so a wall reloads itself after an upgrade.
// The PCs of one spliced wall also keep their screens in step here: they join the wall by name and
// the leader's camera pose is relayed to the followers (issue 9 §3).

export const WALL_NAMESPACE = '/wall';
export const WALL_EVENTS = { heartbeat: 'wall:heartbeat', join: 'wall:join', pose: 'wall:pose' } as const;

/** A wall sends one every HEARTBEAT_INTERVAL_MS; three missed ones make it stale. */
export const HEARTBEAT_INTERVAL_MS = 10_000;
export const HEARTBEAT_STALE_MS = 3 * HEARTBEAT_INTERVAL_MS;
/** the wall renders at least once per heartbeat (requestRenderMode), so an old frame means a stuck renderer */
export const FRAME_STALE_MS = 120_000;
export const MEMORY_WORRY_MB = 1536;

export const wallNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'wall name: 1-64 chars of [A-Za-z0-9_.-]');

export const wallHeartbeatSchema = z
  .object({
    name: wallNameSchema,
    /** the scene on screen, null before the first one */
    scene: z.string().max(64).nullable(),
    tour: z
      .object({ id: z.string().max(64), step: z.number().int().min(0).max(1000) })
      .nullable()
      .default(null),
    /** wall clock of the last frame Cesium drew (null: none yet) */
    lastFrameAt: epochMsSchema.nullable(),
    /** the server version the page was loaded from */
    version: z.string().min(1).max(64),
    /** recent errors on the wall (layer failures, WebGL context loss), newest last */
    errors: z.array(z.string().max(300)).max(20).default([]),
    tile: z
      .object({
        col: z.number().int().min(0).max(15),
        row: z.number().int().min(0).max(15),
        cols: z.number().int().min(1).max(16),
        rows: z.number().int().min(1).max(16),
      })
      .nullable()
      .default(null),
    canvas: z
      .object({ width: z.number().int().min(1).max(32768), height: z.number().int().min(1).max(32768) })
      .nullable()
      .default(null),
    /** JS heap in use, when the browser says (Chromium's performance.memory) */
    memoryMB: z.number().min(0).max(1e6).nullable().default(null),
    /** true while the relay connection of the wall's live data is down */
    relayDown: z.boolean().default(false),
  })
  .strict();
export type WallHeartbeat = z.infer<typeof wallHeartbeatSchema>;

export interface HeartbeatAck {
  serverVersion: string;
  /** the relay's clock, for the wall's "last sync" age */
  t: number;
}

export const WALL_WORRIES = [
  'stale-heartbeat',
  'stale-frame',
  'errors',
  'version-mismatch',
  'relay-down',
  'memory',
] as const;
export type WallWorry = (typeof WALL_WORRIES)[number];

export interface WallRow {
  name: string;
  /** the token subject that sent it, and that token's scope (district or a street) */
  sub: string;
  scope: string;
  receivedAt: number;
  heartbeat: WallHeartbeat;
  worries: WallWorry[];
}

/** GET /api/walls */
export interface WallListing {
  serverVersion: string;
  now: number;
  /** walls with at least one worry */
  worrying: number;
  /** worrying walls first, then by name */
  walls: WallRow[];
}

/** GET /api/version */
export interface VersionInfo {
  version: string;
}

/** The leader sends a pose only when its camera moved, at most this many a second (the relay refuses more). */
export const POSE_MAX_PER_S = 60;

// zod 4's number() already refuses NaN and ±Infinity
const finiteWithin = (max: number) => z.number().min(-max).max(max);
const angleSchema = finiteWithin(10);

/** The leader's camera, as every tile of the wall derives its own view from it. */
export const wallPoseSchema = z
  .object({
    name: wallNameSchema,
    /** the leader's counter: the relay keeps only a newer pose from the same sender */
    seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    /** ECEF metres (Cesium's Cartesian3) */
    position: z.tuple([finiteWithin(1e8), finiteWithin(1e8), finiteWithin(1e8)]),
    /** radians */
    heading: angleSchema,
    pitch: angleSchema,
    roll: angleSchema,
    /** the scene the leader shows, and what it focuses (a street, grid or incident id) */
    scene: z.string().max(64).nullable(),
    focus: z.string().max(64).nullable(),
  })
  .strict();
export type WallPose = z.infer<typeof wallPoseSchema>;

/** A tile joins its wall by name; only a joined socket may send or receive that wall's poses. */
export const wallJoinSchema = z
  .object({
    name: wallNameSchema,
    role: z.enum(['leader', 'follower']),
  })
  .strict();
export type WallJoin = z.infer<typeof wallJoinSchema>;

export interface JoinAck {
  /** the last pose the relay holds for this wall (null: none yet), so a restarted tile is placed at once */
  pose: WallPose | null;
  t: number;
}

/**
 * Relay node to relay node (InterServerEvents `gw:wall-pose`, several nodes behind Redis): a room's
 * last pose as one node accepted it, so a tile rejoining through another node is placed too.
 */
export interface SharedWallPose {
  /** the room: `wall:<scope>:<name>` */
  room: string;
  /** the leader's socket id (unique across nodes): seqs compare within one sender only */
  sender: string;
  pose: WallPose;
  /** when the accepting node took it, on the nodes' hybrid clock (server/walls/wall-poses.ts) */
  at: number;
  /** true: just sent by the leader, which the adapter already delivered to every node's tiles */
  live: boolean;
}

export interface WallClientToServerEvents {
  'wall:heartbeat': (msg: WallHeartbeat, ack: (a: Ack<HeartbeatAck>) => void) => void;
  'wall:join': (msg: WallJoin, ack: (a: Ack<JoinAck>) => void) => void;
  'wall:pose': (msg: WallPose, ack: (a: Ack<{ t: number }>) => void) => void;
}

export interface WallServerToClientEvents {
  /** another tile's (the leader's) pose, to every other socket joined to the same wall and scope */
  'wall:pose': (pose: WallPose) => void;
}

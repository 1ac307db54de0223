import type { Ack, PositionsAck, StoredAck } from './ack.ts';
import type { CameraMessage } from './camera.schema.ts';
import type { ActMessage, ReportMessage, UpdateMessage } from './incident.schema.ts';
import type { Delta, Feeds, Notice, Snapshot, SubscribeAck, SubscribeMessage } from './live.schema.ts';
import type { BinaryPositionsMessage } from './positions-batch.codec.ts';
import type { BinaryFrame } from './positions-binary.ts';
import type { PositionsFrame, PositionsMessage } from './positions.schema.ts';
import type { SharedWallPose, WallClientToServerEvents } from './wall.schema.ts';

// The one typed definition of the wire protocol (socket.io's ServerToClientEvents /
// ClientToServerEvents pattern), used by the relay, the simulator and the wall. docs/protocol.md
// documents each event for implementers of a real street center.

export const NAMESPACES = { ingest: '/ingest', live: '/live' } as const;

export const INGEST_EVENTS = {
  report: 'incident:report',
  update: 'incident:update',
  positions: 'positions',
  /** the same positions as binary columns (positions-batch.codec.ts) */
  positionsBinary: 'positions:bin',
  cameras: 'camera:status',
} as const;

export const LIVE_EVENTS = {
  subscribe: 'subscribe',
  act: 'incident:act',
  snapshot: 'snapshot',
  delta: 'delta',
  positions: 'positions',
  notice: 'notice',
  feeds: 'feeds',
} as const;

/** Street center → relay on /ingest. Every event must carry an ack callback. */
export interface IngestClientToServerEvents {
  'incident:report': (msg: ReportMessage, ack: (a: Ack<StoredAck>) => void) => void;
  'incident:update': (msg: UpdateMessage, ack: (a: Ack<StoredAck>) => void) => void;
  positions: (msg: PositionsMessage, ack: (a: Ack<PositionsAck>) => void) => void;
  'positions:bin': (msg: BinaryPositionsMessage, ack: (a: Ack<PositionsAck>) => void) => void;
  'camera:status': (msg: CameraMessage, ack: (a: Ack<StoredAck>) => void) => void;
}
export interface IngestServerToClientEvents {
  notice: (n: Notice) => void;
}

/** Wall / officer browser → relay on /live. */
export interface LiveClientToServerEvents {
  subscribe: (msg: SubscribeMessage, ack: (a: Ack<SubscribeAck>) => void) => void;
  'incident:act': (msg: ActMessage, ack: (a: Ack<StoredAck>) => void) => void;
}
export interface LiveServerToClientEvents {
  snapshot: (s: Snapshot) => void;
  delta: (d: Delta) => void;
  positions: (f: PositionsFrame) => void;
  notice: (n: Notice) => void;
  feeds: (f: Feeds) => void;
}

/** Relay node → relay node through the Redis adapter (several nodes on one store, docs/adr/0006). */
export interface InterServerEvents {
  'gw:delta': (d: Delta) => void;
  'gw:presence': (m: { node: string; rows: Feeds['feeds'] }) => void;
  /** one frame tick's positions frames of a node (server/relay/frames.ts) */
  'gw:frames': (frames: BinaryFrame[]) => void;
  /** a spliced wall's last pose (server/walls/walls.socket.ts) */
  'gw:wall-pose': (m: SharedWallPose) => void;
  /** a node that has no pose for this room asks the others to repeat theirs */
  'gw:wall-ask': (room: string) => void;
}

/**
 * The relay's `Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>`
 * spans every namespace; each namespace narrows to its own map (server/relay/socket.types.ts).
 */
export type ClientToServerEvents = IngestClientToServerEvents & LiveClientToServerEvents & WallClientToServerEvents;
export type ServerToClientEvents = IngestServerToClientEvents & LiveServerToClientEvents;

/** Handshake: `io(url + '/live', { auth: { token } })`. */
export interface HandshakeAuth {
  token: string;
}

/** Claims of a relay token (JWT, HS256, issuer `gridwall`, audience `gridwall-relay`). */
export interface TokenClaims {
  role: 'center' | 'display' | 'officer' | 'admin';
  /** `district` or a street id; a center's scope is always its street */
  scope: string;
  /** who: center id, officer name, wall name */
  sub: string;
}
export const TOKEN_ISSUER = 'gridwall';
export const TOKEN_AUDIENCE = 'gridwall-relay';

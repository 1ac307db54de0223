import type { Namespace, Server, Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  IngestClientToServerEvents,
  IngestServerToClientEvents,
  InterServerEvents,
  LiveClientToServerEvents,
  LiveServerToClientEvents,
  ServerToClientEvents,
} from '../../src/protocol/events.ts';
import { NAMESPACES } from '../../src/protocol/events.ts';
import {
  WALL_NAMESPACE,
  type WallClientToServerEvents,
  type WallServerToClientEvents,
} from '../../src/protocol/wall.schema.ts';
import type { VerifiedClaims } from './auth.ts';
import type { TokenBucket } from './rate-limit.ts';

// The relay's Socket.IO types, from the one event map in src/protocol/events.ts: the compiler checks
// every `emit` and every handler against the protocol, on the relay as on the wall.

/** What the relay keeps per connection. */
export interface SocketData {
  /** set by the namespace's auth middleware before `connection`: every handler may rely on it */
  claims: VerifiedClaims;
  /** /live: the connection's snapshot budget (snapshot-cache.ts), made on first use */
  snapshotBudget?: TokenBucket;
}

export type RelayServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export type IngestNamespace = Namespace<
  IngestClientToServerEvents,
  IngestServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type LiveNamespace = Namespace<
  LiveClientToServerEvents,
  LiveServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type WallNamespace = Namespace<
  WallClientToServerEvents,
  WallServerToClientEvents,
  InterServerEvents,
  SocketData
>;

export type IngestSocket = Socket<
  IngestClientToServerEvents,
  IngestServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type LiveSocket = Socket<LiveClientToServerEvents, LiveServerToClientEvents, InterServerEvents, SocketData>;
export type WallSocket = Socket<WallClientToServerEvents, WallServerToClientEvents, InterServerEvents, SocketData>;

// `io.of(name)` carries the Server's maps, the union of every namespace's events; a namespace only
// ever sees its own, so narrowing it here is what makes a handler for the wrong namespace a type error.
export const ingestOf = (io: RelayServer) => io.of(NAMESPACES.ingest) as unknown as IngestNamespace;
export const liveOf = (io: RelayServer) => io.of(NAMESPACES.live) as unknown as LiveNamespace;
export const wallOf = (io: RelayServer) => io.of(WALL_NAMESPACE) as unknown as WallNamespace;

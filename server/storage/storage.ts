import type { CameraStatus } from '../../src/protocol/camera.schema.ts';
import type { Actor } from '../../src/protocol/common.schema.ts';
import type { Incident, IncidentStatus } from '../../src/protocol/incident.schema.ts';
import type { StreamEvent } from '../../src/protocol/live.schema.ts';
import type { StaffState } from '../../src/protocol/positions.schema.ts';

// The relay's storage behind one interface: SQLite for one node (sqlite.storage.ts), PostgreSQL
// for several nodes sharing one truth (postgres.storage.ts). Every method that a remote store would
// make slow is async. Both pass one contract suite (storage.contract.test.ts).

/** One event of one street's stream, as stored and replayed. */
export interface StoredEvent {
  stream: string;
  seq: number;
  /** who owns eventId: `center:S07`, `officer:<sub>`, `admin:<sub>`, `relay` */
  source: string;
  eventId: string;
  receivedAt: number;
  event: StreamEvent;
}

export type CameraRecord = CameraStatus & { streetId: string };

/** What one append writes besides the event: the projections it changes, in the same commit. */
export interface EventWrite {
  record: StoredEvent;
  incident?: Incident;
  cameras?: CameraRecord[];
  /**
   * `incident` is new (a report): if the store already holds an incident of that id (one closed
   * long ago, no longer in the relay's memory) nothing is stored and the append answers `exists`.
   * Checked in the append itself, so a report needs no read of its own first (a shared store's
   * round trip). SQLite checks when the append is queued: enough for one node, whose publisher
   * already refuses a second report of an id it has staged.
   */
  newIncident?: boolean;
}

export interface LoadedState {
  /** last seq per stream */
  heads: Record<string, number>;
  /** open incidents plus those closed after `closedSince` */
  incidents: Incident[];
  cameras: CameraRecord[];
  staff: StaffState[];
}

export interface IncidentQuery {
  status?: IncidentStatus[];
  streets?: string[];
  /** reportedAt range, epoch ms, inclusive */
  from?: number;
  to?: number;
  limit: number;
  /** opaque cursor from the previous page */
  cursor?: string | null;
}
export interface IncidentPage {
  items: Incident[];
  nextCursor: string | null;
}
export interface LifecycleEntry {
  stream: string;
  seq: number;
  type: string;
  at: number;
  by: Actor;
  receivedAt: number;
}

/**
 * What became of one append. `stored`: durable under that seq. `duplicate`: the (source, eventId)
 * was already stored (by another relay node, in a race the dedupe look-up could not see).
 * `stale`: another node took the seq first; only a shared store answers this (see `shared`).
 * `exists`: a `newIncident` write whose incident id the store already holds; nothing stored.
 */
export type AppendResult =
  | { status: 'stored'; seq: number }
  | { status: 'duplicate'; stream: string; seq: number }
  | { status: 'stale'; head: number }
  | { status: 'exists' };

export interface Storage {
  /**
   * true when several relay nodes write this store at once (PostgreSQL): the store then arbitrates
   * each stream's seq (an append is stored only if its seq is the stream's head + 1) and the relay
   * catches up from it (cluster/), instead of trusting its own counters.
   */
  readonly shared?: boolean;
  /** Last seq of every stream as the store has it now (shared stores: cluster catch-up). */
  heads?(): Promise<Record<string, number>>;
  /**
   * Last positions saved with a sample time after `at` (shared stores: other nodes' people). With
   * `wanted`, only the rows it accepts are decoded and returned; it sees every row's id and time.
   */
  staffSince?(at: number, wanted?: (staffId: string, at: number) => boolean): Promise<StaffState[]>;
  load(closedSince: number): Promise<LoadedState>;
  /** The stream position of an already stored (source, eventId), or null. */
  findEvent(source: string, eventId: string): Promise<{ stream: string; seq: number } | null>;
  /** Resolves only once the write is durable (group-committed with its neighbours). */
  append(write: EventWrite): Promise<AppendResult>;
  /** Last positions: best effort, latest value wins (no ack depends on it). */
  saveStaff(staff: StaffState[]): Promise<void>;
  /** Events of a stream with seq > after, oldest first, at most limit. */
  readStream(stream: string, after: number, limit: number): Promise<StoredEvent[]>;
  queryIncidents(q: IncidentQuery): Promise<IncidentPage>;
  getIncident(id: string): Promise<{ incident: Incident; lifecycle: LifecycleEntry[] } | null>;
  /** Commits whatever is queued. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

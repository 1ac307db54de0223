import type { CameraStatus } from '../../src/protocol/camera.schema.ts';
import type { Actor } from '../../src/protocol/common.schema.ts';
import type { Incident, IncidentStatus } from '../../src/protocol/incident.schema.ts';
import type { StreamEvent } from '../../src/protocol/live.schema.ts';
import type { StaffState } from '../../src/protocol/positions.schema.ts';

// The relay's storage behind one interface: SQLite now (sqlite.storage.ts), Redis-based scale-out
// later. Every method that a remote store would make slow is async.

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

export interface Storage {
  load(closedSince: number): Promise<LoadedState>;
  /** The stream position of an already stored (source, eventId), or null. */
  findEvent(source: string, eventId: string): Promise<{ stream: string; seq: number } | null>;
  /** Resolves only once the write is durable (group-committed with its neighbours). */
  append(write: EventWrite): Promise<void>;
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

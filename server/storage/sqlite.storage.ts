import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Incident } from '../../src/protocol/incident.schema.ts';
import type { StaffState } from '../../src/protocol/positions.schema.ts';
import type {
  CameraRecord,
  AppendResult,
  EventWrite,
  IncidentPage,
  IncidentQuery,
  LifecycleEntry,
  LoadedState,
  Storage,
  StoredEvent,
} from './storage.ts';
import { WriterThread, type WriteBatch } from './sqlite.writer.ts';

// SQLite storage: WAL + synchronous=FULL, so a commit survives kill -9 and power loss. Appends are
// grouped into one transaction on a writer thread (sqlite.writer.ts) and acknowledged only after
// that commit; reads run here on a second connection, which WAL lets proceed during a commit.

export interface SqliteStorageOptions {
  /** how long an append waits for company when no commit is in flight (ms; 0 = next tick) */
  commitIntervalMs?: number;
  /** commit at once when this many appends are queued */
  maxBatch?: number;
  /**
   * last-position rows per commit: the 5-second save of every person's position would otherwise be
   * one long transaction that the next incident step has to wait behind
   */
  maxStaffPerCommit?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  source TEXT NOT NULL,
  event_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  type TEXT NOT NULL,
  incident_id TEXT,
  at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (stream, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS events_source_event ON events (source, event_id);
CREATE INDEX IF NOT EXISTS events_incident ON events (incident_id) WHERE incident_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS streams (stream TEXT PRIMARY KEY, head INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS incidents (
  id TEXT PRIMARY KEY,
  street_id TEXT NOT NULL,
  status TEXT NOT NULL,
  reported_at INTEGER NOT NULL,
  closed_at INTEGER,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS incidents_reported ON incidents (reported_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS incidents_open ON incidents (closed_at);
CREATE TABLE IF NOT EXISTS cameras (id TEXT PRIMARY KEY, street_id TEXT NOT NULL, status TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS staff (id TEXT PRIMARY KEY, street_id TEXT NOT NULL, body TEXT NOT NULL);
`;

interface Pending {
  write: EventWrite;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

export class SqliteStorage implements Storage {
  /** reads only: the writer thread owns every write */
  private readonly db: Database.Database;
  private readonly writer: WriterThread;
  private queue: Pending[] = [];
  private staffPending = new Map<string, [string, string, string]>();
  private staffWaiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];
  private busy = false;
  private scheduled = false;
  private readonly interval: number;
  private readonly maxBatch: number;
  private readonly maxStaff: number;
  private closed = false;
  private readonly stmt;

  constructor(dbPath: string, opts: SqliteStorageOptions = {}) {
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    this.db = new Database(dbPath);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.writer = new WriterThread(dbPath);
    this.interval = opts.commitIntervalMs ?? 0;
    this.maxBatch = opts.maxBatch ?? 1024;
    this.maxStaff = opts.maxStaffPerCommit ?? 500;
    const db = this.db;
    this.stmt = {
      findEvent: db.prepare(`SELECT stream, seq FROM events WHERE source = ? AND event_id = ?`),
      readStream: db.prepare(
        `SELECT stream, seq, source, event_id, received_at, body FROM events WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?`,
      ),
      getIncident: db.prepare(`SELECT body FROM incidents WHERE id = ?`),
      lifecycle: db.prepare(
        `SELECT stream, seq, type, at, received_at, body FROM events WHERE incident_id = ? ORDER BY seq`,
      ),
    };
  }

  append(write: EventWrite): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('storage closed'));
    if (write.newIncident && write.incident) {
      // as PostgreSQL's gridwall_append answers: a retry first, then an id already taken
      const r = write.record;
      const found = this.stmt.findEvent.get(r.source, r.eventId) as { stream: string; seq: number } | undefined;
      if (found) return Promise.resolve({ status: 'duplicate', stream: found.stream, seq: found.seq });
      if (this.stmt.getIncident.get(write.incident.id)) return Promise.resolve({ status: 'exists' });
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      this.schedule();
    });
  }

  async saveStaff(staff: StaffState[]): Promise<void> {
    if (this.closed || staff.length === 0) return;
    for (const s of staff) this.staffPending.set(s.staffId, [s.staffId, s.streetId, JSON.stringify(s)]);
    await new Promise<void>((resolve) => {
      this.staffWaiters.push(resolve);
      this.schedule();
    });
  }

  /** One commit in flight; appends made meanwhile ride on the next one. */
  private schedule() {
    if (this.busy || this.scheduled) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.pump();
    };
    if (this.interval > 0) setTimeout(go, this.interval);
    else setImmediate(go);
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    const batch = this.queue.splice(0, this.maxBatch);
    const staff: [string, string, string][] = [];
    for (const [id, row] of this.staffPending) {
      if (staff.length >= this.maxStaff) break;
      staff.push(row);
      this.staffPending.delete(id);
    }
    // a save is done once every row it handed in is committed: when nothing is left pending
    const staffWaiters = this.staffPending.size === 0 ? this.staffWaiters.splice(0) : [];
    if (batch.length === 0 && staff.length === 0) {
      for (const w of this.idleWaiters.splice(0)) w();
      return;
    }
    this.busy = true;
    try {
      await this.writer.commit(
        toRows(
          batch.map((p) => p.write),
          staff,
        ),
      );
      // one process numbers its own streams, so the seq it chose is the seq stored
      for (const p of batch) p.resolve({ status: 'stored', seq: p.write.record.seq });
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      for (const w of staffWaiters) w();
      this.busy = false;
    }
    if (this.queue.length || this.staffPending.size) await this.pump();
    else for (const w of this.idleWaiters.splice(0)) w();
  }

  async load(closedSince: number): Promise<LoadedState> {
    const heads: Record<string, number> = {};
    for (const row of this.db.prepare(`SELECT stream, head FROM streams`).all() as { stream: string; head: number }[]) {
      heads[row.stream] = row.head;
    }
    const incidents = (
      this.db.prepare(`SELECT body FROM incidents WHERE closed_at IS NULL OR closed_at >= ?`).all(closedSince) as {
        body: string;
      }[]
    ).map((r) => JSON.parse(r.body) as Incident);
    const cameras = (
      this.db.prepare(`SELECT id, street_id, status, at FROM cameras`).all() as {
        id: string;
        street_id: string;
        status: string;
        at: number;
      }[]
    ).map((r) => ({ cameraId: r.id, streetId: r.street_id, status: r.status, at: r.at }) as CameraRecord);
    const staff = (this.db.prepare(`SELECT body FROM staff`).all() as { body: string }[]).map(
      (r) => JSON.parse(r.body) as StaffState,
    );
    return { heads, incidents, cameras, staff };
  }

  async findEvent(source: string, eventId: string) {
    const row = this.stmt.findEvent.get(source, eventId) as { stream: string; seq: number } | undefined;
    return row ?? null;
  }

  async readStream(stream: string, after: number, limit: number): Promise<StoredEvent[]> {
    const rows = this.stmt.readStream.all(stream, after, limit) as {
      stream: string;
      seq: number;
      source: string;
      event_id: string;
      received_at: number;
      body: string;
    }[];
    return rows.map((r) => ({
      stream: r.stream,
      seq: r.seq,
      source: r.source,
      eventId: r.event_id,
      receivedAt: r.received_at,
      event: JSON.parse(r.body),
    }));
  }

  async queryIncidents(q: IncidentQuery): Promise<IncidentPage> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.status?.length) {
      where.push(`status IN (${q.status.map(() => '?').join(',')})`);
      args.push(...q.status);
    }
    if (q.streets?.length) {
      where.push(`street_id IN (${q.streets.map(() => '?').join(',')})`);
      args.push(...q.streets);
    }
    if (q.from !== undefined) {
      where.push('reported_at >= ?');
      args.push(q.from);
    }
    if (q.to !== undefined) {
      where.push('reported_at <= ?');
      args.push(q.to);
    }
    const cursor = decodeCursor(q.cursor);
    if (cursor) {
      // keyset pagination: newest first, stable under concurrent inserts
      where.push('(reported_at < ? OR (reported_at = ? AND id < ?))');
      args.push(cursor.reportedAt, cursor.reportedAt, cursor.id);
    }
    const sql = `SELECT body FROM incidents ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY reported_at DESC, id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, q.limit + 1) as { body: string }[];
    const items = rows.slice(0, q.limit).map((r) => JSON.parse(r.body) as Incident);
    const last = items[items.length - 1];
    const nextCursor = rows.length > q.limit && last ? encodeCursor(last.reportedAt, last.id) : null;
    return { items, nextCursor };
  }

  async getIncident(id: string) {
    const row = this.stmt.getIncident.get(id) as { body: string } | undefined;
    if (!row) return null;
    const lifecycle = (
      this.stmt.lifecycle.all(id) as {
        stream: string;
        seq: number;
        type: string;
        at: number;
        received_at: number;
        body: string;
      }[]
    ).map((r): LifecycleEntry => ({
      stream: r.stream,
      seq: r.seq,
      type: r.type,
      at: r.at,
      receivedAt: r.received_at,
      by: (JSON.parse(r.body) as { by: LifecycleEntry['by'] }).by,
    }));
    return { incident: JSON.parse(row.body) as Incident, lifecycle };
  }

  flush(): Promise<void> {
    if (!this.busy && !this.scheduled && this.queue.length === 0 && this.staffPending.size === 0)
      return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.schedule();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.writer.close();
    this.db.close();
  }
}

function toRows(writes: EventWrite[], staff: [string, string, string][]): WriteBatch {
  const b: WriteBatch = { events: [], heads: [], incidents: [], cameras: [], staff };
  const heads = new Map<string, number>();
  for (const w of writes) {
    const r = w.record;
    const ev = r.event;
    b.events.push({
      stream: r.stream,
      seq: r.seq,
      source: r.source,
      eventId: r.eventId,
      kind: ev.kind,
      type: ev.kind === 'incident' ? ev.type : 'status',
      incidentId: ev.kind === 'incident' ? ev.incidentId : null,
      at: ev.at,
      receivedAt: r.receivedAt,
      body: JSON.stringify(ev),
    });
    heads.set(r.stream, Math.max(heads.get(r.stream) ?? 0, r.seq));
    const i = w.incident;
    if (i)
      b.incidents.push({
        id: i.id,
        streetId: i.streetId,
        status: i.status,
        reportedAt: i.reportedAt,
        closedAt: i.closedAt,
        body: JSON.stringify(i),
      });
    for (const c of w.cameras ?? []) b.cameras.push([c.cameraId, c.streetId, c.status, c.at]);
  }
  b.heads = [...heads];
  return b;
}

function encodeCursor(reportedAt: number, id: string): string {
  return Buffer.from(JSON.stringify([reportedAt, id])).toString('base64url');
}
function decodeCursor(cursor: string | null | undefined): { reportedAt: number; id: string } | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string') return { reportedAt: v[0], id: v[1] };
  } catch {
    /* a bad cursor reads as the first page */
  }
  return null;
}

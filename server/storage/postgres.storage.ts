import pg from 'pg';
import type { Incident } from '../../src/protocol/incident.schema.ts';
import type { StaffState } from '../../src/protocol/positions.schema.ts';
import { PG_APPEND_FUNCTION, PG_SCHEMA, PG_SCHEMA_LOCK } from './postgres.schema.ts';
import type {
  AppendResult,
  CameraRecord,
  EventWrite,
  IncidentPage,
  IncidentQuery,
  LifecycleEntry,
  LoadedState,
  Storage,
  StoredEvent,
} from './storage.ts';

// PostgreSQL storage, shared by every relay node (GRIDWALL_DATABASE_URL). Appends are grouped like
// SQLite's (whatever arrives during a commit rides the next one), and each batch is one call of
// gridwall_append(): the database arbitrates each stream's seq under a row lock, so two nodes never
// store the same seq and a node that lost the race hears `stale`. A stream has one commit in flight
// at a time (its events stay in order), but another stream's events need not wait for it: up to
// `maxCommitsInFlight` batches of disjoint streams commit at once: on a busy node, waiting for the
// commit in flight also meant waiting for the node to get round to that commit's result.
// Durability: PostgreSQL's default synchronous_commit = on, so an ack follows a flushed WAL.
// A lost connection rejects the batch (the relay answers `unavailable`; centers retry with the same
// event id, and the UNIQUE (source, event_id) makes an ambiguous commit a duplicate, not a copy).

export interface PostgresStorageOptions {
  commitIntervalMs?: number;
  maxBatch?: number;
  maxStaffPerCommit?: number;
  /** pool size: the commits in flight take a connection each, the rest serve reads */
  poolSize?: number;
  /** batches of disjoint streams committing at once (default 2) */
  maxCommitsInFlight?: number;
  log?: (msg: string) => void;
}

interface Pending {
  item: Record<string, unknown>;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

// BIGINT arrives as a string by default; our numbers (seq, epoch ms) fit a double exactly
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export class PostgresStorage implements Storage {
  readonly shared = true;
  private readonly pool: pg.Pool;
  private queue: Pending[] = [];
  private idleWaiters: (() => void)[] = [];
  /** batches committing now, and the streams they hold */
  private inFlight = 0;
  private readonly inFlightStreams = new Set<string>();
  private readonly maxInFlight: number;
  private scheduled = false;
  private closed = false;
  private readonly interval: number;
  private readonly maxBatch: number;
  private readonly maxStaff: number;
  private readonly log: (msg: string) => void;

  private constructor(url: string, opts: PostgresStorageOptions) {
    this.interval = opts.commitIntervalMs ?? 0;
    this.maxBatch = opts.maxBatch ?? 1024;
    this.maxStaff = opts.maxStaffPerCommit ?? 500;
    this.maxInFlight = Math.max(1, opts.maxCommitsInFlight ?? 2);
    this.log = opts.log ?? ((m) => console.warn(m));
    this.pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? 4,
      types,
      // during an outage a request must fail fast (the center retries), not hang for minutes
      connectionTimeoutMillis: 2_000,
      query_timeout: 10_000,
      idleTimeoutMillis: 30_000,
      application_name: 'gridwall-relay',
    });
    // an idle connection dropped by a database restart must not crash the relay
    this.pool.on('error', (e) => this.log(`postgres: idle connection lost: ${e.message}`));
  }

  /** Connects and creates the schema (idempotent; safe when several nodes start together). */
  static async open(url: string, opts: PostgresStorageOptions = {}): Promise<PostgresStorage> {
    const s = new PostgresStorage(url, opts);
    const c = await s.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock($1)', [PG_SCHEMA_LOCK]);
      await c.query(PG_SCHEMA);
      await c.query(PG_APPEND_FUNCTION);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      c.release();
      await s.pool.end();
      throw e;
    }
    c.release();
    return s;
  }

  append(write: EventWrite): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('storage closed'));
    const r = write.record;
    const ev = r.event;
    const i = write.incident;
    const item: Record<string, unknown> = {
      stream: r.stream,
      seq: r.seq > 0 ? r.seq : null,
      source: r.source,
      eventId: r.eventId,
      kind: ev.kind,
      type: ev.kind === 'incident' ? ev.type : 'status',
      incidentId: ev.kind === 'incident' ? ev.incidentId : null,
      at: ev.at,
      receivedAt: r.receivedAt,
      body: JSON.stringify(ev),
    };
    if (i)
      item.incident = {
        id: i.id,
        streetId: i.streetId,
        status: i.status,
        reportedAt: i.reportedAt,
        closedAt: i.closedAt,
        body: JSON.stringify(i),
      };
    if (write.newIncident) item.newIncident = true;
    if (write.cameras?.length) item.cameras = write.cameras.map((c) => [c.cameraId, c.streetId, c.status, c.at]);
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule() {
    if (this.inFlight >= this.maxInFlight || this.scheduled) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.pump();
    };
    if (this.interval > 0) setTimeout(go, this.interval);
    else setImmediate(go);
  }

  private async pump(): Promise<void> {
    if (this.inFlight >= this.maxInFlight) return;
    // in queue order, what no commit in flight touches; a stream passed over stays behind whole
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const held = new Set(this.inFlightStreams);
    for (const p of this.queue) {
      const stream = String(p.item.stream);
      if (batch.length < this.maxBatch && !held.has(stream)) batch.push(p);
      else {
        held.add(stream);
        rest.push(p);
      }
    }
    this.queue = rest;
    if (batch.length === 0) {
      if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
      return;
    }
    const streams = new Set(batch.map((p) => String(p.item.stream)));
    this.inFlight++;
    for (const st of streams) this.inFlightStreams.add(st);
    // stream order inside the batch (stable, so a stream keeps its own order): two nodes' batches
    // then take the stream row locks in the same order and cannot deadlock each other
    const order = batch
      .map((_, n) => n)
      .sort((a, b) => String(batch[a]!.item.stream).localeCompare(String(batch[b]!.item.stream)));
    try {
      const res = await this.pool.query<{ r: AppendResult[] }>('SELECT gridwall_append($1::jsonb) AS r', [
        JSON.stringify(order.map((n) => batch[n]!.item)),
      ]);
      const results = res.rows[0]!.r;
      order.forEach((n, k) => batch[n]!.resolve(results[k]!));
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.inFlight--;
      for (const st of streams) this.inFlightStreams.delete(st);
    }
    if (this.queue.length) await this.pump();
    else if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  async saveStaff(staff: StaffState[]): Promise<void> {
    if (this.closed || staff.length === 0) return;
    // chunked like SQLite's, so an incident commit never waits behind one long position save
    for (let n = 0; n < staff.length; n += this.maxStaff) {
      const chunk = staff.slice(n, n + this.maxStaff);
      try {
        await this.pool.query(
          `INSERT INTO staff (id, street_id, body, at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
           ON CONFLICT (id) DO UPDATE SET street_id = excluded.street_id, body = excluded.body, at = excluded.at
           WHERE excluded.at >= staff.at`,
          [
            chunk.map((s) => s.staffId),
            chunk.map((s) => s.streetId),
            chunk.map((s) => JSON.stringify(s)),
            chunk.map((s) => s.at),
          ],
        );
      } catch (e) {
        // best effort by contract: the next save (5 s later) carries the latest positions again
        this.log(`postgres: position save failed: ${(e as Error).message}`);
        return;
      }
    }
  }

  async staffSince(at: number, wanted?: (staffId: string, at: number) => boolean): Promise<StaffState[]> {
    const res = await this.pool.query<{ id: string; at: number; body: string }>(
      'SELECT id, at, body FROM staff WHERE at > $1',
      [at],
    );
    // a city's staff is thousands of rows, read every few seconds: decoding only the ones the
    // caller lacks keeps that off the event loop (it was one ~50 ms block per read on a busy node)
    const out: StaffState[] = [];
    for (const r of res.rows) if (!wanted || wanted(r.id, r.at)) out.push(JSON.parse(r.body) as StaffState);
    return out;
  }

  async heads(): Promise<Record<string, number>> {
    const heads: Record<string, number> = {};
    for (const r of (await this.pool.query<{ stream: string; head: number }>('SELECT stream, head FROM streams')).rows)
      heads[r.stream] = r.head;
    return heads;
  }

  async load(closedSince: number): Promise<LoadedState> {
    const heads = await this.heads();
    const incidents = (
      await this.pool.query<{ body: string }>('SELECT body FROM incidents WHERE closed_at IS NULL OR closed_at >= $1', [
        closedSince,
      ])
    ).rows.map((r) => JSON.parse(r.body) as Incident);
    const cameras = (
      await this.pool.query<{ id: string; street_id: string; status: string; at: number }>(
        'SELECT id, street_id, status, at FROM cameras',
      )
    ).rows.map((r) => ({ cameraId: r.id, streetId: r.street_id, status: r.status, at: r.at }) as CameraRecord);
    const staff = (await this.pool.query<{ body: string }>('SELECT body FROM staff')).rows.map(
      (r) => JSON.parse(r.body) as StaffState,
    );
    return { heads, incidents, cameras, staff };
  }

  async findEvent(source: string, eventId: string) {
    const res = await this.pool.query<{ stream: string; seq: number }>(
      'SELECT stream, seq FROM events WHERE source = $1 AND event_id = $2',
      [source, eventId],
    );
    return res.rows[0] ?? null;
  }

  async readStream(stream: string, after: number, limit: number): Promise<StoredEvent[]> {
    const res = await this.pool.query<{
      stream: string;
      seq: number;
      source: string;
      event_id: string;
      received_at: number;
      body: string;
    }>(
      'SELECT stream, seq, source, event_id, received_at, body FROM events WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [stream, after, limit],
    );
    return res.rows.map((r) => ({
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
    const args: unknown[] = [];
    const arg = (v: unknown) => `$${args.push(v)}`;
    if (q.status?.length) where.push(`status = ANY(${arg(q.status)}::text[])`);
    if (q.streets?.length) where.push(`street_id = ANY(${arg(q.streets)}::text[])`);
    if (q.from !== undefined) where.push(`reported_at >= ${arg(q.from)}`);
    if (q.to !== undefined) where.push(`reported_at <= ${arg(q.to)}`);
    const cursor = decodeCursor(q.cursor);
    if (cursor) {
      // keyset pagination: newest first, stable under concurrent inserts
      const at = arg(cursor.reportedAt);
      where.push(`(reported_at < ${at} OR (reported_at = ${at} AND id COLLATE "C" < ${arg(cursor.id)}))`);
    }
    // COLLATE "C": the same byte order as SQLite's, so both stores page identically
    const sql = `SELECT body FROM incidents ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY reported_at DESC, id COLLATE "C" DESC LIMIT ${arg(q.limit + 1)}`;
    const rows = (await this.pool.query<{ body: string }>(sql, args)).rows;
    const items = rows.slice(0, q.limit).map((r) => JSON.parse(r.body) as Incident);
    const last = items[items.length - 1];
    const nextCursor = rows.length > q.limit && last ? encodeCursor(last.reportedAt, last.id) : null;
    return { items, nextCursor };
  }

  async getIncident(id: string) {
    const row = (await this.pool.query<{ body: string }>('SELECT body FROM incidents WHERE id = $1', [id])).rows[0];
    if (!row) return null;
    const lifecycle = (
      await this.pool.query<{
        stream: string;
        seq: number;
        type: string;
        at: number;
        received_at: number;
        body: string;
      }>('SELECT stream, seq, type, at, received_at, body FROM events WHERE incident_id = $1 ORDER BY seq', [id])
    ).rows.map((r): LifecycleEntry => ({
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
    if (this.inFlight === 0 && !this.scheduled && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.schedule();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.pool.end();
  }
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

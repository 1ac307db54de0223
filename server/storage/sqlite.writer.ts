import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// The one writer of the SQLite database, on a worker thread: a durable commit waits for fsync
// (several ms), which must not stall the event loop that serves every wall. One commit is in
// flight at a time; whatever arrives meanwhile goes into the next one (group commit).

export const WRITE_SQL = {
  insertEvent: `INSERT INTO events (stream, seq, source, event_id, kind, type, incident_id, at, received_at, body)
    VALUES (@stream, @seq, @source, @eventId, @kind, @type, @incidentId, @at, @receivedAt, @body)`,
  head: `INSERT INTO streams (stream, head) VALUES (?, ?) ON CONFLICT(stream) DO UPDATE SET head = max(head, excluded.head)`,
  upsertIncident: `INSERT INTO incidents (id, street_id, status, reported_at, closed_at, body) VALUES (@id, @streetId, @status, @reportedAt, @closedAt, @body)
    ON CONFLICT(id) DO UPDATE SET status = excluded.status, closed_at = excluded.closed_at, body = excluded.body`,
  upsertCamera: `INSERT INTO cameras (id, street_id, status, at) VALUES (?, ?, ?, ?)
    ON CONFLICT(id) DO UPDATE SET street_id = excluded.street_id, status = excluded.status, at = excluded.at WHERE excluded.at >= cameras.at`,
  upsertStaff: `INSERT INTO staff (id, street_id, body) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET street_id = excluded.street_id, body = excluded.body`,
};

export interface EventRow {
  stream: string;
  seq: number;
  source: string;
  eventId: string;
  kind: string;
  type: string;
  incidentId: string | null;
  at: number;
  receivedAt: number;
  body: string;
}
export interface IncidentRow {
  id: string;
  streetId: string;
  status: string;
  reportedAt: number;
  closedAt: number | null;
  body: string;
}
export interface WriteBatch {
  events: EventRow[];
  heads: [string, number][];
  incidents: IncidentRow[];
  cameras: [string, string, string, number][];
  staff: [string, string, string][];
}

// Plain CommonJS so the worker needs no TypeScript loader (tests, tsx and node alike).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
const s = {};
for (const [k, sql] of Object.entries(workerData.sql)) s[k] = db.prepare(sql);
const commit = db.transaction((b) => {
  for (const e of b.events) s.insertEvent.run(e);
  for (const h of b.heads) s.head.run(h[0], h[1]);
  for (const i of b.incidents) s.upsertIncident.run(i);
  for (const c of b.cameras) s.upsertCamera.run(c[0], c[1], c[2], c[3]);
  for (const st of b.staff) s.upsertStaff.run(st[0], st[1], st[2]);
});
parentPort.on('message', (m) => {
  if (m.type === 'close') {
    db.close();
    parentPort.postMessage({ type: 'closed' });
    return;
  }
  try {
    commit(m.batch);
    parentPort.postMessage({ type: 'done', id: m.id });
  } catch (e) {
    parentPort.postMessage({ type: 'done', id: m.id, error: String((e && e.message) || e) });
  }
});
`;

export class WriterThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private broken: Error | null = null;
  private closed: Promise<void> | null = null;

  constructor(dbPath: string) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path: dbPath, sql: WRITE_SQL } });
    this.worker.on('message', (m: { type: string; id?: number; error?: string }) => {
      if (m.type !== 'done' || m.id === undefined) return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error) w?.reject(new Error(m.error));
      else w?.resolve();
    });
    const fail = (e: Error) => {
      this.broken = e;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`sqlite writer exited (${code})`));
    });
  }

  commit(batch: WriteBatch): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'commit', id, batch });
    });
  }

  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      if (this.broken) return resolve();
      this.worker.on('message', (m: { type: string }) => {
        if (m.type === 'closed') void this.worker.terminate().then(() => resolve());
      });
      this.worker.postMessage({ type: 'close' });
    });
    return this.closed;
  }
}

// The replay history on one node: its own SQLite file beside the relay's database. History is best
// effort (no ack waits for it), so it commits with synchronous=NORMAL in one transaction per batch.
import Database from 'better-sqlite3';
import type { CameraChange, HistoryQuery, HistoryStore } from './history.store.ts';
import type { TrackPoint } from './track.thin.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS track (staff TEXT NOT NULL, street TEXT NOT NULL, t INTEGER NOT NULL,
  lng REAL NOT NULL, lat REAL NOT NULL, status INTEGER NOT NULL, incident TEXT);
CREATE INDEX IF NOT EXISTS track_street_t ON track (street, t);
CREATE INDEX IF NOT EXISTS track_t ON track (t);
CREATE INDEX IF NOT EXISTS track_staff_t ON track (staff, t);
CREATE TABLE IF NOT EXISTS camera_log (camera TEXT NOT NULL, street TEXT NOT NULL, t INTEGER NOT NULL, status TEXT NOT NULL,
  PRIMARY KEY (camera, t));
CREATE INDEX IF NOT EXISTS camera_log_street_t ON camera_log (street, t);
CREATE INDEX IF NOT EXISTS camera_log_t ON camera_log (t);
`;

interface TrackRow {
  staff: string;
  street: string;
  t: number;
  lng: number;
  lat: number;
  status: number;
  incident: string | null;
}
const toPoint = (r: TrackRow): TrackPoint => ({
  staffId: r.staff,
  streetId: r.street,
  t: r.t,
  lng: r.lng,
  lat: r.lat,
  status: r.status,
  incidentId: r.incident,
});

export class SqliteHistory implements HistoryStore {
  private readonly db: Database.Database;
  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
  }

  async appendTrack(points: readonly TrackPoint[]) {
    const ins = this.db.prepare('INSERT INTO track VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const p of points) ins.run(p.staffId, p.streetId, p.t, p.lng, p.lat, p.status, p.incidentId);
    })();
  }

  async appendCameras(changes: readonly CameraChange[]) {
    const ins = this.db.prepare('INSERT OR IGNORE INTO camera_log VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const c of changes) ins.run(c.cameraId, c.streetId, c.t, c.status);
    })();
  }

  private streetFilter(q: HistoryQuery): [string, string[]] {
    if (q.streets === null) return ['', []];
    return [`AND street IN (${q.streets.map(() => '?').join(',') || "''"})`, [...q.streets]];
  }

  async readTrack(q: HistoryQuery): Promise<TrackPoint[]> {
    const [where, args] = this.streetFilter(q);
    // each person's last point before the window: where they were when it opens
    const before = this.db
      .prepare(
        `SELECT staff, street, MAX(t) AS t, lng, lat, status, incident FROM track WHERE t < ? ${where} GROUP BY staff`,
      )
      .all(q.from, ...args) as TrackRow[];
    const inside = this.db
      .prepare(`SELECT * FROM track WHERE t >= ? AND t <= ? ${where} ORDER BY staff, t`)
      .all(q.from, q.to, ...args) as TrackRow[];
    return mergeByKey([...before.map(toPoint), ...inside.map(toPoint)], (p) => p.staffId);
  }

  async readCameras(q: HistoryQuery): Promise<CameraChange[]> {
    const [where, args] = this.streetFilter(q);
    type Row = { camera: string; street: string; t: number; status: string };
    const conv = (r: Row): CameraChange => ({ cameraId: r.camera, streetId: r.street, t: r.t, status: r.status });
    const before = this.db
      .prepare(`SELECT camera, street, MAX(t) AS t, status FROM camera_log WHERE t < ? ${where} GROUP BY camera`)
      .all(q.from, ...args) as Row[];
    const inside = this.db
      .prepare(`SELECT * FROM camera_log WHERE t >= ? AND t <= ? ${where} ORDER BY t, camera`)
      .all(q.from, q.to, ...args) as Row[];
    return [...before.map(conv).sort((a, b) => a.t - b.t), ...inside.map(conv)];
  }

  async earliest(streets: readonly string[] | null): Promise<number | null> {
    const [where, args] = this.streetFilter({ streets, from: 0, to: 0 });
    const row = this.db.prepare(`SELECT MIN(t) AS t FROM track WHERE 1 = 1 ${where}`).get(...args) as {
      t: number | null;
    };
    return row.t;
  }

  async prune(before: number, max: number): Promise<number> {
    const a = this.db
      .prepare('DELETE FROM track WHERE rowid IN (SELECT rowid FROM track WHERE t < ? LIMIT ?)')
      .run(before, max);
    const left = max - a.changes;
    const b =
      left > 0
        ? this.db
            .prepare('DELETE FROM camera_log WHERE rowid IN (SELECT rowid FROM camera_log WHERE t < ? LIMIT ?)')
            .run(before, left)
        : { changes: 0 };
    return a.changes + b.changes;
  }

  async close() {
    this.db.close();
  }
}

/** Points of one key together, oldest first (the SQL gives the two parts separately). */
export function mergeByKey<T extends { t: number }>(items: T[], key: (x: T) => string): T[] {
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.t - b.t));
}

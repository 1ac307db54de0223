// The replay history shared by several relay nodes: tables in the same PostgreSQL database as the
// streams. Each node records the people whose centers it serves; camera changes may be seen by
// every node, so they are keyed (camera, t) and stored once.
import pg from 'pg';
import type { CameraChange, HistoryQuery, HistoryStore } from './history.store.ts';
import type { TrackPoint } from './track.thin.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS gw_track (staff TEXT NOT NULL, street TEXT NOT NULL, t BIGINT NOT NULL,
  lng DOUBLE PRECISION NOT NULL, lat DOUBLE PRECISION NOT NULL, status SMALLINT NOT NULL, incident TEXT);
CREATE INDEX IF NOT EXISTS gw_track_street_t ON gw_track (street, t);
CREATE INDEX IF NOT EXISTS gw_track_t ON gw_track (t);
CREATE INDEX IF NOT EXISTS gw_track_staff_t ON gw_track (staff, t);
CREATE TABLE IF NOT EXISTS gw_camera_log (camera TEXT NOT NULL, street TEXT NOT NULL, t BIGINT NOT NULL, status TEXT NOT NULL,
  PRIMARY KEY (camera, t));
CREATE INDEX IF NOT EXISTS gw_camera_log_street_t ON gw_camera_log (street, t);
CREATE INDEX IF NOT EXISTS gw_camera_log_t ON gw_camera_log (t);
`;

export class PostgresHistory implements HistoryStore {
  private constructor(private readonly pool: pg.Pool) {}

  static async open(url: string): Promise<PostgresHistory> {
    const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 5_000 });
    // two nodes starting at once race on CREATE TABLE IF NOT EXISTS; an advisory lock orders them
    const c = await pool.connect();
    try {
      await c.query('SELECT pg_advisory_lock(732113)');
      await c.query(SCHEMA);
      await c.query('SELECT pg_advisory_unlock(732113)');
    } finally {
      c.release();
    }
    return new PostgresHistory(pool);
  }

  async appendTrack(points: readonly TrackPoint[]) {
    for (let i = 0; i < points.length; i += 1000) {
      const part = points.slice(i, i + 1000);
      await this.pool.query(
        `INSERT INTO gw_track SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::float8[], $5::float8[], $6::smallint[], $7::text[])`,
        [
          part.map((p) => p.staffId),
          part.map((p) => p.streetId),
          part.map((p) => p.t),
          part.map((p) => p.lng),
          part.map((p) => p.lat),
          part.map((p) => p.status),
          part.map((p) => p.incidentId),
        ],
      );
    }
  }

  async appendCameras(changes: readonly CameraChange[]) {
    if (!changes.length) return;
    await this.pool.query(
      `INSERT INTO gw_camera_log SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) ON CONFLICT DO NOTHING`,
      [
        changes.map((c) => c.cameraId),
        changes.map((c) => c.streetId),
        changes.map((c) => c.t),
        changes.map((c) => c.status),
      ],
    );
  }

  private where(q: HistoryQuery, first: number): [string, unknown[]] {
    return q.streets === null ? ['', []] : [`AND street = ANY($${first}::text[])`, [[...q.streets]]];
  }

  async readTrack(q: HistoryQuery): Promise<TrackPoint[]> {
    const [w, args] = this.where(q, 3);
    const { rows } = await this.pool.query(
      `(SELECT DISTINCT ON (staff) * FROM gw_track WHERE t < $1 ${w} ORDER BY staff, t DESC)
       UNION ALL (SELECT * FROM gw_track WHERE t >= $1 AND t <= $2 ${w})
       ORDER BY staff, t`,
      [q.from, q.to, ...args],
    );
    return rows.map((r) => ({
      staffId: r.staff,
      streetId: r.street,
      t: Number(r.t),
      lng: r.lng,
      lat: r.lat,
      status: r.status,
      incidentId: r.incident,
    }));
  }

  async readCameras(q: HistoryQuery): Promise<CameraChange[]> {
    const [w, args] = this.where(q, 3);
    const { rows } = await this.pool.query(
      `(SELECT DISTINCT ON (camera) * FROM gw_camera_log WHERE t < $1 ${w} ORDER BY camera, t DESC)
       UNION ALL (SELECT * FROM gw_camera_log WHERE t >= $1 AND t <= $2 ${w})
       ORDER BY t, camera`,
      [q.from, q.to, ...args],
    );
    return rows.map((r) => ({ cameraId: r.camera, streetId: r.street, t: Number(r.t), status: r.status }));
  }

  async earliest(streets: readonly string[] | null): Promise<number | null> {
    const [w, args] = this.where({ streets, from: 0, to: 0 }, 1);
    const { rows } = await this.pool.query(`SELECT MIN(t) AS t FROM gw_track WHERE TRUE ${w}`, args);
    return rows[0]?.t === null || rows[0]?.t === undefined ? null : Number(rows[0].t);
  }

  async prune(before: number, max: number): Promise<number> {
    const a = await this.pool.query(
      'DELETE FROM gw_track WHERE ctid IN (SELECT ctid FROM gw_track WHERE t < $1 LIMIT $2)',
      [before, max],
    );
    const left = max - (a.rowCount ?? 0);
    const b =
      left > 0
        ? await this.pool.query(
            'DELETE FROM gw_camera_log WHERE ctid IN (SELECT ctid FROM gw_camera_log WHERE t < $1 LIMIT $2)',
            [before, left],
          )
        : { rowCount: 0 };
    return (a.rowCount ?? 0) + (b.rowCount ?? 0);
  }

  async close() {
    await this.pool.end();
  }
}

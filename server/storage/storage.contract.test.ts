import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncident } from '../../src/domain/incident-lifecycle.ts';
import { incidentReportSchema, type Incident } from '../../src/protocol/incident.schema.ts';
import type { StaffState } from '../../src/protocol/positions.schema.ts';
import { createTestDatabase, createTestSchema, type TestDatabase } from '../../test/cluster/pg-test-db.ts';
import { PostgresStorage } from './postgres.storage.ts';
import { SqliteStorage } from './sqlite.storage.ts';
import type { EventWrite, Storage } from './storage.ts';

// One contract for every store behind storage.ts: SQLite (one node) and PostgreSQL (several nodes).
// Each case opens a fresh store: a temp file, or a fresh schema-less database on the PostgreSQL
// server (created for this run, dropped after). PostgreSQL must be running: no silent skip.

interface Kind {
  name: string;
  /** a new, empty place to store; open() may be called again on it (a restart) */
  fresh(): Promise<{ open(): Promise<Storage> }>;
}

const dirs: string[] = [];
const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  for (const db of dbs) await db.drop();
});

let shared: Promise<TestDatabase> | undefined;
let schemas = 0;
const KINDS: Kind[] = [
  {
    name: 'sqlite',
    async fresh() {
      const d = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-contract-'));
      dirs.push(d);
      return {
        open: async () => new SqliteStorage(path.join(d, 'c.db'), { commitIntervalMs: 2, maxStaffPerCommit: 500 }),
      };
    },
  },
  {
    name: 'postgres',
    async fresh() {
      // one database for the run, a fresh schema per case
      shared ??= createTestDatabase(undefined, 'gridwall_contract').then((db) => (dbs.push(db), db));
      const url = await createTestSchema(await shared, `c${++schemas}`);
      return { open: () => PostgresStorage.open(url, { commitIntervalMs: 2, maxStaffPerCommit: 500, log: () => {} }) };
    },
  },
];

const by = { role: 'center' as const, id: 'S01' };
function incident(id: string, reportedAt: number, streetId = 'S01'): Incident {
  return createIncident(incidentReportSchema.parse({ id, streetId, category: 'noise', title: id }), reportedAt, by);
}
function write(stream: string, seq: number, eventId: string, i: Incident): EventWrite {
  return {
    record: {
      stream,
      seq,
      source: `center:${stream}`,
      eventId,
      receivedAt: i.reportedAt,
      event: { kind: 'incident', type: 'report', incidentId: i.id, at: i.reportedAt, by, incident: i },
    },
    incident: i,
  };
}
const T = Date.UTC(2026, 10, 22);

describe.each(KINDS)('storage contract: $name', (kind) => {
  it('group-commits appends, acknowledges each with its seq, and finds them again after reopening', async () => {
    const place = await kind.fresh();
    const s = await place.open();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, n) => s.append(write('S01', n + 1, `e${n}`, incident(`I${n}`, T + n)))),
    );
    expect(results.map((r) => (r.status === 'stored' ? r.seq : -1))).toEqual(
      Array.from({ length: 50 }, (_, n) => n + 1),
    );
    await s.close();
    const again = await place.open();
    expect(await again.findEvent('center:S01', 'e7')).toEqual({ stream: 'S01', seq: 8 });
    expect(await again.findEvent('center:S01', 'nope')).toBeNull();
    const loaded = await again.load(0);
    expect(loaded.heads).toEqual({ S01: 50 });
    expect(loaded.incidents.map((i) => i.id).sort()).toEqual(Array.from({ length: 50 }, (_, n) => `I${n}`).sort());
    const tail = await again.readStream('S01', 45, 100);
    expect(tail.map((e) => e.seq)).toEqual([46, 47, 48, 49, 50]);
    expect(tail[0]).toMatchObject({
      stream: 'S01',
      source: 'center:S01',
      eventId: 'e45',
      event: { kind: 'incident', incidentId: 'I45' },
    });
    await again.close();
  });

  it('stores a (source, event id) once: a second append is refused or answered as the duplicate', async () => {
    const s = await (await kind.fresh()).open();
    const i = incident('I1', T);
    expect(await s.append(write('S01', 1, 'same', i))).toEqual({ status: 'stored', seq: 1 });
    const second = await s.append(write('S01', 2, 'same', i)).catch((e: Error) => e);
    if (second instanceof Error) expect(second.message).toMatch(/UNIQUE/);
    else expect(second).toEqual({ status: 'duplicate', stream: 'S01', seq: 1 });
    expect((await s.readStream('S01', 0, 10)).map((e) => e.eventId)).toEqual(['same']);
    expect((await s.load(0)).heads).toEqual({ S01: 1 });
    await s.close();
  });

  it("refuses a new incident's report whose id the store holds, and still knows a retry of the report", async () => {
    const s = await (await kind.fresh()).open();
    const i = incident('I1', T);
    expect(await s.append({ ...write('S01', 1, 'r1', i), newIncident: true })).toEqual({ status: 'stored', seq: 1 });
    // another report of I1 (the first closed and left the relay's memory long ago): nothing stored
    const again = incident('I1', T + 1);
    expect(await s.append({ ...write('S01', 2, 'r2', again), newIncident: true })).toEqual({ status: 'exists' });
    expect(await s.append({ ...write('S01', 2, 'r1', i), newIncident: true })).toEqual({
      status: 'duplicate',
      stream: 'S01',
      seq: 1,
    });
    expect((await s.readStream('S01', 0, 10)).map((e) => e.eventId)).toEqual(['r1']);
    expect((await s.getIncident('I1'))?.incident.reportedAt).toBe(T);
    expect((await s.load(0)).heads).toEqual({ S01: 1 });
    await s.close();
  });

  it('pages incidents newest first with a stable cursor and filters by status, street and time', async () => {
    const s = await (await kind.fresh()).open();
    for (let n = 0; n < 9; n++) {
      const street = n % 2 ? 'S02' : 'S01';
      await s.append(write(street, Math.floor(n / 2) + 1, `p${n}`, incident(`P${n}`, T + (n % 3), street)));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await s.queryIncidents({ limit: 2, cursor });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    // the oracle: newest first, ties by id descending, written out by hand
    expect(seen).toEqual(['P8', 'P5', 'P2', 'P7', 'P4', 'P1', 'P6', 'P3', 'P0']);
    expect((await s.queryIncidents({ limit: 100, streets: ['S02'] })).items.map((i) => i.id)).toEqual([
      'P5',
      'P7',
      'P1',
      'P3',
    ]);
    expect((await s.queryIncidents({ limit: 100, status: ['closed'] })).items).toEqual([]);
    expect((await s.queryIncidents({ limit: 100, status: ['reported'] })).items).toHaveLength(9);
    expect((await s.queryIncidents({ limit: 100, from: T + 2, to: T + 2 })).items.map((i) => i.id)).toEqual([
      'P8',
      'P5',
      'P2',
    ]);
    await s.close();
  });

  it('keeps an incident with its lifecycle, and camera status where the later report wins', async () => {
    const s = await (await kind.fresh()).open();
    const i = incident('L1', T);
    await s.append(write('S01', 1, 'l1', i));
    const closed = { ...i, status: 'closed' as const, closedAt: T + 60_000, updatedAt: T + 60_000 };
    await s.append({
      record: {
        stream: 'S01',
        seq: 2,
        source: 'center:S01',
        eventId: 'l2',
        receivedAt: T + 60_000,
        event: { kind: 'incident', type: 'close', incidentId: 'L1', at: T + 60_000, by, incident: closed },
      },
      incident: closed,
    });
    const cam = (status: 'online' | 'offline', at: number, seq: number, id: string): EventWrite => ({
      record: {
        stream: 'S01',
        seq,
        source: 'center:S01',
        eventId: id,
        receivedAt: at,
        event: { kind: 'camera', at, cameras: [{ cameraId: 'C1', status, at }] },
      },
      cameras: [{ cameraId: 'C1', streetId: 'S01', status, at }],
    });
    await s.append(cam('offline', T + 5_000, 3, 'c-late'));
    await s.append(cam('online', T + 1_000, 4, 'c-early')); // arrives later, but says something older
    const got = await s.getIncident('L1');
    expect(got?.incident.status).toBe('closed');
    expect(got?.lifecycle.map((l) => [l.seq, l.type, l.by.id])).toEqual([
      [1, 'report', 'S01'],
      [2, 'close', 'S01'],
    ]);
    expect(await s.getIncident('nope')).toBeNull();
    const loaded = await s.load(T + 61_000);
    expect(loaded.incidents).toEqual([]); // closed before closedSince: not loaded into memory
    expect((await s.load(T)).incidents.map((x) => x.id)).toEqual(['L1']);
    expect(loaded.cameras).toEqual([{ cameraId: 'C1', streetId: 'S01', status: 'offline', at: T + 5_000 }]);
    expect(loaded.heads).toEqual({ S01: 4 });
    await s.close();
  });

  it('saves last positions in bounded commits, latest value per person', async () => {
    const place = await kind.fresh();
    const s = await place.open();
    const staff = (lng0: number) =>
      Array.from({ length: 1200 }, (_, n): StaffState => ({
        staffId: `P${n}`,
        streetId: 'S01',
        lng: lng0 + n * 1e-5,
        lat: 30,
        at: T,
        status: 'on-duty',
        heading: null,
        incidentId: null,
        trail: [],
      }));
    await s.saveStaff(staff(120));
    await s.saveStaff(staff(121));
    await s.close();
    const again = await place.open();
    const loaded = await again.load(0);
    expect(loaded.staff).toHaveLength(1200);
    expect(loaded.staff.find((p) => p.staffId === 'P1199')?.lng).toBeCloseTo(121.01199, 6);
    await again.close();
  });
});

// What only a store shared by several relay nodes must do: arbitrate each stream's seq.
describe('storage contract, shared store (postgres): two nodes, one numbering', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(undefined, 'gridwall_shared');
    dbs.push(db);
  });

  it('stores a seq only when it is the head + 1, and says which head won otherwise', async () => {
    const a = await PostgresStorage.open(db.url, { log: () => {} });
    const b = await PostgresStorage.open(db.url, { log: () => {} });
    expect(a.shared).toBe(true);
    expect(await a.append(write('S09', 1, 'a1', incident('A1', T, 'S09')))).toEqual({ status: 'stored', seq: 1 });
    // node b still believes the head is 0
    expect(await b.append(write('S09', 1, 'b1', incident('B1', T, 'S09')))).toEqual({ status: 'stale', head: 1 });
    expect(await b.append(write('S09', 2, 'b1', incident('B1', T, 'S09')))).toEqual({ status: 'stored', seq: 2 });
    // a retry of a's event through b is the duplicate, whatever seq b guessed
    expect(await b.append(write('S09', 3, 'a1', incident('A1', T, 'S09')))).toEqual({
      status: 'duplicate',
      stream: 'S09',
      seq: 1,
    });
    expect(await b.heads()).toEqual({ S09: 2 });
    await Promise.all([a.close(), b.close()]);
  });

  it('never hands out one seq twice when two nodes append to one stream at once', async () => {
    const nodes = await Promise.all(
      [0, 1].map(() => PostgresStorage.open(db.url, { commitIntervalMs: 1, log: () => {} })),
    );
    // each node numbers from its own view and retries on stale, as the cluster publisher does
    const stored: { node: number; seq: number; id: string }[] = [];
    await Promise.all(
      nodes.map(async (s, node) => {
        for (let n = 0; n < 40; n++) {
          const id = `n${node}-${n}`;
          for (let guess = ((await s.heads()).S10 ?? 0) + 1; ;) {
            const r = await s.append(write('S10', guess, id, incident(id, T, 'S10')));
            if (r.status === 'stored') {
              stored.push({ node, seq: r.seq, id });
              break;
            }
            expect(r.status).toBe('stale');
            guess = (r as { head: number }).head + 1;
          }
        }
      }),
    );
    const seqs = stored.map((x) => x.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 80 }, (_, n) => n + 1));
    const rows = await nodes[0]!.readStream('S10', 0, 1000);
    expect(rows.map((r) => [r.seq, r.eventId])).toEqual(stored.sort((x, y) => x.seq - y.seq).map((x) => [x.seq, x.id]));
    await Promise.all(nodes.map((s) => s.close()));
  });

  it("commits another stream's events while a stream's commit waits, and keeps a stream's own order", async () => {
    const s = await PostgresStorage.open(db.url, { commitIntervalMs: 1, log: () => {} });
    await s.append(write('S20', 1, 'w0', incident('W0', T, 'S20')));
    // another node holds S20's stream row: the next S20 commit waits in the database
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT head FROM streams WHERE stream = 'S20' FOR UPDATE`);
      const waiting = s.append(write('S20', 2, 'w1', incident('W1', T, 'S20')));
      const behind = s.append(write('S20', 3, 'w2', incident('W2', T, 'S20')));
      const blocked = async () =>
        (
          await other.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%gridwall_append%'`,
          )
        ).rows[0]!.n;
      for (let n = 0; (await blocked()) === 0; n++) {
        if (n > 400) throw new Error('the S20 commit never waited on the held row');
        await new Promise((r) => setTimeout(r, 25));
      }
      // S21 is not held by anyone: it must not queue behind S20's commit
      expect(await s.append(write('S21', 1, 'x1', incident('X1', T, 'S21')))).toEqual({ status: 'stored', seq: 1 });
      await other.query('ROLLBACK');
      expect(await waiting).toEqual({ status: 'stored', seq: 2 });
      expect(await behind).toEqual({ status: 'stored', seq: 3 });
    } finally {
      await other.end();
    }
    await s.close();
  });

  it('numbers an event itself when the writer names no seq', async () => {
    const s = await PostgresStorage.open(db.url, { log: () => {} });
    const head = (await s.heads()).S11 ?? 0;
    expect(await s.append(write('S11', 0, 'auto1', incident('AU1', T, 'S11')))).toEqual({
      status: 'stored',
      seq: head + 1,
    });
    expect(await s.append(write('S11', 0, 'auto2', incident('AU2', T, 'S11')))).toEqual({
      status: 'stored',
      seq: head + 2,
    });
    await s.close();
  });

  it('keeps the latest sample of a person when nodes save out of order, and lists what was saved since a time', async () => {
    const s = await PostgresStorage.open(db.url, { log: () => {} });
    const p = (at: number, lng: number) => saved('PX', at, lng);
    await s.saveStaff([p(T + 10_000, 121)]);
    await s.saveStaff([p(T + 5_000, 120)]); // another node, an older sample, saved later
    expect((await s.staffSince(T)).map((x) => [x.staffId, x.lng])).toEqual([['PX', 121]]);
    expect(await s.staffSince(T + 10_000)).toEqual([]);
    await s.close();
  });

  it('decodes only the saved positions the caller wants, and shows it every row', async () => {
    const s = await PostgresStorage.open(db.url, { log: () => {} });
    const p = (staffId: string, at: number) => saved(staffId, at);
    await s.saveStaff([p('PW1', T + 20_000), p('PW2', T + 21_000)]);
    const seen: [string, number][] = [];
    const got = await s.staffSince(T + 15_000, (id, at) => {
      seen.push([id, at]);
      return id === 'PW2';
    });
    expect(got.map((x) => x.staffId)).toEqual(['PW2']);
    expect(seen.sort()).toEqual([
      ['PW1', T + 20_000],
      ['PW2', T + 21_000],
    ]);
    await s.close();
  });
});

/** A person of S12 as a node saves them. */
function saved(staffId: string, at: number, lng = 120): StaffState {
  return { staffId, streetId: 'S12', lng, lat: 30, at, status: 'on-duty', heading: null, incidentId: null, trail: [] };
}

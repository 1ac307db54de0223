// Both history stores keep and return the same thing (issue 13): what a replay window shows, where
// each person and camera stood when the window opens, the street filter, and pruning in batches.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/cluster/pg-test-db.ts';
import { PostgresHistory } from './history.postgres.ts';
import { SqliteHistory } from './history.sqlite.ts';
import type { HistoryStore } from './history.store.ts';
import type { TrackPoint } from './track.thin.ts';

const pt = (
  staffId: string,
  streetId: string,
  t: number,
  lng = 108.77,
  incidentId: string | null = null,
): TrackPoint => ({
  staffId,
  streetId,
  t,
  lng,
  lat: 29.53,
  status: 0,
  incidentId,
});

let tmp = '';
let pgdb: TestDatabase;
const stores: Record<string, () => Promise<HistoryStore>> = {
  sqlite: async () => new SqliteHistory(path.join(tmp, `h-${Math.random().toString(36).slice(2)}.db`)),
  postgres: async () => PostgresHistory.open(pgdb.url),
};
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-history-'));
  pgdb = await createTestDatabase(undefined, 'gridwall_history');
});
afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  await pgdb?.drop();
});

describe.each(Object.keys(stores))('history store: %s', (name) => {
  let h: HistoryStore;
  beforeAll(async () => {
    h = await stores[name]();
    await h.appendTrack([
      pt('W1', 'S01', 1000, 108.1),
      pt('W1', 'S01', 2000, 108.2),
      pt('W1', 'S01', 3000, 108.3, 'I1'),
      pt('W2', 'S02', 1500),
      pt('W2', 'S02', 2500),
    ]);
    await h.appendCameras([
      { cameraId: 'C1', streetId: 'S01', t: 500, status: 'online' },
      { cameraId: 'C1', streetId: 'S01', t: 2200, status: 'fault' },
      { cameraId: 'C2', streetId: 'S02', t: 2400, status: 'offline' },
    ]);
  });
  afterAll(async () => h?.close());

  it('returns a window with where each person was when it opened, person by person, oldest first', async () => {
    const got = await h.readTrack({ streets: null, from: 1800, to: 2600 });
    expect(got.map((p) => [p.staffId, p.t, p.lng])).toEqual([
      ['W1', 1000, 108.1], // before the window: where W1 was at 1800
      ['W1', 2000, 108.2],
      ['W2', 1500, 108.77],
      ['W2', 2500, 108.77],
    ]);
    const last = await h.readTrack({ streets: ['S01'], from: 2500, to: 9000 });
    expect(last.map((p) => [p.staffId, p.t, p.incidentId])).toEqual([
      ['W1', 2000, null],
      ['W1', 3000, 'I1'],
    ]);
  });
  it('keeps to the streets asked for', async () => {
    const got = await h.readTrack({ streets: ['S02'], from: 0, to: 9000 });
    expect(new Set(got.map((p) => p.streetId))).toEqual(new Set(['S02']));
    expect(await h.readTrack({ streets: [], from: 0, to: 9000 })).toEqual([]);
  });
  it('returns camera changes in time order with each camera’s status when the window opens', async () => {
    const got = await h.readCameras({ streets: null, from: 1000, to: 2300 });
    expect(got.map((c) => [c.cameraId, c.t, c.status])).toEqual([
      ['C1', 500, 'online'],
      ['C1', 2200, 'fault'],
    ]);
    await h.appendCameras([{ cameraId: 'C1', streetId: 'S01', t: 2200, status: 'fault' }]); // seen by a second node
    expect((await h.readCameras({ streets: ['S01'], from: 0, to: 9000 })).length).toBe(2);
  });
  it('knows the oldest kept point, per street', async () => {
    expect(await h.earliest(null)).toBe(1000);
    expect(await h.earliest(['S02'])).toBe(1500);
    expect(await h.earliest(['S99'])).toBeNull();
  });
  it('prunes old rows in batches of at most the number asked', async () => {
    // older than 2100: W1@1000, W1@2000, W2@1500 and camera C1@500 — four rows
    expect(await h.prune(2100, 2)).toBe(2);
    expect(await h.prune(2100, 100)).toBe(2);
    expect(await h.prune(2100, 100)).toBe(0);
    const left = await h.readTrack({ streets: null, from: 0, to: 9000 });
    expect(left.map((p) => [p.staffId, p.t])).toEqual([
      ['W1', 3000],
      ['W2', 2500],
    ]);
  });
});

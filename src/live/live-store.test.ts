import { describe, expect, it } from 'vitest';
import { offsetByMetres } from '../domain/geo.ts';
import { enRouteTargets, STAFF_CLASS } from './models/staff.model.ts';
import { cameraStatusOf } from './models/cameras.model.ts';
import type { Delta, Snapshot } from '../protocol/live.schema.ts';
import { statusCode } from '../protocol/positions.schema.ts';
import {
  createLiveStore,
  handleNotice,
  markConnected,
  markDisconnected,
  markSubscribed,
  relayNow,
  streetAgeMs,
  tickStore,
  type LiveStoreOptions,
} from './live-store.ts';
import { handleDelta, handlePositions, handleSnapshot } from './live-messages.ts';
import { incidentDelta, makeCamera, makeIncident, makeStaff, ORIGIN, step } from '../../test/support/live.fixture.ts';

const T = 1_763_780_000_000; // relay clock
const NOW = 5_000_000; // local clock

function setup(extra: LiveStoreOptions = {}) {
  const resyncs: Record<string, number>[] = [];
  const store = createLiveStore({
    cameras: [makeCamera('C1', ORIGIN, 0, 60, 100, 'S01'), makeCamera('C2', ORIGIN, 90, 60, 100, 'S02')],
    roster: [makeStaff('W1', ORIGIN, 'foot', 'S01'), makeStaff('W2', offsetByMetres(ORIGIN, 300, 0), 'car', 'S02')],
    onResync: (since) => resyncs.push(since),
    ...extra,
  });
  return { store, resyncs };
}

const i1 = makeIncident('S01-1', 'S01', T - 20_000);
const i2 = makeIncident('S02-1', 'S02', T - 10_000);
const snapshot = (): Snapshot => ({
  scope: 'district',
  t: T,
  streams: { S01: 3, S02: 0 },
  incidents: [i1, i2],
  staff: [
    {
      staffId: 'W1',
      streetId: 'S01',
      lng: ORIGIN[0],
      lat: ORIGIN[1],
      at: T - 1000,
      status: 'on-duty',
      heading: null,
      incidentId: null,
      trail: [],
    },
  ],
  cameras: [{ cameraId: 'C1', streetId: 'S01', status: 'online', at: T - 5000 }],
});

/** Subscribed, snapshot applied: the normal steady state. */
function live(extra: LiveStoreOptions = {}) {
  const ctx = setup(extra);
  markConnected(ctx.store);
  markSubscribed(ctx.store, ['S01', 'S02'], [], NOW);
  expect(handleSnapshot(ctx.store, snapshot(), NOW)).toBe(true);
  return ctx;
}

const report = (seq: number, id: string, stream = 'S01') =>
  incidentDelta(stream, seq, 'report', makeIncident(id, stream, T + seq));

describe('snapshot and deltas', () => {
  it('applies a snapshot, then deltas in order, and goes live', () => {
    const { store } = live();
    expect(store.connection).toBe('live');
    expect([...store.incidents.byId.keys()].sort()).toEqual(['S01-1', 'S02-1']);
    expect(store.staff.cls[0]).toBe(STAFF_CLASS.free);
    expect(cameraStatusOf(store.cameras, 'C1')).toBe('online');
    expect(store.tracker.since()).toEqual({ S01: 3, S02: 0 });
    expect(handleDelta(store, report(4, 'S01-2'), NOW + 10)).toBe('applied');
    const cam: Delta = {
      stream: 'S02',
      seq: 1,
      event: { kind: 'camera', at: T + 5, cameras: [{ cameraId: 'C2', status: 'fault', at: T + 5 }] },
    };
    expect(handleDelta(store, cam, NOW + 20)).toBe('applied');
    expect(store.incidents.byId.has('S01-2')).toBe(true);
    expect(cameraStatusOf(store.cameras, 'C2')).toBe('fault');
    expect(store.tracker.since()).toEqual({ S01: 4, S02: 1 });
    expect(relayNow(store, NOW + 1000)).toBe(T + 1000);
  });

  it('drops duplicates without touching the state', () => {
    const { store } = live();
    handleDelta(store, report(4, 'S01-2'), NOW);
    const version = store.incidents.version;
    const ticker = store.incidents.ticker.length;
    expect(handleDelta(store, report(4, 'S01-2'), NOW)).toBe('duplicate');
    expect(handleDelta(store, report(2, 'S01-old'), NOW)).toBe('duplicate');
    expect(store.incidents.version).toBe(version);
    expect(store.incidents.ticker.length).toBe(ticker);
    expect(store.incidents.byId.has('S01-old')).toBe(false);
    expect(store.counts.dropped.duplicate).toBe(2);
  });

  it('detects a gap, asks once to resume from the last numbers, and does not apply past it', () => {
    const { store, resyncs } = live();
    handleDelta(store, report(4, 'S01-2'), NOW);
    expect(handleDelta(store, report(6, 'S01-4'), NOW)).toBe('gap');
    expect(handleDelta(store, report(7, 'S01-5'), NOW)).toBe('gap');
    expect(resyncs).toEqual([{ S01: 4, S02: 0 }]);
    expect(store.connection).toBe('stale');
    expect(store.incidents.byId.has('S01-4')).toBe(false);
    // The relay replays from #5 after the resubscribe.
    markSubscribed(store, ['S01', 'S02'], ['S01', 'S02'], NOW + 100);
    expect(store.connection).toBe('live');
    for (const seq of [5, 6, 7]) expect(handleDelta(store, report(seq, `S01-${seq - 2}`), NOW + 100)).toBe('applied');
    expect(store.tracker.lastSeq('S01')).toBe(7);
  });

  it('links dispatched staff to their incident and frees them when it closes', () => {
    const { store } = live();
    const d = step(i1, { action: 'dispatch', staffIds: ['W1'] }, T + 1000);
    handleDelta(store, incidentDelta('S01', 4, 'dispatch', d), NOW);
    expect(store.staff.incident[0]).toBe('S01-1');
    handlePositions(
      store,
      {
        stream: 'S01',
        t: T + 2000,
        rows: [['W1', ORIGIN[0], ORIGIN[1] + 1e-4, T + 2000, statusCode('responding'), -1]],
      },
      NOW + 1000,
    );
    expect(enRouteTargets(store.staff)).toEqual([{ index: 0, incidentId: 'S01-1' }]);
    const closed = step(d, { action: 'close', resolution: 'duplicate' }, T + 3000);
    handleDelta(store, incidentDelta('S01', 5, 'close', closed), NOW + 2000);
    expect(store.staff.incident[0]).toBeNull();
  });
});

describe('disconnect and resume', () => {
  it('freezes on disconnect (stale, nothing emptied), then offline, and resumes without duplicates', () => {
    const { store } = live({ offlineAfterMs: 30_000 });
    for (let seq = 4; seq <= 6; seq++) handleDelta(store, report(seq, `S01-${seq}`), NOW);
    handlePositions(
      store,
      { stream: 'S02', t: T, rows: [['W2', ORIGIN[0], ORIGIN[1], T, statusCode('on-duty'), 90]] },
      NOW,
    );
    const before = {
      incidents: store.incidents.byId.size,
      staff: store.staff.count,
      lng: store.staff.lng[1],
      ticker: store.incidents.ticker.length,
    };
    markDisconnected(store, NOW + 1000);
    expect(store.connection).toBe('stale');
    expect([...store.streets.values()].every((h) => h.stale)).toBe(true);
    tickStore(store, NOW + 40_000);
    expect(store.connection).toBe('offline');
    expect({
      incidents: store.incidents.byId.size,
      staff: store.staff.count,
      lng: store.staff.lng[1],
      ticker: store.incidents.ticker.length,
    }).toEqual(before);
    expect(store.tracker.since()).toEqual({ S01: 6, S02: 0 });
    // Reconnect: resubscribe with since; the relay replays from a little before (at least once).
    markConnected(store);
    tickStore(store, NOW + 40_500);
    expect(store.connection).not.toBe('live'); // socket up, but not resubscribed yet
    markSubscribed(store, ['S01', 'S02'], ['S01', 'S02'], NOW + 41_000);
    const outcomes = [5, 6, 7, 8].map((seq) => handleDelta(store, report(seq, `S01-${seq}`), NOW + 41_000));
    expect(outcomes).toEqual(['duplicate', 'duplicate', 'applied', 'applied']);
    tickStore(store, NOW + 41_500);
    expect(store.connection).toBe('live');
    expect(store.incidents.ticker.map((t) => t.incidentId).filter((id) => id === 'S01-6')).toHaveLength(1);
    expect(store.incidents.byId.size).toBe(before.incidents + 2);
  });

  it('tracks the age of the last message per street and marks silent streets stale', () => {
    const { store } = live({ streetStaleMs: 10_000 });
    handlePositions(store, { stream: 'S02', t: T, rows: [] }, NOW + 8000);
    tickStore(store, NOW + 12_000);
    expect(store.streets.get('S01')!.stale).toBe(true);
    expect(store.streets.get('S02')!.stale).toBe(false);
    expect(streetAgeMs(store, 'S01', NOW + 12_000)).toBe(12_000);
    expect(streetAgeMs(store, 'S02', NOW + 12_000)).toBe(4000);
    expect(streetAgeMs(store, 'S99', NOW)).toBeNull();
    // A street of the subscription that never sends anything is listed, stale, with no age.
    markSubscribed(store, ['S01', 'S02', 'S03'], [], NOW + 12_000);
    expect(store.streets.get('S03')).toEqual({ lastMessageAt: 0, stale: true, centerOnline: null });
    expect(streetAgeMs(store, 'S03', NOW + 12_000)).toBeNull();
  });

  it('honours a resync notice from the relay', () => {
    const { store, resyncs } = live();
    handleNotice(store, { kind: 'resync', message: 'please' });
    expect(resyncs).toEqual([{ S01: 3, S02: 0 }]);
    expect(store.lastNotice?.kind).toBe('resync');
  });
});

describe('bad payloads', () => {
  it('counts malformed payloads, never throws, and keeps the state', () => {
    const { store } = live();
    const before = store.incidents.byId.size;
    const junk: unknown[] = [
      null,
      undefined,
      42,
      'x',
      [],
      {},
      { stream: 'S01' },
      { stream: 'S01', seq: 'four', event: {} },
    ];
    for (const j of junk) {
      expect(() => handleDelta(store, j, NOW)).not.toThrow();
      expect(() => handlePositions(store, j, NOW)).not.toThrow();
      expect(() => handleNotice(store, j)).not.toThrow();
    }
    expect(handleSnapshot(store, { scope: 'district', t: T }, NOW)).toBe(false);
    const badEvent = {
      stream: 'S01',
      seq: 4,
      event: {
        kind: 'incident',
        type: 'report',
        incidentId: 'X',
        at: T,
        by: { role: 'center', id: 'c' },
        incident: { id: 'X' },
      },
    };
    expect(handleDelta(store, badEvent, NOW)).toBe('malformed');
    // A getter that throws mid-validation must not escape either.
    const hostile = {
      stream: 'S01',
      get seq(): number {
        throw new Error('boom');
      },
    };
    expect(() => handleDelta(store, hostile, NOW)).not.toThrow();
    expect(store.incidents.byId.size).toBe(before);
    expect(store.counts.dropped.malformed).toBeGreaterThanOrEqual(junk.length * 3 + 2);
  });

  it('steps over an unreadable delta so the next one applies without a replay loop', () => {
    const { store, resyncs } = live();
    expect(handleDelta(store, { stream: 'S01', seq: 4, event: { kind: 'mystery' } }, NOW)).toBe('malformed');
    expect(handleDelta(store, report(5, 'S01-5'), NOW)).toBe('applied');
    expect(resyncs).toEqual([]);
  });

  it("drops surprising content: an incident on another street's stream, unknown cameras, bad rows", () => {
    const { store } = live();
    expect(handleDelta(store, incidentDelta('S01', 4, 'report', makeIncident('S02-9', 'S02', T)), NOW)).toBe(
      'surprising',
    );
    expect(store.incidents.byId.has('S02-9')).toBe(false);
    expect(handleDelta(store, report(5, 'S01-5'), NOW)).toBe('applied'); // the number was still used
    handleDelta(
      store,
      {
        stream: 'S02',
        seq: 1,
        event: { kind: 'camera', at: T, cameras: [{ cameraId: 'C404', status: 'online', at: T }] },
      },
      NOW,
    );
    const applied = handlePositions(
      store,
      { stream: 'S01', t: T, rows: [['W1', ORIGIN[0], ORIGIN[1], T + 5, 0, -1], ['W1', 'bad'], null] },
      NOW,
    );
    expect(applied).toBe(1);
    expect(store.counts.dropped.surprising).toBe(2);
    expect(store.counts.dropped['bad-rows']).toBe(2);
  });

  it('drops single bad items of a snapshot and keeps the good ones', () => {
    const { store } = setup();
    markConnected(store);
    const snap = snapshot() as unknown as { incidents: unknown[]; staff: unknown[] };
    snap.incidents.push({ id: 'broken' });
    snap.staff.push({ staffId: 'W9' });
    expect(handleSnapshot(store, snap, NOW)).toBe(true);
    expect(store.incidents.byId.size).toBe(2);
    expect(store.counts.dropped.malformed).toBe(2);
  });
});

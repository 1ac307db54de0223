import { describe, expect, it } from 'vitest';
import { haversineM, offsetByMetres } from '../../domain/geo.ts';
import { STAFF_STATUSES, statusCode } from '../../protocol/positions.schema.ts';
import { makeStaff, ORIGIN, randomStaff, seeded } from '../../../test/support/live.fixture.ts';
import { applyPositionFrame, applyStaffSnapshot } from './staff-apply.model.ts';
import {
  createSampleOut,
  createStaffModel,
  enRouteTargets,
  sample,
  sampleOne,
  setStaffIncident,
  setStaffSelected,
  STAFF_CLASS,
  staffClassCounts,
  staffWithTrails,
  trailOf,
} from './staff.model.ts';
import { TRAIL_CAPACITY } from './staff-trail.model.ts';

const T = 1_700_000_000_000; // sender clock
const FREE = statusCode('on-duty');
const ROUTE = statusCode('responding');
const at = (dx: number, dy: number) => offsetByMetres(ORIGIN, dx, dy);
const row = (id: string, dx: number, dy: number, t: number, code = FREE, heading = -1) => {
  const [lng, lat] = at(dx, dy);
  return [id, lng, lat, t, code, heading];
};

describe('position frames', () => {
  it('places the roster at home with no fix, then applies a frame in place', () => {
    const m = createStaffModel({ roster: [makeStaff('W1', at(0, 0)), makeStaff('W2', at(50, 0), 'car')] });
    expect(m.count).toBe(2);
    expect(staffClassCounts(m)['no-fix']).toBe(2);
    const lngBuf = m.lng;
    const r = applyPositionFrame(m, [row('W1', 10, 0, T), row('W2', 60, 0, T, ROUTE)], 1000);
    expect(r).toEqual({ applied: 2, stale: 0, malformed: 0 });
    expect(m.lng).toBe(lngBuf); // same buffer: updated in place
    expect(m.lng[0]).toBeCloseTo(at(10, 0)[0], 12);
    expect(m.cls[0]).toBe(STAFF_CLASS.free);
    expect(m.cls[1]).toBe(STAFF_CLASS.enRoute);
    expect(STAFF_STATUSES[m.code[1]]).toBe('responding');
  });

  it('skips fixes not newer than the one held (replays, reordering)', () => {
    const m = createStaffModel();
    applyPositionFrame(m, [row('W1', 10, 0, T + 1000)], 1000);
    const r = applyPositionFrame(m, [row('W1', 99, 0, T + 1000), row('W1', 98, 0, T)], 2000);
    expect(r).toEqual({ applied: 0, stale: 2, malformed: 0 });
    expect(m.lng[0]).toBeCloseTo(at(10, 0)[0], 12);
  });

  it('counts malformed rows and keeps going', () => {
    const m = createStaffModel();
    const rows: unknown[] = [
      null,
      42,
      'W1',
      [],
      ['W1', 1, 2],
      ['W1', 'x', 29.5, T, 0, -1],
      ['W1', 108.7, 95, T, 0, -1],
      ['W1', 108.7, 29.5, NaN, 0, -1],
      ['W1', 108.7, 29.5, T, 99, -1],
      ['W1', 108.7, 29.5, T, 1.5, -1],
      [7, 108.7, 29.5, T, 0, -1],
      ['', 108.7, 29.5, T, 0, -1],
      row('W2', 0, 0, T),
    ];
    const r = applyPositionFrame(m, rows, 1000);
    expect(r).toEqual({ applied: 1, stale: 0, malformed: rows.length - 1 });
    expect(m.count).toBe(1);
    expect(m.ids).toEqual(['W2']);
    expect(m.stats.malformed).toBe(rows.length - 1);
  });

  it('adds people it has never heard of and grows past its capacity without losing anyone', () => {
    const m = createStaffModel({ capacity: 16 });
    const rows = randomStaff(100).map((s, k) => [s.id, s.home[0], s.home[1], T + k, FREE, -1]);
    applyPositionFrame(m, rows, 1000, 'S05');
    expect(m.count).toBe(100);
    expect(m.capacity).toBeGreaterThanOrEqual(100);
    for (const [k, r] of rows.entries()) {
      const i = m.indexById.get(r[0] as string)!;
      expect([m.lng[i], m.lat[i], m.at[i]]).toEqual([r[1], r[2], T + k]);
      expect(m.streetIds[m.street[i]]).toBe('S05');
    }
  });
});

describe('sample (interpolation)', () => {
  const out = createSampleOut(4);

  it('moves from the previous fix to the latest over the interval between them, without overshoot', () => {
    const m = createStaffModel();
    applyPositionFrame(m, [row('W1', 0, 0, T)], 10_000);
    sample(m, 10_000, out);
    expect([out.lng[0], out.lat[0]]).toEqual(at(0, 0));
    applyPositionFrame(m, [row('W1', 100, 0, T + 1000)], 11_000);
    sample(m, 11_000, out);
    expect(haversineM([out.lng[0], out.lat[0]], at(0, 0))).toBeLessThan(1e-6);
    sample(m, 11_250, out);
    expect(haversineM([out.lng[0], out.lat[0]], at(25, 0))).toBeLessThan(0.01);
    sample(m, 11_500, out);
    expect(haversineM([out.lng[0], out.lat[0]], at(50, 0))).toBeLessThan(0.01);
    sample(m, 15_000, out);
    expect([out.lng[0], out.lat[0]]).toEqual(at(100, 0));
    expect(out.heading[0]).toBeCloseTo(90, 3); // moving east, no heading on the wire
  });

  it('starts the next segment where the dot is when a fix arrives early (no jump)', () => {
    const m = createStaffModel();
    applyPositionFrame(m, [row('W1', 0, 0, T)], 10_000);
    applyPositionFrame(m, [row('W1', 100, 0, T + 1000)], 11_000);
    sample(m, 11_500, out);
    const before: [number, number] = [out.lng[0], out.lat[0]]; // 50 m east
    applyPositionFrame(m, [row('W1', 100, 100, T + 2000)], 11_500);
    sample(m, 11_500, out);
    expect(haversineM([out.lng[0], out.lat[0]], before)).toBeLessThan(1e-6);
    sample(m, 12_000, out); // halfway from (50, 0) to (100, 100)
    expect(haversineM([out.lng[0], out.lat[0]], at(75, 50))).toBeLessThan(0.01);
    sample(m, 12_500, out);
    expect(haversineM([out.lng[0], out.lat[0]], at(100, 100))).toBeLessThan(1e-6);
  });

  it('turns the short way round and uses the heading on the wire when given', () => {
    const m = createStaffModel();
    applyPositionFrame(m, [row('W1', 0, 0, T, FREE, 350)], 0);
    applyPositionFrame(m, [row('W1', 0, 10, T + 1000, FREE, 10)], 1000);
    sample(m, 1500, out);
    expect(out.heading[0]).toBeCloseTo(0, 3);
    sample(m, 1250, out);
    expect(out.heading[0]).toBeCloseTo(355, 3);
    sample(m, 3000, out);
    expect(out.heading[0]).toBeCloseTo(10, 3);
  });

  it('glides for at most maxSegmentMs after a long silence', () => {
    const m = createStaffModel({ maxSegmentMs: 2000 });
    applyPositionFrame(m, [row('W1', 0, 0, T)], 0);
    applyPositionFrame(m, [row('W1', 1000, 0, T + 60_000)], 60_000);
    sample(m, 61_000, out);
    expect(haversineM([out.lng[0], out.lat[0]], at(500, 0))).toBeLessThan(0.05);
    sample(m, 62_000, out);
    expect([out.lng[0], out.lat[0]]).toEqual(at(1000, 0));
  });

  it('gives the same position and heading for one person (sampleOne) as for everyone', () => {
    const r = seeded(8);
    const roster = randomStaff(50, 5, 0.01);
    const m = createStaffModel({ roster });
    const all = createSampleOut(50);
    const one = createSampleOut(50);
    for (let f = 0; f < 20; f++) {
      const rows = roster
        .filter(() => r() < 0.7)
        .map((s) => [s.id, s.home[0] + r() * 1e-3, s.home[1], T + f * 1000, FREE, r() < 0.5 ? -1 : r() * 360]);
      applyPositionFrame(m, rows, f * 1000 + r() * 500);
      for (const dt of [-100, 0, 300, 999, 1000, 2500]) {
        const now = f * 1000 + dt;
        sample(m, now, all);
        for (let i = 0; i < m.count; i++) sampleOne(m, i, now, one);
        expect(Array.from(one.lng)).toEqual(Array.from(all.lng));
        expect(Array.from(one.lat)).toEqual(Array.from(all.lat));
        expect(Array.from(one.heading)).toEqual(Array.from(all.heading));
      }
    }
  });
});

describe('trails, targets and status', () => {
  it('keeps a five-minute trail only for en-route or selected people', () => {
    const m = createStaffModel({ roster: [makeStaff('A', ORIGIN), makeStaff('B', ORIGIN)] });
    // 7 minutes of fixes at 1 Hz; A en route throughout, B free.
    for (let s = 0; s < 420; s++)
      applyPositionFrame(m, [row('A', s, 0, T + s * 1000, ROUTE), row('B', 0, s, T + s * 1000, FREE)], s * 1000);
    expect(staffWithTrails(m)).toEqual([0]);
    const buf = new Float64Array(TRAIL_CAPACITY * 2);
    const n = trailOf(m, 0, buf);
    expect(n).toBe(301); // fixes at 120 s .. 419 s: the last five minutes, both ends included
    expect([buf[0], buf[1]]).toEqual(at(119, 0));
    expect([buf[2 * n - 2], buf[2 * n - 1]]).toEqual(at(419, 0));
    expect(trailOf(m, 1, buf)).toBe(0);
    // Selecting B starts a trail for B; arriving on scene drops A's.
    setStaffSelected(m, 'B', true);
    applyPositionFrame(
      m,
      [row('A', 420, 0, T + 420_000, statusCode('on-scene')), row('B', 0, 420, T + 420_000)],
      420_000,
    );
    expect(staffWithTrails(m)).toEqual([1]);
    expect(trailOf(m, 1, buf)).toBe(2);
    setStaffSelected(m, 'B', false);
    expect(staffWithTrails(m)).toEqual([]);
  });

  it('takes positions, incidents and trails from a snapshot and lists en-route targets', () => {
    const m = createStaffModel();
    const [lng, lat] = at(0, 0);
    applyStaffSnapshot(
      m,
      [
        {
          staffId: 'A',
          streetId: 'S02',
          lng,
          lat,
          at: T + 3000,
          status: 'responding',
          heading: 45,
          incidentId: 'I1',
          trail: [
            [lng - 1e-4, lat, T + 1000],
            [lng - 5e-5, lat, T + 2000],
          ],
        },
        {
          staffId: 'B',
          streetId: 'S02',
          lng,
          lat,
          at: T + 3000,
          status: 'on-duty',
          heading: null,
          incidentId: null,
          trail: [],
        },
        {
          staffId: 'C',
          streetId: 'S02',
          lng,
          lat,
          at: T + 3000,
          status: 'asleep',
          heading: null,
          incidentId: null,
          trail: [],
        },
      ],
      0,
    );
    expect(m.count).toBe(2);
    expect(m.stats.malformed).toBe(1);
    expect(enRouteTargets(m)).toEqual([{ index: 0, incidentId: 'I1' }]);
    const buf = new Float64Array(64);
    expect(trailOf(m, 0, buf)).toBe(3);
    expect(m.streetIds[m.street[1]]).toBe('S02');
    const v = m.statusVersion;
    expect(setStaffIncident(m, 'B', 'I2')).toBe(true);
    expect(m.statusVersion).toBe(v + 1);
    expect(enRouteTargets(m)).toHaveLength(1); // B has an incident but is not en route
  });
});

import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../domain/seeded-random.ts';
import type { Snapshot } from './live.schema.ts';
import {
  binaryFrameSchema,
  decodeFrame,
  encodeFrame,
  frameRows,
  packedSnapshotSchema,
  packSnapshot,
  unpackSnapshot,
} from './positions-binary.ts';
import { STAFF_STATUSES, type FrameRow, type StaffState } from './positions.schema.ts';

// The binary frame and packed snapshot must carry what the JSON forms carry (to the precision the
// JSON rows already had: 1e-6 degrees, whole ms, 0.01 degree headings), in fewer bytes.

const rnd = mulberry32(7);
const t = 1_764_400_000_000;
const rows: FrameRow[] = Array.from({ length: 500 }, (_, k) => [
  `W${String(k).padStart(5, '0')}`,
  Math.round((108.7 + rnd() * 0.1) * 1e6) / 1e6,
  Math.round((29.5 + rnd() * 0.06) * 1e6) / 1e6,
  t - Math.floor(rnd() * 5000),
  k % STAFF_STATUSES.length,
  k % 3 === 0 ? -1 : Math.round(rnd() * 36000) / 100,
]);

describe('binary positions frame', () => {
  it('round-trips rows exactly at the JSON rows precision', () => {
    const f = encodeFrame('S07', t, rows);
    expect(binaryFrameSchema.safeParse(f).success).toBe(true);
    const c = decodeFrame(f)!;
    const back = frameRows(c);
    expect(back).toHaveLength(rows.length);
    back.forEach((r, k) => {
      const o = rows[k]!;
      expect(r[0]).toBe(o[0]);
      expect(r[1]).toBeCloseTo(o[1], 9);
      expect(r[2]).toBeCloseTo(o[2], 9);
      expect([r[3], r[4], r[5]]).toEqual([o[3], o[4], o[5]]);
    });
  });

  it('is under half the JSON rows, and decodes from an unaligned or ArrayBuffer attachment', () => {
    const f = encodeFrame('S07', t, rows);
    const binaryBytes = f.cols.byteLength + f.ids.length + 40;
    expect(binaryBytes).toBeLessThan(JSON.stringify({ stream: 'S07', t, rows }).length / 2);
    const shifted = new Uint8Array(f.cols.byteLength + 1);
    shifted.set(f.cols as Uint8Array, 1);
    expect(frameRows(decodeFrame({ ...f, cols: shifted.subarray(1) })!)).toEqual(frameRows(decodeFrame(f)!));
    const ab = (f.cols as Uint8Array).slice().buffer;
    expect(frameRows(decodeFrame({ ...f, cols: ab })!)).toEqual(frameRows(decodeFrame(f)!));
  });

  it('refuses a frame whose columns do not match its ids', () => {
    const f = encodeFrame('S07', t, rows);
    expect(decodeFrame({ ...f, ids: f.ids + ',W99999' })).toBeNull();
    expect(decodeFrame({ t, ids: '', cols: new Uint8Array(0) })!.n).toBe(0);
  });
});

describe('packed snapshot', () => {
  const person = (k: number): StaffState => {
    const status = STAFF_STATUSES[k % STAFF_STATUSES.length]!;
    return {
      staffId: `W${k}`,
      streetId: `S0${k % 3}`,
      lng: 108.7 + k * 1e-5,
      lat: 29.5 + k * 1e-5,
      at: t - k,
      status,
      heading: k % 2 ? null : (k * 7) % 360,
      incidentId: k % 4 === 1 ? `S01-${k}` : null,
      trail: [
        [108.7, 29.5, t - 10_000],
        [108.7001, 29.5001, t - 5_000],
      ],
    };
  };
  const snap: Snapshot = {
    scope: 'district',
    t,
    streams: { S00: 3, S01: 4, S02: 0 },
    incidents: [],
    staff: Array.from({ length: 200 }, (_, k) => person(k)),
    cameras: Array.from({ length: 300 }, (_, k) => ({
      cameraId: `C${k}`,
      status: (['online', 'offline', 'fault'] as const)[k % 3]!,
      at: t - k * 1000,
      streetId: `S0${k % 3}`,
    })),
  };

  it('unpacks to the snapshot, trails kept for people on an incident only', () => {
    const packed = packSnapshot(snap);
    expect(packedSnapshotSchema.safeParse(packed).success).toBe(true);
    const back = unpackSnapshot(packed)!;
    expect(back.cameras).toEqual(snap.cameras);
    expect(back.streams).toEqual(snap.streams);
    back.staff.forEach((p, k) => {
      const o = snap.staff[k]!;
      const onIncident = o.status === 'responding' || o.status === 'on-scene';
      expect(p).toEqual({ ...o, trail: onIncident ? o.trail : [] });
    });
  });

  it('is a fraction of the JSON snapshot', () => {
    const packed = packSnapshot(snap);
    const bytes =
      (packed.packed.staff as Uint8Array).byteLength +
      (packed.packed.cameras as Uint8Array).byteLength +
      JSON.stringify({ ...packed, packed: { ...packed.packed, staff: 0, cameras: 0 } }).length;
    expect(bytes).toBeLessThan(JSON.stringify(snap).length / 2.5);
  });
});

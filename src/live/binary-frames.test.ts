import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../protocol/live.schema.ts';
import { encodeFrame, packSnapshot } from '../protocol/positions-binary.ts';
import type { FrameRow } from '../protocol/positions.schema.ts';
import { createLiveStore, type LiveStore } from './live-store.ts';
import { handlePositions, handleSnapshot } from './live-messages.ts';
import { seeded } from '../../test/support/live.fixture.ts';

// The wall holds the same state whether the relay sent JSON or the binary forms: two stores, one
// fed rows and a JSON snapshot, the other the same content as binary frames and a packed snapshot.

const t = 1_764_400_000_000;
const snapshot: Snapshot = {
  scope: 'district',
  t,
  streams: { S01: 2, S02: 0 },
  incidents: [],
  staff: [
    {
      staffId: 'W1',
      streetId: 'S01',
      lng: 108.77,
      lat: 29.53,
      at: t - 5000,
      status: 'responding',
      heading: 45,
      incidentId: 'S01-1',
      trail: [[108.769, 29.529, t - 10_000]],
    },
    {
      staffId: 'W2',
      streetId: 'S02',
      lng: 108.78,
      lat: 29.54,
      at: t - 4000,
      status: 'on-duty',
      heading: null,
      incidentId: null,
      trail: [],
    },
  ],
  cameras: [{ cameraId: 'C1', status: 'offline', at: t - 60_000, streetId: 'S01' }],
};
const rows: FrameRow[] = [
  ['W1', 108.771, 29.531, t - 1000, 2, 90],
  ['W3', 108.772, 29.532, t - 900, 0, -1],
  ['W2', 108.781, 29.541, t - 10_000, 0, -1], // older than the snapshot's fix: stale
];

const staffState = (s: LiveStore) => {
  const m = s.staff;
  return m.ids
    .slice(0, m.count)
    .map((id, i) => [
      id,
      m.lng[i],
      m.lat[i],
      m.at[i],
      m.code[i],
      m.heading[i],
      m.incident[i],
      m.streetIds[m.street[i]!],
    ]);
};

describe('binary wire forms on the wall', () => {
  it('leave the store as the JSON forms do', () => {
    const json = createLiveStore();
    const bin = createLiveStore();
    expect(handleSnapshot(json, snapshot, 1000)).toBe(true);
    expect(handleSnapshot(bin, packSnapshot(snapshot), 1000)).toBe(true);
    expect(handlePositions(json, { stream: 'S01', t, rows }, 2000)).toBe(2);
    expect(handlePositions(bin, encodeFrame('S01', t, rows), 2000)).toBe(2);
    expect(staffState(bin)).toEqual(staffState(json));
    expect(bin.counts.dropped['stale-rows']).toBe(1);
    expect(bin.cameras).toEqual(json.cameras);
    expect(bin.tracker.since()).toEqual(json.tracker.since());
  });

  it('leave the whole staff model as JSON frames do over a run of changing frames', () => {
    // The binary path reuses each stream's previous ids (staff-ids.model.ts); the JSON path looks
    // every row up. People drop out, come back in another order, appear, repeat; some rows are bad.
    const json = createLiveStore();
    const bin = createLiveStore();
    const r = seeded(3);
    const people = Array.from({ length: 60 }, (_, k) => `W${k}`);
    const on = (x: number, per: number) => Math.round(x * per) / per; // the wire's resolution
    let order = people.slice(0, 30);
    for (let f = 0; f < 200; f++) {
      const ft = t + f * 1000;
      const stream = f % 5 === 4 ? 'S02' : 'S01';
      if (r() < 0.1) order = order.slice().reverse();
      if (r() < 0.2) order = [...order, people[Math.floor(r() * people.length)]!];
      const fr: FrameRow[] = [];
      for (const id of order) {
        if (r() < 0.1) continue;
        const bad = r() < 0.02;
        fr.push([
          id,
          bad ? 200 : on(108.7 + r() * 0.1, 1e6),
          on(29.5 + r() * 0.1, 1e6),
          ft - Math.floor(r() * 3000),
          Math.floor(r() * 5),
          r() < 0.3 ? -1 : on(r() * 360, 100),
        ]);
      }
      if (r() < 0.05) fr.push(['', 108.7, 29.5, ft, 0, -1]);
      expect(handlePositions(bin, encodeFrame(stream, ft, fr), f * 1000)).toBe(
        handlePositions(json, { stream, t: ft, rows: fr }, f * 1000),
      );
    }
    const a = bin.staff;
    const b = json.staff;
    expect(a.ids).toEqual(b.ids);
    for (const col of [
      'lng',
      'lat',
      'at',
      'heading',
      'fromLng',
      'fromLat',
      'fromHeading',
      'turn',
      't0',
      'dur',
      'cls',
    ] as const)
      expect(Array.from(a[col].subarray(0, a.count)), col).toEqual(Array.from(b[col].subarray(0, b.count)));
    expect(a.stats).toEqual(b.stats);
    expect(bin.counts.dropped).toEqual(json.counts.dropped);
  });

  it('count a binary frame whose columns do not match its ids as malformed, and apply nothing', () => {
    const s = createLiveStore();
    const f = encodeFrame('S01', t, rows);
    expect(handlePositions(s, { ...f, ids: f.ids + ',W9' }, 2000)).toBe(0);
    expect(s.counts.dropped.malformed).toBe(1);
    expect(s.staff.count).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../protocol/live.schema.ts';
import { encodeFrame, packSnapshot } from '../protocol/positions-binary.ts';
import type { FrameRow } from '../protocol/positions.schema.ts';
import { createLiveStore, handlePositions, handleSnapshot, type LiveStore } from './live-store.ts';

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

  it('count a binary frame whose columns do not match its ids as malformed, and apply nothing', () => {
    const s = createLiveStore();
    const f = encodeFrame('S01', t, rows);
    expect(handlePositions(s, { ...f, ids: f.ids + ',W9' }, 2000)).toBe(0);
    expect(s.counts.dropped.malformed).toBe(1);
    expect(s.staff.count).toBe(0);
  });
});

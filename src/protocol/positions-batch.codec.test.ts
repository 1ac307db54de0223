import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../domain/seeded-random.ts';
import { binaryPositionsSchema, encodePositionsBatch } from './positions-batch.codec.ts';
import { positionsMessageSchema, STAFF_STATUSES, type Position } from './positions.schema.ts';

// A center's binary positions batch must decode to what the same batch as JSON validates to (at the
// precision the simulator sends: 1e-6 degrees, whole ms, 0.01 degree headings), and a batch that
// breaks any bound the JSON schema has must be refused with the row named.

const rnd = mulberry32(11);
const t = 1_764_400_000_000;
const positions: Position[] = Array.from({ length: 500 }, (_, k) => ({
  staffId: `W${String(k).padStart(5, '0')}`,
  lng: Math.round((108.7 + rnd() * 0.1) * 1e6) / 1e6,
  lat: Math.round((29.5 + rnd() * 0.06) * 1e6) / 1e6,
  at: t - Math.floor(rnd() * 5000),
  status: STAFF_STATUSES[k % STAFF_STATUSES.length]!,
  heading: k % 3 === 0 ? null : Math.round(rnd() * 36000) / 100,
  incidentId: k % 7 === 0 ? `I${k}` : null,
}));

const decode = (m: unknown) => binaryPositionsSchema.safeParse(m);

/** A valid one-row batch with one column value replaced. */
function oneRow(patch: Partial<Position>) {
  return encodePositionsBatch([{ ...positions[1]!, ...patch }]);
}

/** A valid one-row batch with one column's bytes overwritten (row layout: positions-binary.ts). */
function patched(offset: number, type: 'i32' | 'u16' | 'u8', value: number) {
  const m = oneRow({});
  const cols = new Uint8Array(m.cols as Uint8Array);
  const v = new DataView(cols.buffer);
  if (type === 'i32') v.setInt32(offset, value, true);
  else if (type === 'u16') v.setUint16(offset, value, true);
  else v.setUint8(offset, value);
  return { ...m, cols };
}

describe('binary positions batch (center → relay)', () => {
  it('decodes to what the JSON batch validates to', () => {
    const r = decode(encodePositionsBatch(positions));
    expect(r.success).toBe(true);
    const json = positionsMessageSchema.parse({ positions });
    expect(r.data!.positions).toHaveLength(positions.length);
    r.data!.positions.forEach((p, k) => {
      const o = json.positions[k]!;
      expect({ ...p, lng: 0, lat: 0 }).toEqual({ ...o, lng: 0, lat: 0 });
      expect(p.lng).toBeCloseTo(o.lng, 9);
      expect(p.lat).toBeCloseTo(o.lat, 9);
    });
  });

  it('leaves the incident column out when nobody has an incident', () => {
    const m = encodePositionsBatch(positions.map((p) => ({ ...p, incidentId: null })));
    expect(m.incidents).toBeUndefined();
    expect(decode(m).data!.positions.every((p) => p.incidentId === null)).toBe(true);
  });

  it('is under a quarter of the JSON batch in bytes', () => {
    const m = encodePositionsBatch(positions);
    const bytes = m.ids.length + (m.incidents?.length ?? 0) + (m.cols as Uint8Array).byteLength;
    expect(bytes * 4).toBeLessThan(JSON.stringify({ positions }).length);
  });

  it('accepts columns handed over at an unaligned offset (a Node Buffer from a pool)', () => {
    const m = encodePositionsBatch(positions.slice(0, 3));
    const cols = m.cols as Uint8Array;
    const shifted = new Uint8Array(cols.byteLength + 1);
    shifted.set(cols, 1);
    expect(decode({ ...m, cols: shifted.subarray(1) }).success).toBe(true);
  });

  it.each([
    ['more ids than rows in the columns', () => ({ ...oneRow({}), ids: 'A1,A2' }), ['cols']],
    ['a bad staff id', () => ({ ...encodePositionsBatch(positions.slice(0, 2)), ids: 'A1,bad id' }), ['ids', 1]],
    ['an empty staff id', () => ({ ...encodePositionsBatch(positions.slice(0, 2)), ids: 'A1,' }), ['ids', 1]],
    ['lng out of range', () => oneRow({ lng: 181 }), ['cols', 0]],
    ['lat out of range', () => oneRow({ lat: -91 }), ['cols', 0]],
    ['a time before 2000', () => ({ ...patched(8, 'i32', -2000), t: 946_684_800_500 }), ['cols', 0]],
    ['a heading over 360', () => patched(12, 'u16', 36_001), ['cols', 0]],
    ['an incident column of the wrong length', () => ({ ...oneRow({}), incidents: 'I1,I2' }), ['incidents']],
    ['a bad incident id', () => ({ ...oneRow({}), incidents: 'no way' }), ['incidents', 0]],
    ['no columns', () => ({ ...oneRow({}), cols: 'abc' }), ['cols']],
    ['a time that is no epoch', () => ({ ...oneRow({}), t: 12 }), ['t']],
  ])('refuses %s, naming where', (_what, make, path) => {
    const r = decode(make());
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(path);
  });

  it('refuses an unknown status code', () => {
    const r = decode(patched(14, 'u8', STAFF_STATUSES.length));
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/row 0: unknown status code/);
  });

  it('refuses more rows than a JSON batch may carry', () => {
    const many = Array.from({ length: 501 }, (_, k) => ({ ...positions[0]!, staffId: `M${k}` }));
    const r = decode(encodePositionsBatch(many));
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/at most 500/);
  });
});

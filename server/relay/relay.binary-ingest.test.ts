import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePositionsBatch } from '../../src/protocol/positions-batch.codec.ts';
import type { Position } from '../../src/protocol/positions.schema.ts';
import { collect, connect, send, startRelay, until, type TestRelay } from '../../test/support/relay.fixture.ts';

// Centers may send positions as binary columns (`positions:bin`, what the simulator sends) as well as
// JSON rows (`positions`, what real centers send): the relay takes both the same way (scope, area,
// latest sample wins), and refuses a malformed binary batch whole with the row named.

let r: TestRelay;
beforeAll(async () => {
  r = await startRelay();
});
afterAll(async () => {
  await r?.close();
});

const center = async (street: string) => connect(r.url, '/ingest', await r.token({ role: 'center', scope: street }));
const pos = (p: Partial<Position> & Pick<Position, 'staffId' | 'at'>): Position => ({
  lng: 108.75,
  lat: 29.53,
  status: 'on-duty',
  heading: null,
  incidentId: null,
  ...p,
});

describe('binary positions from a center', () => {
  it('reach walls as the same rows a JSON batch gives', async () => {
    const c = await center('S01');
    const wall = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const got = collect(wall);
    expect(await send(wall, 'subscribe', { scope: 'district' })).toMatchObject({ ok: true });
    const at = Date.now() - 5;
    const batch = encodePositionsBatch([pos({ staffId: 'W1', at, status: 'responding', heading: 90.5 })]);
    expect(await send(c, 'positions:bin', batch)).toEqual({ ok: true, accepted: 1 });
    await until(() => got.frames.some((f) => f.rows.some((row) => row[3] === at)), 10_000, 'the binary sample');
    const row = got.frames.flatMap((f) => f.rows).find((x) => x[3] === at);
    expect(row).toEqual(['W1', 108.75, 29.53, at, 1, 90.5]);

    // a later JSON sample of the same person still wins over it, and an older binary one does not
    const later = at + 1;
    expect(await send(c, 'positions', { positions: [pos({ staffId: 'W1', at: later, lng: 108.76 })] })).toMatchObject({
      ok: true,
    });
    expect(await send(c, 'positions:bin', encodePositionsBatch([pos({ staffId: 'W1', at: at - 1000 })]))).toEqual({
      ok: true,
      accepted: 0,
    });
    await until(() => got.frames.some((f) => f.rows.some((x) => x[3] === later)), 10_000, 'the JSON sample');
  });

  it("are held to the center's street like JSON batches", async () => {
    const c = await center('S01');
    const other = await send(c, 'positions:bin', encodePositionsBatch([pos({ staffId: 'W2', at: Date.now() })]));
    expect(other).toMatchObject({ ok: false, error: { reason: 'scope', message: 'staff W2 is not in S01' } });
  });

  it('refuses a malformed batch whole, naming the row', async () => {
    const c = await center('S01');
    const at = Date.now();
    const ok = encodePositionsBatch([pos({ staffId: 'W1', at }), pos({ staffId: 'W1', at: at + 1 })]);
    const bad = await send(c, 'positions:bin', { ...ok, ids: 'W1,W 1' });
    expect(bad).toMatchObject({
      ok: false,
      error: { reason: 'schema', issues: [{ path: ['ids', 1], message: 'row 1: bad staff id' }] },
    });
    const short = await send(c, 'positions:bin', { ...ok, cols: (ok.cols as Uint8Array).subarray(1) });
    expect(short).toMatchObject({ ok: false, error: { reason: 'schema', issues: [{ path: ['cols'] }] } });
  });
});

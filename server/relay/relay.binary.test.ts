import type { Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delta } from '../../src/protocol/live.schema.ts';
import {
  decodeFrame,
  frameRows,
  packedSnapshotSchema,
  unpackSnapshot,
  type BinaryFrame,
  type PackedSnapshot,
} from '../../src/protocol/positions-binary.ts';
import { StreamTracker } from '../../src/protocol/stream-tracker.ts';
import {
  collect,
  connect,
  report,
  send,
  startRelay,
  until,
  update,
  type TestRelay,
} from '../../test/support/relay.fixture.ts';

// City scale on the wire (issue 10 §3): subscribers that say `binary: true` get positions as binary
// frames and the snapshot packed; the others keep the JSON forms. A snapshot reused while the
// streams move on is followed by the events since it was built, so a wall's streams stay whole.

let r: TestRelay;
beforeAll(async () => {
  r = await startRelay({
    options: { snapshot: { maxAgeMs: 60_000, shareWindowMs: 60_000, budget: [1e9, 1e9], maxQueuedBytes: 1e9 } },
  });
});
afterAll(async () => {
  await r?.close();
});

function binaryWall(socket: ClientSocket) {
  const got = { frames: [] as BinaryFrame[], snapshots: [] as PackedSnapshot[], deltas: [] as Delta[] };
  socket.on('positions', (f: BinaryFrame) => got.frames.push(f));
  socket.on('snapshot', (s: PackedSnapshot) => got.snapshots.push(s));
  socket.on('delta', (d: Delta) => got.deltas.push(d));
  return got;
}

describe('binary subscribers', () => {
  it('get packed snapshots and binary frames carrying what JSON subscribers get as rows', async () => {
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    const at = Date.now();
    expect(
      await send(center, 'positions', {
        positions: [
          { staffId: 'W1', lng: 108.771234, lat: 29.531234, at: at - 10, status: 'responding', heading: 90.5 },
        ],
      }),
    ).toMatchObject({ ok: true });
    const bin = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const json = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const b = binaryWall(bin);
    const j = collect(json);
    expect(await send(bin, 'subscribe', { scope: 'district', binary: true })).toMatchObject({
      ok: true,
      snapshot: ['S01', 'S02'],
    });
    expect(await send(json, 'subscribe', { scope: 'district' })).toMatchObject({ ok: true });
    await until(() => b.snapshots.length === 1 && j.snapshots.length === 1);
    expect(packedSnapshotSchema.safeParse(b.snapshots[0]).success).toBe(true);
    const unpacked = unpackSnapshot(b.snapshots[0]!)!;
    expect(unpacked.staff).toEqual(j.snapshots[0]!.staff);
    expect(unpacked.cameras).toEqual(j.snapshots[0]!.cameras);

    expect(
      await send(center, 'positions', {
        positions: [{ staffId: 'W1', lng: 108.772, lat: 29.532, at, status: 'on-scene', heading: null }],
      }),
    ).toMatchObject({ ok: true });
    // (the first sample's frame may come too, depending on when the relay's frame timer fired)
    const latest = (rows: unknown[][]) => rows.some((row) => row[3] === at);
    await until(
      () => b.frames.some((f) => latest(frameRows(decodeFrame(f)!))) && j.frames.some((f) => latest(f.rows)),
      5_000,
      'frames of both kinds',
    );
    const bf = b.frames.find((f) => latest(frameRows(decodeFrame(f)!)))!;
    expect(bf.cols).toBeInstanceOf(Uint8Array);
    const rows = frameRows(decodeFrame(bf)!);
    expect(rows).toEqual(j.frames.find((f) => latest(f.rows))!.rows);
    expect(rows).toEqual([['W1', 108.772, 29.532, at, 2, -1]]);
    // each wall got its own form only
    expect(j.frames.every((f) => Array.isArray(f.rows))).toBe(true);
    expect(b.frames.every((f) => typeof f.ids === 'string')).toBe(true);
  });

  it('follow a reused snapshot with the events since it was built, so their streams stay whole', async () => {
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    expect(await send(center, 'incident:report', report('S01-bin-1'))).toMatchObject({ ok: true });
    const first = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const a = binaryWall(first);
    expect(await send(first, 'subscribe', { scope: 'S01', binary: true })).toMatchObject({ ok: true });
    await until(() => a.snapshots.length === 1);
    const built = r.relay.snapshots.built;
    // the stream moves on; a second wall is served the same snapshot plus the events since
    expect(await send(center, 'incident:update', update('S01-bin-1', { action: 'acknowledge' }))).toMatchObject({
      ok: true,
    });
    expect(await send(center, 'incident:report', report('S01-bin-2'))).toMatchObject({ ok: true });
    const second = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const b = binaryWall(second);
    expect(await send(second, 'subscribe', { scope: 'S01', binary: true })).toMatchObject({ ok: true });
    await until(() => b.snapshots.length === 1 && b.deltas.length >= 2);
    expect(r.relay.snapshots.built).toBe(built);
    const tracker = new StreamTracker();
    tracker.reset(b.snapshots[0]!);
    const verdicts = b.deltas.map((d) => tracker.accept(d));
    expect(verdicts).toEqual(['apply', 'apply']);
    const ids = b.deltas.map((d) => d.event.kind === 'incident' && `${d.event.type}:${d.event.incidentId}`);
    expect(ids).toEqual(['acknowledge:S01-bin-1', 'report:S01-bin-2']);
    // and live deltas carry on from there without a gap
    expect(await send(center, 'incident:update', update('S01-bin-2', { action: 'acknowledge' }))).toMatchObject({
      ok: true,
    });
    await until(() => b.deltas.length === 3);
    expect(tracker.accept(b.deltas[2]!)).toBe('apply');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delta } from '../../src/protocol/live.schema.ts';
import { collect, connect, eid, send, startRelay, until, type TestRelay } from '../../test/support/relay.fixture.ts';
import { HEALTH_MIN_INTERVAL_MS } from './camera-health.ts';

// Camera health from the video streams (issue 12): what one wall's stream shows reaches every
// wall as the camera's status, through the same numbered stream as the street centers' reports.

let r: TestRelay;
beforeAll(async () => {
  r = await startRelay();
});
afterAll(async () => {
  await r?.close();
});

const cameraEvents = (deltas: Delta[], id: string) =>
  deltas.flatMap((d) =>
    d.event.kind === 'camera' ? d.event.cameras.filter((c) => c.cameraId === id).map((c) => c.status) : [],
  );
/** moves the relay clock past the per-camera interval */
const later = () => (r.clock.offset += HEALTH_MIN_INTERVAL_MS + 1);

describe('camera health from video', () => {
  it('a fault reaches every wall in scope as a camera event, once; playing again brings it back online', async () => {
    const s01 = await connect(r.url, '/live', await r.token({ role: 'display', scope: 'S01' }));
    const s02 = await connect(r.url, '/live', await r.token({ role: 'display', scope: 'S02' }));
    const district = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const [g1, g2, gd] = [collect(s01), collect(s02), collect(district)];
    await send(s01, 'subscribe', { scope: 'S01' });
    await send(s02, 'subscribe', { scope: 'S02' });
    await send(district, 'subscribe', { scope: 'district' });

    // two walls report the same failed stream at once: stored once
    const [a, b] = await Promise.all([
      r.relay.cameraHealth('C1', 'fault', 'display:w1'),
      r.relay.cameraHealth('C1', 'fault', 'display:w2'),
    ]);
    expect([a, b].filter((x) => x.ok && x.changed)).toHaveLength(1);
    await until(() => cameraEvents(g1.deltas, 'C1').length > 0 && cameraEvents(gd.deltas, 'C1').length > 0);
    expect(cameraEvents(g1.deltas, 'C1')).toEqual(['fault']);
    expect(cameraEvents(gd.deltas, 'C1')).toEqual(['fault']);
    // the same fault again is no news
    later();
    expect(await r.relay.cameraHealth('C1', 'fault', 'display:w1')).toEqual({ ok: true, changed: false });

    // a wall that joins now sees the fault in its snapshot
    const late = await connect(r.url, '/live', await r.token({ role: 'display', scope: 'S01' }));
    const gl = collect(late);
    await send(late, 'subscribe', { scope: 'S01' });
    await until(() => gl.snapshots.length > 0);
    expect(gl.snapshots[0]!.cameras.find((c) => c.cameraId === 'C1')?.status).toBe('fault');

    expect(await r.relay.cameraHealth('C1', 'online', 'display:w2')).toMatchObject({ ok: true, changed: true });
    await until(() => cameraEvents(g1.deltas, 'C1').length === 2);
    expect(cameraEvents(g1.deltas, 'C1')).toEqual(['fault', 'online']);
    // S02's wall never heard of S01's camera
    expect(cameraEvents(g2.deltas, 'C1')).toEqual([]);
  });

  it('a playing stream on a camera nobody marked is no event; an unknown camera is refused', async () => {
    expect(await r.relay.cameraHealth('C2', 'online', 'display:w1')).toEqual({ ok: true, changed: false });
    expect(await r.relay.cameraHealth('C9', 'fault', 'display:w1')).toMatchObject({
      ok: false,
      error: { reason: 'scope' },
    });
  });

  it("a center's offline is not overwritten by a fault; a stream that plays brings the camera online", async () => {
    const wall = await connect(r.url, '/live', await r.token({ role: 'display', scope: 'S02' }));
    const got = collect(wall);
    await send(wall, 'subscribe', { scope: 'S02' });
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S02' }));
    const ack = await send(center, 'camera:status', {
      eventId: eid('cam'),
      cameras: [{ cameraId: 'C2', status: 'offline', at: Date.now() + r.clock.offset }],
    });
    expect(ack.ok).toBe(true);
    later();
    expect(await r.relay.cameraHealth('C2', 'fault', 'proxy')).toEqual({ ok: true, changed: false });
    expect(await r.relay.cameraHealth('C2', 'online', 'display:w1')).toMatchObject({ ok: true, changed: true });
    await until(() => cameraEvents(got.deltas, 'C2').length === 2);
    expect(cameraEvents(got.deltas, 'C2')).toEqual(['offline', 'online']);
  });

  it('a camera flapping faster than the interval is refused with a reason, not stored', async () => {
    later();
    expect(await r.relay.cameraHealth('C2', 'fault', 'display:w1')).toMatchObject({ ok: true, changed: true });
    const again = await r.relay.cameraHealth('C2', 'online', 'display:w2');
    expect(again).toMatchObject({ ok: false, error: { reason: 'rate' } });
    later();
    expect(await r.relay.cameraHealth('C2', 'online', 'display:w2')).toMatchObject({ ok: true, changed: true });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictStore } from '../http/district-store.ts';
import { collect, connect, send, startRelay, until, type TestRelay } from '../../test/support/relay.fixture.ts';

// A wall that stops reading (a hung browser tab, a congested link) must not make the relay buffer
// without bound: it is cut, and everybody else keeps receiving. Real sockets on loopback: the slow
// wall's TCP socket is paused, so the kernel buffers fill and the relay's queue for it grows.

/** No staff list: any person id is accepted, so the test can make fat frames. */
const openDistrict = {
  loaded: true,
  streetIds: ['S01'],
  streetById: new Map([['S01', { id: 'S01', level: 'street' }]]),
  gridById: new Map(),
  staffById: new Map(),
  cameraById: new Map(),
  staff: [],
  cameras: [],
} as unknown as DistrictStore;

let r: TestRelay;
beforeAll(async () => {
  r = await startRelay({
    district: openDistrict,
    // small limits so a few seconds of traffic trip them; a generous ingest rate to make that traffic
    options: { slowClientPackets: 20, slowClientBytes: 512 * 1024, ingestRate: [2000, 4000] },
  });
});
afterAll(async () => {
  await r?.close();
});

interface RawWs {
  _socket: { pause(): void; resume(): void };
}

describe('slow subscribers', () => {
  it('cuts a wall that stopped reading, and keeps serving the others', async () => {
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    const healthy = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const slow = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const got = collect(healthy);
    for (const s of [healthy, slow])
      expect(await send(s, 'subscribe', { scope: 'district' })).toMatchObject({ ok: true });
    let slowClosed = false;
    slow.on('disconnect', () => (slowClosed = true));
    const liveSockets = () => r.relay.io.of('/live').sockets.size;
    expect(liveSockets()).toBe(2);

    // stop reading on the slow wall's TCP connection
    const ws = (slow.io.engine.transport as unknown as { ws: RawWs }).ws;
    ws._socket.pause();

    // fat rows (64-character ids), 5,000 people moving: about 0.5 MB of frames every 100 ms
    const id = (n: number) => `P${String(n).padStart(63, '0')}`;
    let round = 0;
    let stop = false;
    const pump = (async () => {
      while (!stop && round < 400) {
        round++;
        const at = Date.now();
        const batches = Array.from({ length: 10 }, (_, b) =>
          send(center, 'positions', {
            positions: Array.from({ length: 500 }, (_, k) => ({
              staffId: id(b * 500 + k),
              lng: 108.7 + round * 1e-5,
              lat: 29.5 + k * 1e-5,
              at,
            })),
          }),
        );
        for (const a of await Promise.all(batches)) expect(a).toMatchObject({ ok: true });
        await new Promise((res) => setTimeout(res, 50));
      }
    })();
    try {
      // well inside the 40 s after which Socket.IO's own ping timeout would drop it anyway
      await until(() => liveSockets() === 1, 15_000, 'the relay to cut the slow wall');
    } finally {
      stop = true;
      await pump;
    }
    const metrics = await (await fetch(`${r.url}/metrics`)).text();
    expect(metrics).toMatch(/gridwall_relay_slow_clients_cut_total 1\b/);

    // the healthy wall is still connected and still gets fresh frames after the cut
    expect(healthy.connected).toBe(true);
    const framesBefore = got.frames.length;
    const after = Date.now();
    expect(
      await send(center, 'positions', { positions: [{ staffId: id(0), lng: 108.8, lat: 29.6, at: after }] }),
    ).toMatchObject({ ok: true, accepted: 1 });
    await until(
      () => got.frames.slice(framesBefore).some((f) => f.rows.some((row) => row[0] === id(0) && row[3] === after)),
      10_000,
      'a frame after the cut',
    );

    // once it reads again, the slow wall learns it was disconnected (and would resubscribe with `since`)
    ws._socket.resume();
    await until(() => slowClosed, 10_000, 'the slow wall to see the disconnect');
  }, 90_000);
});

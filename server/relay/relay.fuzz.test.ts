import fc from 'fast-check';
import type { Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REJECT_REASONS, type Ack } from '../../src/protocol/ack.ts';
import { collect, connect, report, send, startRelay, until, type TestRelay } from '../../test/support/relay.fixture.ts';

// Property-based bad input: whatever a client sends, it gets a reasoned refusal (or, if by chance
// valid, an ok), the relay stays up, and well-behaved clients keep being served.

let r: TestRelay;
beforeAll(async () => {
  r = await startRelay({ options: { abuseLimit: 30 } });
});
afterAll(async () => {
  await r?.close();
});

const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
const KNOWN = ['incident:report', 'incident:update', 'positions', 'camera:status', 'subscribe', 'incident:act'];

const validReport = () => report(`S01-fz-${Math.random().toString(36).slice(2, 10)}`);
/** A valid message with one field replaced by anything: the nastiest inputs are nearly right. */
const mutated = fc
  .tuple(
    fc.constantFrom('eventId', 'incident', 'id', 'streetId', 'category', 'title', 'position', 'reportedAt'),
    fc.anything(),
  )
  .map(([key, value]) => {
    const m = validReport() as Record<string, unknown> & { incident: Record<string, unknown> };
    if (key === 'eventId' || key === 'incident') (m as Record<string, unknown>)[key] = value;
    else m.incident[key] = value;
    return m;
  });
const payload = fc.oneof(
  fc.anything(),
  mutated,
  fc.string({ maxLength: 2000 }),
  fc.array(fc.anything(), { maxLength: 50 }),
);
const eventName = fc
  .oneof(fc.constantFrom(...KNOWN), fc.string({ minLength: 1, maxLength: 40 }))
  .filter((e) => !RESERVED.has(e));

async function ensure(socket: ClientSocket | null, make: () => Promise<ClientSocket>): Promise<ClientSocket> {
  return socket?.connected ? socket : make();
}

describe('bad input', () => {
  it('refuses arbitrary events and payloads with a reason and keeps serving everyone else', async () => {
    const centerToken = await r.token({ role: 'center', scope: 'S01' });
    const displayToken = await r.token({ role: 'display' });
    const good = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S02' }));
    const wall = await connect(r.url, '/live', displayToken);
    const got = collect(wall);
    await send(wall, 'subscribe', { scope: 'district' });

    let ingest: ClientSocket | null = null;
    let live: ClientSocket | null = null;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.boolean(), eventName, payload, async (toIngest, event, msg) => {
        const socket = toIngest
          ? (ingest = await ensure(ingest, () => connect(r.url, '/ingest', centerToken)))
          : (live = await ensure(live, () => connect(r.url, '/live', displayToken)));
        let a: Ack;
        try {
          a = (await socket.timeout(5000).emitWithAck(event, msg)) as Ack;
        } catch {
          // cut for abuse: allowed only when the socket was actually disconnected
          expect(socket.connected).toBe(false);
          return;
        }
        if (!a.ok) expect(REJECT_REASONS).toContain(a.error.reason);
        // every 10 bad messages, the honest center still gets through to the wall
        if (++n % 10 === 0) {
          const before = got.deltas.length;
          expect(await send(good, 'incident:report', report(`S02-ok-${n}`, 'S02'))).toMatchObject({ ok: true });
          await until(() => got.deltas.length > before, 5000, 'delivery to the honest wall');
        }
      }),
      { numRuns: 150, seed: 20261122 },
    );
    expect(good.connected && wall.connected).toBe(true);
  });

  it('disconnects only the offender, for abuse or for an oversized message', async () => {
    const good = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S02' }));
    const wall = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const got = collect(wall);
    await send(wall, 'subscribe', { scope: 'district' });

    const abuser = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    const notices: { kind: string }[] = [];
    abuser.on('notice', (x) => notices.push(x));
    let disconnected = false;
    abuser.on('disconnect', () => (disconnected = true));
    for (let i = 0; i < 60 && !disconnected; i++) abuser.emit('incident:report', { nonsense: i }, () => {});
    await until(() => disconnected, 5000, 'abuser cut');
    expect(notices.map((x) => x.kind)).toContain('abuse');

    const big = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    let bigGone = false;
    big.on('disconnect', () => (bigGone = true));
    big.emit('incident:report', { eventId: 'x', incident: { title: 'x'.repeat(400_000) } }, () => {});
    await until(() => bigGone, 5000, 'oversized sender cut');

    // a burst past the rate limit is refused with `rate`, but a burst alone is not a reason to cut
    const burst = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    const pos = { positions: [{ staffId: 'W1', lng: 108.77, lat: 29.53, at: Date.now() }] };
    const acks = await Promise.all(Array.from({ length: 600 }, () => send(burst, 'positions', pos)));
    const reasons = acks.map((a) => (a.ok ? 'ok' : a.error.reason));
    expect(reasons).toContain('rate');
    expect(reasons.filter((x) => x !== 'ok' && x !== 'rate')).toEqual([]);
    expect(burst.connected).toBe(true);

    expect(good.connected && wall.connected).toBe(true);
    const before = got.deltas.length;
    expect(await send(good, 'incident:report', report('S02-after-abuse', 'S02'))).toMatchObject({ ok: true });
    await until(() => got.deltas.length > before);
  });
});

import { EventEmitter } from 'node:events';
import type { Socket } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fail, type Ack } from '../../src/protocol/ack.ts';
import type { IngestClientToServerEvents } from '../../src/protocol/events.ts';
import { reportMessageSchema } from '../../src/protocol/incident.schema.ts';
import { positionsMessageSchema } from '../../src/protocol/positions.schema.ts';
import { RelayMetrics } from './metrics.ts';
import { AbuseCounter, TokenBucket } from './rate-limit.ts';
import { createRouter, type Router } from './socket-router.ts';

// The typed router on a stand-in socket that delivers events the way Socket.IO does (catch-all
// listeners first, then the event's own). The relay tests cover the same rules on real sockets;
// this one pins each rule alone, and the compile-time half pins what the event map forbids.

class FakeSocket extends EventEmitter {
  connected = true;
  readonly notices: unknown[] = [];
  private readonly any: ((...a: unknown[]) => void)[] = [];
  onAny(l: (...a: unknown[]) => void) {
    this.any.push(l);
    return this;
  }
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'notice') return this.notices.push(args[0]) > 0;
    return super.emit(event, ...args);
  }
  disconnect() {
    this.connected = false;
  }
  /** a client message: catch-all listeners, then the event's listener */
  receive(event: string, ...args: unknown[]) {
    for (const l of this.any) l(event, ...args);
    super.emit(event, ...args);
  }
}

const staff = { staffId: 'S01-P0001', lng: 108.77, lat: 29.53, at: 1_700_000_000_000 };

function setup(opts: { burst?: number; abuse?: number } = {}) {
  const socket = new FakeSocket();
  const metrics = new RelayMetrics();
  const logged: string[] = [];
  const router = createRouter(socket as unknown as Socket<IngestClientToServerEvents>, {
    namespace: '/ingest',
    metrics,
    bucket: new TokenBucket(1, opts.burst ?? 100),
    abuse: new AbuseCounter(opts.abuse ?? 100, 10_000),
    flood: new AbuseCounter(1000, 10_000),
    log: (m) => logged.push(m),
  });
  const acks: Ack[] = [];
  const ack = (a: Ack) => acks.push(a);
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { socket, router, metrics, logged, acks, ack, settle };
}

describe('typed socket router', () => {
  it('hands a valid message to its handler, parsed, and acks what the handler returns', async () => {
    const t = setup();
    const seen: unknown[] = [];
    t.router.on('positions', {
      schema: positionsMessageSchema,
      handle: (m) => (seen.push(m), { ok: true, accepted: m.positions.length }),
    });
    t.socket.receive('positions', { positions: [staff] }, t.ack);
    await t.settle();
    expect(t.acks).toEqual([{ ok: true, accepted: 1 }]);
    // the handler gets the schema's output (defaults filled in), not the raw wire object
    expect(seen).toEqual([positionsMessageSchema.parse({ positions: [staff] })]);
    expect(seen[0]).not.toEqual({ positions: [staff] });
  });

  it('refuses an event the namespace does not have, without calling any handler', async () => {
    const t = setup();
    let called = 0;
    t.router.on('positions', { schema: positionsMessageSchema, handle: () => (called++, { ok: true, accepted: 0 }) });
    t.socket.receive('subscribe', { scope: 'district' }, t.ack);
    await t.settle();
    expect(called).toBe(0);
    expect(t.acks).toEqual([fail('unknown-event', 'no event "subscribe" on /ingest')]);
  });

  it('refuses a message without an ack, a malformed one with its issues, and a flood', async () => {
    const t = setup({ burst: 3 });
    t.router.on('positions', { schema: positionsMessageSchema, handle: () => ({ ok: true, accepted: 0 }) });
    t.socket.receive('positions', { positions: [staff] }); // no ack: nothing to answer, nothing handled
    t.socket.receive('positions', { positions: [{ ...staff, lng: 'east' }] }, t.ack);
    t.socket.receive('positions', { positions: [staff] }, t.ack);
    t.socket.receive('positions', { positions: [staff] }, t.ack);
    t.socket.receive('positions', { positions: [staff] }, t.ack); // the bucket held 3 (an ack-less message takes none)
    await t.settle();
    // refusals answer at once, handled messages a tick later: compare the multiset
    expect(t.acks.map((a) => (a.ok ? 'ok' : a.error.reason)).sort()).toEqual(['ok', 'ok', 'rate', 'schema']);
    const bad = t.acks[0];
    expect(!bad.ok && bad.error.issues?.[0]?.path).toEqual(['positions', 0, 'lng']);
  });

  it('answers unavailable when a handler fails, and logs why', async () => {
    const t = setup();
    t.router.on('positions', { schema: positionsMessageSchema, handle: () => Promise.reject(new Error('disk full')) });
    t.socket.receive('positions', { positions: [staff] }, t.ack);
    await t.settle();
    expect(t.acks).toEqual([fail('unavailable', 'internal error')]);
    expect(t.logged.join('\n')).toContain('disk full');
  });

  it('cuts a client that earns more abusive refusals than allowed, telling it why', async () => {
    const t = setup({ abuse: 3 });
    t.router.on('positions', { schema: positionsMessageSchema, handle: () => ({ ok: true, accepted: 0 }) });
    for (let i = 0; i < 3; i++) t.socket.receive('no-such-event', {}, t.ack);
    await t.settle();
    expect(t.socket.connected).toBe(true); // three are allowed
    t.socket.receive('no-such-event', {}, t.ack);
    await t.settle();
    expect(t.socket.connected).toBe(false);
    expect(t.socket.notices).toEqual([{ kind: 'abuse', message: 'too many refused messages; disconnected' }]);
  });
});

// Compile-time half: `tsc --noEmit` (in npm test) fails if any of these stops being an error.
export function typeChecks(r: Router<IngestClientToServerEvents>) {
  // @ts-expect-error an event of another namespace (/live)
  r.on('subscribe', { schema: reportMessageSchema, handle: () => fail('scope', 'x') });
  // @ts-expect-error a schema for another event's message
  r.on('incident:report', { schema: positionsMessageSchema, handle: () => fail('scope', 'x') });
  // @ts-expect-error a schema stricter than the protocol's message
  r.on('incident:report', {
    schema: z.object({ eventId: z.string(), extra: z.number() }),
    handle: () => fail('scope', 'x'),
  });
  r.on('positions', {
    schema: positionsMessageSchema,
    // @ts-expect-error an ack of another event (stored, where positions ack `accepted`)
    handle: () => ({ ok: true as const, stream: 'S01', seq: 1, duplicate: false }),
  });
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delta, Snapshot, SubscribeMessage } from '../protocol/live.schema.ts';
import { createLiveClient, resolveToken, type LiveClient } from './live-client.ts';
import { incidentDelta, makeIncident } from '../../test/support/live.fixture.ts';

// A stand-in relay speaking the /live protocol from a numbered log, to drive the client through
// drops, resumes and gaps deterministically. The real relay is exercised in live-relay.test.ts.

const T = 1_763_780_000_000;
let httpServer: http.Server;
let io: Server;
let url: string;
const log: Delta[] = [];
const subscribes: SubscribeMessage[] = [];
let live: Socket | null = null;

const publish = (d: Delta, send = true) => {
  log.push(d);
  if (send) live?.emit('delta', d);
};
const report = (seq: number) => incidentDelta('S01', seq, 'report', makeIncident(`S01-${seq}`, 'S01', T + seq));

async function waitFor(cond: () => boolean, what: string, ms = 8000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  httpServer = http.createServer();
  io = new Server(httpServer);
  const nsp = io.of('/live');
  nsp.use((socket, next) =>
    socket.handshake.auth?.token === 'tok' ? next() : next(new Error('unauthorized: bad token')),
  );
  nsp.on('connection', (socket) => {
    live = socket;
    socket.on('subscribe', (msg: SubscribeMessage, ack: (a: unknown) => void) => {
      subscribes.push(msg);
      const since = msg.since?.S01;
      if (since === undefined) {
        ack({ ok: true, scope: msg.scope, streams: ['S01'], resumed: [], snapshot: ['S01'] });
        const snap: Snapshot = {
          scope: 'district',
          t: T,
          streams: { S01: log.length },
          incidents: log.flatMap((d) => (d.event.kind === 'incident' ? [d.event.incident] : [])),
          staff: [],
          cameras: [],
        };
        socket.emit('snapshot', snap);
      } else {
        ack({ ok: true, scope: msg.scope, streams: ['S01'], resumed: ['S01'], snapshot: [] });
        // At least once: replay from the last one the client has, so it sees one duplicate.
        for (const d of log.slice(Math.max(0, since - 1))) socket.emit('delta', d);
      }
    });
  });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => io.close(() => r()));
});

describe('live client (stand-in relay)', () => {
  let client: LiveClient;

  it('takes the snapshot, applies deltas, resumes after a drop without duplicates, and follows a gap', async () => {
    publish(report(1), false);
    publish(report(2), false);
    client = createLiveClient({
      url,
      token: 'tok',
      socketOptions: { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 200 },
    });
    await client.connect();
    const s = client.store;
    await waitFor(() => s.counts.snapshots === 1 && s.connection === 'live', 'snapshot');
    expect([...s.incidents.byId.keys()].sort()).toEqual(['S01-1', 'S01-2']);
    publish(report(3));
    await waitFor(() => s.tracker.lastSeq('S01') === 3, 'delta 3');

    // Network drop: the state freezes, events 4 and 5 happen meanwhile.
    live!.conn.close();
    await waitFor(() => s.connection === 'stale', 'stale after drop');
    expect(s.incidents.byId.size).toBe(3);
    publish(report(4), false);
    publish(report(5), false);
    await waitFor(() => s.tracker.lastSeq('S01') === 5 && s.connection === 'live', 'resume');
    expect(subscribes.at(-1)).toEqual({ scope: 'district', since: { S01: 3 }, binary: true });
    expect(s.counts.dropped.duplicate).toBe(1);
    expect(s.counts.snapshots).toBe(1);
    expect(s.incidents.ticker.filter((t) => t.incidentId === 'S01-3')).toHaveLength(1);
    expect(s.incidents.byId.size).toBe(5);

    // A lost delta: 6 never arrives, 7 does; the client asks to resume from 5 and gets 6 and 7.
    publish(report(6), false);
    publish(report(7));
    await waitFor(() => s.tracker.lastSeq('S01') === 7, 'gap repaired');
    expect(s.counts.dropped.gap).toBe(1);
    expect(subscribes.at(-1)).toEqual({ scope: 'district', since: { S01: 5 }, binary: true });
    expect(s.incidents.byId.has('S01-6')).toBe(true);
    client.close();
  });

  it('fails to connect with a bad token without throwing out of the socket, and records why', async () => {
    const bad = createLiveClient({ url, token: 'nope', socketOptions: { transports: ['websocket'] } });
    await bad.connect();
    await waitFor(() => bad.store.lastErrors.some((e) => e.includes('unauthorized')), 'connect error');
    expect(bad.store.connection).toBe('connecting');
    bad.close();
  });

  it('takes ?token= first, else asks /api/session', async () => {
    expect(await resolveToken(url, '?diag=1&token=abc')).toEqual({ token: 'abc', from: 'query' });
    const fake = (async () =>
      new Response(JSON.stringify({ token: 'demo', role: 'display' }), { status: 200 })) as typeof fetch;
    expect(await resolveToken(url, '', fake)).toEqual({ token: 'demo', from: 'session' });
    const refused = (async () =>
      new Response(JSON.stringify({ error: 'token-required', message: 'open the wall with ?token=' }), {
        status: 401,
      })) as typeof fetch;
    await expect(resolveToken(url, '', refused)).rejects.toThrow('open the wall with ?token=');
  });
});

import type { Namespace, Socket } from 'socket.io';
import { fail, type Ack } from '../../src/protocol/ack.ts';
import { DISTRICT_SCOPE, type Actor } from '../../src/protocol/common.schema.ts';
import { LIVE_EVENTS, NAMESPACES, type LiveClientToServerEvents } from '../../src/protocol/events.ts';
import { actMessageSchema, OFFICER_ACTIONS } from '../../src/protocol/incident.schema.ts';
import {
  subscribeMessageSchema,
  type Delta,
  type Feeds,
  type SubscribeAck,
  type SubscribeMessage,
} from '../../src/protocol/live.schema.ts';
import type { VerifiedClaims } from './auth.ts';
import type { RelayContext } from './context.ts';
import { stepIncident } from './incident-ops.ts';
import { connectionLimits, createRouter, type Responder, type Router } from './socket-router.ts';
import type { LiveNamespace } from './socket.types.ts';
import { joinScope } from './frames.ts';

// /live: walls and officer browsers subscribe to the district or one street; officers may act.

export const streetRoom = (street: string) => `street:${street}`;
export const DISTRICT_ROOM = 'district';

export function liveHandlers(ctx: RelayContext, nsp: LiveNamespace) {
  nsp.on('connection', (socket) => {
    const claims = socket.data.claims;
    const router = createRouter(socket, {
      namespace: NAMESPACES.live,
      metrics: ctx.metrics,
      ...connectionLimits(ctx.options.liveRate, ctx.options.abuseLimit),
      log: ctx.print,
    });
    router.on(LIVE_EVENTS.subscribe, {
      schema: subscribeMessageSchema,
      cost: () => 5,
      handle: (m) => subscribe(ctx, socket, claims, m),
    });
    officerActions(router, ctx, claims);
  });
}

/** Officers (and admins) move incidents on from the wall; a display token only watches. */
function officerActions(router: Router<LiveClientToServerEvents>, ctx: RelayContext, claims: VerifiedClaims) {
  router.on(LIVE_EVENTS.act, {
    schema: actMessageSchema,
    handle: (m) => {
      if (claims.role !== 'officer' && claims.role !== 'admin')
        return fail('scope', `a ${claims.role} token is read-only`);
      if (claims.role === 'officer' && !OFFICER_ACTIONS.includes(m.step.action)) {
        return fail('scope', `officers may ${OFFICER_ACTIONS.join(', ')}; ${m.step.action} is the center's`);
      }
      const actor: Actor = { role: claims.role, id: claims.sub };
      const scope = claims.scope === DISTRICT_SCOPE ? null : claims.scope;
      return stepIncident(
        ctx,
        actor,
        `${claims.role}:${claims.sub}`,
        m.requestId,
        m.incidentId,
        m.step,
        undefined,
        scope,
      );
    },
  });
}

async function subscribe(
  ctx: RelayContext,
  socket: Socket,
  claims: VerifiedClaims,
  m: SubscribeMessage,
): Promise<Ack<SubscribeAck> | Responder<SubscribeAck>> {
  if (claims.scope !== DISTRICT_SCOPE && m.scope !== claims.scope)
    return fail('scope', `this token sees ${claims.scope} only`);
  if (m.scope !== DISTRICT_SCOPE && !ctx.district.hasStreet(m.scope)) return fail('scope', `unknown street ${m.scope}`);
  if (m.since && Object.keys(m.since).length > 1000) return fail('schema', 'since: too many streams');
  const streets = () =>
    m.scope === DISTRICT_SCOPE ? [...new Set([...ctx.district.streetIds, ...ctx.state.streams()])].sort() : [m.scope];

  // Older missed events come from storage (async); the rest, the ack, the snapshot and the join
  // happen in one synchronous block so no live delta can slip between them.
  // several relay nodes: a wall moving here may have seen more than this node has yet delivered
  if (ctx.sync && m.since) {
    const ahead = streets().filter((s) => (m.since?.[s] ?? 0) > ctx.state.head(s));
    if (ahead.length) await ctx.sync(ahead);
  }
  const fromDisk = new Map<string, Delta[]>();
  for (const s of streets()) {
    const since = m.since?.[s];
    if (since === undefined) continue;
    const head = ctx.state.head(s);
    if (since >= head || head - since > ctx.options.maxReplay) continue;
    const first = ctx.log.firstSeq(s);
    if (first <= since + 1) continue;
    const rows = await ctx.storage.readStream(s, since, Math.min(first - 1 - since, ctx.options.maxReplay));
    fromDisk.set(
      s,
      rows.map((r) => ({ stream: r.stream, seq: r.seq, event: r.event })),
    );
  }

  // runs synchronously inside the router's reply: ack, snapshot, replay, join, nothing in between
  return (send) => {
    const resumed: string[] = [];
    const snapshot: string[] = [];
    const replay: Delta[] = [];
    const all = streets();
    for (const s of all) {
      const since = m.since?.[s];
      const head = ctx.state.head(s);
      if (since === undefined || since > head || head - since > ctx.options.maxReplay) {
        snapshot.push(s);
        continue;
      }
      const disk = fromDisk.get(s) ?? [];
      const after = disk.length ? disk[disk.length - 1]!.seq : since;
      const mem = ctx.log.range(s, after, head);
      if (mem === null || (disk.length > 0 && disk[0]!.seq !== since + 1)) {
        snapshot.push(s);
        continue;
      }
      resumed.push(s);
      replay.push(...disk, ...mem);
    }
    // built once per scope and seqs, shared, and budgeted per connection (snapshot-cache.ts); a
    // refusal leaves the previous subscription as it was
    const sendSnapshot = snapshot.length ? ctx.snapshots.prepare(socket, m.scope, snapshot, m.binary === true) : null;
    if (sendSnapshot && typeof sendSnapshot !== 'function') return send(sendSnapshot);
    for (const room of socket.rooms) if (room !== socket.id) void socket.leave(room);
    const ack: Ack<SubscribeAck> = { ok: true, scope: m.scope, streams: all, resumed, snapshot };
    send(ack);
    sendSnapshot?.();
    for (const d of replay) socket.emit(LIVE_EVENTS.delta, d);
    socket.emit(LIVE_EVENTS.feeds, feedsFor(ctx, m.scope));
    joinScope(socket, m.scope === DISTRICT_SCOPE ? DISTRICT_ROOM : streetRoom(m.scope), m.binary === true);
  };
}

/** The `feeds` message for a scope: every street for the district, one row for a street. */
export function feedsFor(ctx: RelayContext, scope: string): Feeds {
  const rows = ctx.feeds.rows();
  return { t: ctx.now(), feeds: scope === DISTRICT_SCOPE ? rows : rows.filter((r) => r[0] === scope) };
}

/** Cuts subscribers that do not read fast enough; they come back with `since` or get a snapshot. */
export function watchSlowClients(ctx: RelayContext, nsp: Namespace) {
  for (const socket of nsp.sockets.values()) {
    const conn = socket.conn as unknown as {
      writeBuffer?: unknown[];
      transport?: { socket?: { bufferedAmount?: number } };
    };
    const packets = conn.writeBuffer?.length ?? 0;
    const bytes = conn.transport?.socket?.bufferedAmount ?? 0;
    if (packets > ctx.options.slowClientPackets || bytes > ctx.options.slowClientBytes) {
      ctx.metrics.slowClientsCut.inc();
      ctx.print(`relay: cut slow client ${socket.id} (${packets} packets, ${bytes} bytes queued)`);
      socket.disconnect(true);
    }
  }
}

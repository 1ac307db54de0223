// One street center's connection to the relay's /ingest namespace, with at-least-once delivery.
// Socket.IO's own `retries` + `ackTimeout` queue resends an emit until the relay acks it (also
// across reconnects, with the same payload, so the center's event id makes the retry harmless).
// On top of it we keep one event in flight at a time, in order, so that an application-level
// refusal worth retrying (`unavailable`, `rate`) can be retried *before* later steps of the same
// incident. Positions are latest-value: coalesced per person, sent beside the queue as volatile
// emits, never queued up offline.
import { io, type Socket } from 'socket.io-client';
import {
  INGEST_EVENTS,
  NAMESPACES,
  type Ack,
  type IngestClientToServerEvents,
  type IngestServerToClientEvents,
  type Position,
  MAX_POSITIONS_PER_BATCH,
} from '../../src/protocol/index.ts';
import { encodePositionsBatch } from '../../src/protocol/positions-batch.codec.ts';
import type { SimOutgoing } from './sim.types.ts';

type Stored = Exclude<SimOutgoing, { event: 'positions' }>;

export interface LinkStats {
  sent: number; // stored events handed to the socket (first tries)
  acked: number;
  duplicates: number;
  rejected: Record<string, number>;
  positionsSent: number;
  positionsAccepted: number;
  /** volatile position batches that got no ack (dropped while the transport was busy or down) */
  positionBatchesLost: number;
  connects: number;
  disconnects: number;
  /** times the link moved to another relay node */
  failovers: number;
}

export interface LinkOptions {
  url: string;
  /**
   * every relay node this center may use, `url` first: on each reconnection attempt the link moves
   * to the next one, so a center whose node died is on a live node after one reconnect delay
   */
  urls?: string[];
  streetId: string;
  token: string;
  ackTimeoutMs: number;
  log: (msg: string) => void;
  onAck?: (o: Stored, ack: Ack) => void;
  /**
   * a stored event handed to the socket for the first time; `queued`: it had to wait in the outbox
   * for the ack of an event before it (one stored event in flight per center)
   */
  onSend?: (o: Stored, queued: boolean) => void;
}

const RETRY_REASONS = new Set(['unavailable', 'rate']);
const POSITIONS_ACK_TIMEOUT_MS = 3_000;

export class CenterLink {
  readonly socket: Socket<IngestServerToClientEvents, IngestClientToServerEvents>;
  readonly stats: LinkStats = {
    sent: 0,
    acked: 0,
    duplicates: 0,
    rejected: {},
    positionsSent: 0,
    positionsAccepted: 0,
    positionBatchesLost: 0,
    connects: 0,
    disconnects: 0,
    failovers: 0,
  };
  private outbox: Stored[] = [];
  /** stored events that found another in flight or waiting when they were pushed */
  private readonly queued = new WeakSet<Stored>();
  private latest = new Map<string, Position>();
  private inFlight = false; // a stored event awaiting its ack
  /** the outbox's head has been sent once (retries are not first sends) */
  private sentHead = false;
  private positionsInFlight = false;
  /** positions wait for the transport's current write (a new connection starts clean) */
  private awaitingDrain = false;
  private backoffMs = 0;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private refusedLogged = false;
  private readonly urls: string[];
  private urlIndex = 0;

  constructor(private readonly opts: LinkOptions) {
    this.socket = io(`${opts.url}${NAMESPACES.ingest}`, {
      auth: { token: opts.token },
      transports: ['websocket'],
      forceNew: true, // one connection per center, never multiplexed with another socket of this process
      retries: Number.MAX_SAFE_INTEGER, // never give up on an unacked event: the relay may be restarting
      ackTimeout: opts.ackTimeoutMs,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
    this.urls = [opts.url, ...(opts.urls ?? []).filter((u) => u !== opts.url)];
    // Socket.IO's queue of unacked emits (retries) belongs to the socket, not to the node, so it
    // survives the move: events in flight when a node died are resent to the next one.
    this.socket.io.on('reconnect_attempt', () => this.nextNode());
    this.socket.on('connect', () => {
      this.stats.connects++;
      this.awaitingDrain = false;
      this.refusedLogged = false;
      this.pump();
    });
    this.socket.on('disconnect', (reason) => {
      this.stats.disconnects++;
      if (this.closed) return;
      opts.log(`${opts.streetId}: disconnected (${reason})`);
      // A relay shutting down disconnects us on purpose; Socket.IO leaves reconnecting to us then.
      if (reason === 'io server disconnect') this.later(() => (this.nextNode(), this.socket.connect()), 1_000);
    });
    this.socket.on('connect_error', (err) => {
      if (this.closed) return;
      // A refused handshake (bad token, relay starting up) is not retried by Socket.IO itself.
      if (!this.socket.active) {
        if (!this.refusedLogged) opts.log(`${opts.streetId}: connect refused (${err.message}), retrying every 2 s`);
        this.refusedLogged = true;
        this.later(() => (this.nextNode(), this.socket.connect()), 2_000);
      }
    });
    this.socket.on('notice', (n) => opts.log(`${opts.streetId}: notice ${n.kind}: ${n.message}`));
  }

  /** The relay node the next (re)connection goes to. */
  get url(): string {
    return this.urls[this.urlIndex]!;
  }

  private nextNode(): void {
    if (this.urls.length < 2) return;
    this.urlIndex = (this.urlIndex + 1) % this.urls.length;
    this.stats.failovers++;
    // the Manager parses its uri again on every (re)connection
    (this.socket.io as unknown as { uri: string }).uri = this.url;
  }

  /** Queues outgoing items; sending is in order for stored events, coalesced for positions. */
  push(...items: SimOutgoing[]): void {
    if (this.closed) return;
    for (const o of items) {
      if (o.event === 'positions') {
        for (const p of o.msg.positions) this.latest.set(p.staffId, p);
      } else {
        if (this.inFlight || this.outbox.length) this.queued.add(o);
        this.outbox.push(o);
      }
    }
    // Pump once for the lot, so a stored event of this tick is not queued behind its positions.
    this.pump();
  }

  /** Stored events (incidents, cameras) not yet acknowledged by the relay. */
  get pending(): number {
    return this.outbox.length;
  }

  private pump(): void {
    if (this.closed) return;
    // Positions first: a volatile emit is dropped when the transport is mid-write, and a stored
    // event emitted just before in the same tick would make it so.
    if (!this.positionsInFlight && this.latest.size && this.socket.connected) this.sendPositions();
    if (!this.inFlight && this.backoffMs >= 0 && this.outbox.length) this.sendStored();
  }

  private sendStored(): void {
    const head = this.outbox[0];
    this.inFlight = true;
    this.stats.sent++;
    if (!this.sentHead) this.opts.onSend?.(head, this.queued.has(head));
    this.sentHead = true;
    const done = (err: Error | null, ack?: Ack) => {
      this.inFlight = false;
      if (err || !ack) return this.later(() => this.pump(), 1_000); // only when retries are exhausted
      if (!ack.ok && RETRY_REASONS.has(ack.error.reason)) {
        this.stats.rejected[ack.error.reason] = (this.stats.rejected[ack.error.reason] ?? 0) + 1;
        this.backoffMs = Math.min(5_000, Math.max(200, this.backoffMs * 2));
        const wait = this.backoffMs;
        this.backoffMs = -1; // paused until the timer fires
        return this.later(() => {
          this.backoffMs = wait;
          this.pump();
        }, wait);
      }
      this.backoffMs = 0;
      this.outbox.shift();
      this.sentHead = false;
      if (ack.ok) {
        this.stats.acked++;
        if ((ack as { duplicate?: boolean }).duplicate) this.stats.duplicates++;
      } else {
        this.stats.rejected[ack.error.reason] = (this.stats.rejected[ack.error.reason] ?? 0) + 1;
        this.opts.log(`${this.opts.streetId}: ${head.event} refused (${ack.error.reason}: ${ack.error.message})`);
      }
      this.opts.onAck?.(head, ack);
      this.pump();
    };
    emitStored(this.socket, head, done);
  }

  /**
   * Positions travel beside the ordered queue, not in it: volatile (never buffered offline, never
   * retried; the next batch supersedes a lost one), so an incident step never waits behind them.
   */
  private sendPositions(): void {
    // A volatile emit while the transport is mid-write is discarded without a word, and its ack
    // then waits out the whole timeout (3 s without positions for the street, the bench's
    // staleness p99 on a busy machine): wait for the write to finish instead.
    const engine = this.socket.io.engine;
    if (engine && !engine.transport?.writable) {
      if (!this.awaitingDrain) {
        this.awaitingDrain = true;
        engine.once('drain', () => {
          this.awaitingDrain = false;
          this.pump();
        });
      }
      return;
    }
    const batch: Position[] = [];
    for (const [id, p] of this.latest) {
      batch.push(p);
      this.latest.delete(id);
      if (batch.length >= MAX_POSITIONS_PER_BATCH) break;
    }
    this.positionsInFlight = true;
    this.stats.positionsSent += batch.length;
    const done = (err: Error | null, ack?: Ack<{ accepted: number }>) => {
      this.positionsInFlight = false;
      if (err) this.stats.positionBatchesLost++;
      else if (ack?.ok) this.stats.positionsAccepted += ack.accepted;
      else if (ack && !ack.ok) this.stats.rejected[ack.error.reason] = (this.stats.rejected[ack.error.reason] ?? 0) + 1;
      this.pump();
    };
    // binary columns, not JSON rows (`positions`, what real centers send): at city load the rows'
    // JSON encoding, parsing and per-row validation were a tenth of a relay node's CPU
    const batchMsg = encodePositionsBatch(batch);
    this.socket.volatile.timeout(POSITIONS_ACK_TIMEOUT_MS).emit(INGEST_EVENTS.positionsBinary, batchMsg, done as never);
  }

  private later(fn: () => void, ms: number): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      if (this.retryTimer === t) this.retryTimer = null;
      if (!this.closed) fn();
    }, ms);
    this.retryTimer = t;
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket.disconnect();
  }
}

function emitStored(socket: CenterLink['socket'], o: Stored, done: (err: Error | null, ack?: Ack) => void): void {
  // With `retries` set, Socket.IO calls the ack as (err, response).
  const cb = done as never;
  switch (o.event) {
    case 'incident:report':
      socket.emit(INGEST_EVENTS.report, o.msg, cb);
      break;
    case 'incident:update':
      socket.emit(INGEST_EVENTS.update, o.msg, cb);
      break;
    case 'camera:status':
      socket.emit(INGEST_EVENTS.cameras, o.msg, cb);
      break;
  }
}

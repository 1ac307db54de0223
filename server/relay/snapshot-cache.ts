import client from 'prom-client';
import type { Socket } from 'socket.io';
import { fail, type AckFail } from '../../src/protocol/ack.ts';
import { LIVE_EVENTS } from '../../src/protocol/events.ts';
import type { Snapshot } from '../../src/protocol/live.schema.ts';
import type { FrameRow } from '../../src/protocol/positions.schema.ts';
import type { LiveState } from './live-state.ts';
import type { RelayMetrics } from './metrics.ts';
import { TokenBucket } from './rate-limit.ts';

// Snapshots are the relay's one large answer (megabytes for the district), and any display could
// ask for one per subscribe: a probe drove the relay to 2.4 GB by re-subscribing in a loop. So a
// snapshot is built and encoded once per scope and stream sequence, the same encoded packet goes to
// every wall that asks (walls hold a reference, not a copy), and each connection has a byte budget.

export interface SnapshotOptions {
  /** an encoded snapshot is reused this long at the same seqs (positions move meanwhile: see catch-up) */
  maxAgeMs: number;
  /** per connection: snapshot bytes per second sustained, and burst */
  budget: [number, number];
  /** a connection with more than this still queued has not read its last answer: no new snapshot */
  maxQueuedBytes: number;
}

export const DEFAULT_SNAPSHOT_OPTIONS: SnapshotOptions = {
  maxAgeMs: 2_000,
  budget: [128 * 1024, 12 * 1024 * 1024],
  maxQueuedBytes: 4 * 1024 * 1024,
};

interface Entry {
  key: string;
  streams: Set<string>;
  t: number;
  /** the encoded Socket.IO packet(s), shared by every send */
  packets: unknown[];
  bytes: number;
  /** positions sent to the rooms after the build, latest per person: replayed after a cached snapshot */
  since: Map<string, Map<string, FrameRow>>;
}

export type Build = (state: LiveState, scope: string, streams: string[], now: number) => Snapshot;
const defaultBuild: Build = (state, scope, streams, now) => state.snapshot(scope, streams, now);

export class SnapshotCache {
  private readonly entries = new Map<string, Entry>();
  private readonly builtTotal: client.Counter;
  private readonly bytesTotal: client.Counter;
  /** how many snapshots were built (tests and the bench read it) */
  built = 0;
  served = 0;

  constructor(
    private readonly state: LiveState,
    metrics: RelayMetrics,
    private readonly opts: SnapshotOptions = DEFAULT_SNAPSHOT_OPTIONS,
    private readonly now: () => number = Date.now,
    private readonly build: Build = defaultBuild,
  ) {
    this.builtTotal = new client.Counter({ name: 'gridwall_relay_snapshots_built_total', help: 'Snapshots built and encoded', registers: [metrics.registry] });
    this.bytesTotal = new client.Counter({ name: 'gridwall_relay_snapshot_bytes_total', help: 'Snapshot bytes sent (per recipient)', registers: [metrics.registry] });
  }

  /**
   * Answers a subscribe that needs a snapshot of `streams`: either a refusal (the connection's budget
   * is spent, or it has not read what it was sent) or the send, to run inside the subscribe's
   * synchronous block right after the ack.
   */
  prepare(socket: Socket, scope: string, streams: string[]): AckFail | (() => void) {
    const queued = queuedBytes(socket);
    if (queued > this.opts.maxQueuedBytes) {
      return fail('rate', `snapshot refused: ${Math.round(queued / 1024)} KB still unread on this connection; read it, then resubscribe with since`);
    }
    const entry = this.get(scope, streams, socket);
    const budget = (socket.data.snapshotBudget ??= new TokenBucket(this.opts.budget[0], this.opts.budget[1], this.now)) as TokenBucket;
    if (!budget.take(Math.min(entry.bytes, this.opts.budget[1]))) {
      return fail('rate', `snapshot budget of this connection spent (${Math.round(this.opts.budget[1] / 1048576)} MB, ${Math.round(this.opts.budget[0] / 1024)} KB/s); resubscribe with since, or later`);
    }
    return () => {
      this.served++;
      this.bytesTotal.inc(entry.bytes);
      socket.client._packet(entry.packets as never, { preEncoded: true });
      for (const [stream, rows] of entry.since) {
        if (rows.size) socket.emit(LIVE_EVENTS.positions, { stream, t: this.now(), rows: [...rows.values()] });
      }
    };
  }

  /** Positions broadcast to a street's subscribers: cached snapshots of that street remember them. */
  noteFrame(stream: string, rows: FrameRow[]) {
    for (const e of this.entries.values()) {
      const held = e.since.get(stream);
      if (held) for (const row of rows) held.set(row[0], row);
    }
  }

  private get(scope: string, streams: string[], socket: Socket): Entry {
    const t = this.now();
    const key = `${scope}|${streams.map((s) => `${s}:${this.state.head(s)}`).join(',')}`;
    for (const [k, e] of this.entries) if (t - e.t > this.opts.maxAgeMs) this.entries.delete(k);
    const hit = this.entries.get(key);
    if (hit) return hit;
    const snap = this.build(this.state, scope, streams, t);
    const server = socket.nsp.server as unknown as { encoder: { encode(p: unknown): unknown[] } };
    const packets = server.encoder.encode({ type: 2, nsp: socket.nsp.name, data: [LIVE_EVENTS.snapshot, snap] });
    const bytes = packets.reduce<number>((n, p) => n + (typeof p === 'string' ? Buffer.byteLength(p) : (p as Uint8Array).byteLength), 0);
    const entry: Entry = { key, streams: new Set(streams), t, packets, bytes, since: new Map(streams.map((s) => [s, new Map()])) };
    // a handful of scopes are live at once (the district, a few streets); bound it anyway
    if (this.entries.size >= 64) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    this.built++;
    this.builtTotal.inc();
    return entry;
  }
}

/** What Socket.IO and the WebSocket still hold for this connection, in bytes (approximately). */
export function queuedBytes(socket: Socket): number {
  const conn = socket.conn as unknown as { writeBuffer?: unknown[]; transport?: { socket?: { bufferedAmount?: number } } };
  let n = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const p of conn.writeBuffer ?? []) {
    const data = (p as { data?: unknown }).data;
    n += typeof data === 'string' ? data.length : ((data as Uint8Array | undefined)?.byteLength ?? 0);
  }
  return n;
}

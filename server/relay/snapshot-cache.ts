import client from 'prom-client';
import type { Socket } from 'socket.io';
import { fail, type AckFail } from '../../src/protocol/ack.ts';
import { LIVE_EVENTS } from '../../src/protocol/events.ts';
import type { Snapshot } from '../../src/protocol/live.schema.ts';
import { encodeFrame, packSnapshot } from '../../src/protocol/positions-binary.ts';
import type { FrameRow } from '../../src/protocol/positions.schema.ts';
import type { LiveState } from './live-state.ts';
import type { RelayMetrics } from './metrics.ts';
import { TokenBucket } from './rate-limit.ts';
import type { StreamLog } from './stream-log.ts';

// Snapshots are the relay's one large answer (megabytes for the district), and any display could
// ask for one per subscribe: a probe drove the relay to 2.4 GB by re-subscribing in a loop. So a
// snapshot is built and encoded once per scope (and form: JSON or packed binary), the same encoded
// packet goes to every wall that asks within a short window (walls hold a reference, not a copy), and
// each connection has a byte budget. A reused snapshot is as of the seqs it was built at; the
// stored events since then follow it from the in-memory stream log, exactly as on a resume, and
// the positions broadcast since then follow as one frame per street. With ten incident events a
// second the seqs never stand still, so keying on them would rebuild for every wall.

export interface SnapshotOptions {
  /** an encoded snapshot is reused this long while its streams and people stand still */
  maxAgeMs: number;
  /** ... and this long in any case: walls asking together (a reconnect storm, an attack) share it */
  shareWindowMs: number;
  /** per connection: snapshot bytes per second sustained, and burst */
  budget: [number, number];
  /** a connection with more than this still queued has not read its last answer: no new snapshot */
  maxQueuedBytes: number;
}

export const DEFAULT_SNAPSHOT_OPTIONS: SnapshotOptions = {
  maxAgeMs: 2_000,
  shareWindowMs: 250,
  budget: [128 * 1024, 12 * 1024 * 1024],
  maxQueuedBytes: 4 * 1024 * 1024,
};

interface Entry {
  key: string;
  binary: boolean;
  /** the seq of each stream the snapshot is as of */
  heads: Record<string, number>;
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
    private readonly log: StreamLog,
    metrics: RelayMetrics,
    private readonly opts: SnapshotOptions = DEFAULT_SNAPSHOT_OPTIONS,
    private readonly now: () => number = Date.now,
    private readonly build: Build = defaultBuild,
  ) {
    this.builtTotal = new client.Counter({
      name: 'gridwall_relay_snapshots_built_total',
      help: 'Snapshots built and encoded',
      registers: [metrics.registry],
    });
    this.bytesTotal = new client.Counter({
      name: 'gridwall_relay_snapshot_bytes_total',
      help: 'Snapshot bytes sent (per recipient)',
      registers: [metrics.registry],
    });
  }

  /**
   * Answers a subscribe that needs a snapshot of `streams`: either a refusal (the connection's budget
   * is spent, or it has not read what it was sent) or the send, to run inside the subscribe's
   * synchronous block right after the ack.
   */
  prepare(socket: Socket, scope: string, streams: string[], binary = false): AckFail | (() => void) {
    const queued = queuedBytes(socket);
    if (queued > this.opts.maxQueuedBytes) {
      return fail(
        'rate',
        `snapshot refused: ${Math.round(queued / 1024)} KB still unread on this connection; read it, then resubscribe with since`,
      );
    }
    const entry = this.get(scope, streams, socket, binary);
    const budget = (socket.data.snapshotBudget ??= new TokenBucket(
      this.opts.budget[0],
      this.opts.budget[1],
      this.now,
    )) as TokenBucket;
    if (!budget.take(Math.min(entry.bytes, this.opts.budget[1]))) {
      return fail(
        'rate',
        `snapshot budget of this connection spent (${Math.round(this.opts.budget[1] / 1048576)} MB, ${Math.round(this.opts.budget[0] / 1024)} KB/s); resubscribe with since, or later`,
      );
    }
    return () => {
      this.served++;
      this.bytesTotal.inc(entry.bytes);
      socket.client._packet(entry.packets as never, { preEncoded: true });
      const t = this.now();
      for (const [stream, seq] of Object.entries(entry.heads)) {
        for (const d of this.log.range(stream, seq, this.state.head(stream)) ?? []) socket.emit(LIVE_EVENTS.delta, d);
      }
      for (const [stream, held] of entry.since) {
        if (!held.size) continue;
        const rows = [...held.values()];
        socket.emit(LIVE_EVENTS.positions, binary ? encodeFrame(stream, t, rows) : { stream, t, rows });
      }
    };
  }

  /** Wire size of a snapshot of the current state, JSON and packed (the bench reports both). */
  measure(scope: string, streams: string[]): { jsonBytes: number; packedBytes: number } {
    const snap = this.build(this.state, scope, streams, this.now());
    const packed = packSnapshot(snap);
    const binary = (packed.packed.staff as Uint8Array).byteLength + (packed.packed.cameras as Uint8Array).byteLength;
    const rest = Buffer.byteLength(
      JSON.stringify({ ...packed, packed: { ...packed.packed, staff: null, cameras: null } }),
    );
    return { jsonBytes: Buffer.byteLength(JSON.stringify(snap)), packedBytes: binary + rest };
  }

  /** snapshots held now (tests read it) */
  get size(): number {
    return this.entries.size;
  }

  /** Positions broadcast to a street's subscribers: cached snapshots of that street remember them. */
  noteFrame(stream: string, rows: FrameRow[]) {
    // an expired snapshot (megabytes for the district) is let go here, not at the next subscribe,
    // which on a wall that stays connected may be hours away: meanwhile every frame filled it
    this.prune(this.now());
    for (const e of this.entries.values()) {
      const held = e.since.get(stream);
      if (held) for (const row of rows) held.set(row[0], row);
    }
  }

  /** usable when young and the stream log still holds every event since it was built */
  private fresh(e: Entry, t: number): boolean {
    // a clock stepped back (NTP, a test clock) must not make an old snapshot look young forever
    if (t < e.t || t - e.t > this.opts.maxAgeMs) return false;
    // within the share window, whatever moved follows the snapshot (deltas, frames); past it, a
    // snapshot is reused only as long as nothing changed (once per scope and sequence)
    if (t - e.t > this.opts.shareWindowMs) {
      if ([...e.since.values()].some((held) => held.size > 0)) return false;
      if (Object.entries(e.heads).some(([s, seq]) => this.state.head(s) !== seq)) return false;
    }
    for (const [s, seq] of Object.entries(e.heads))
      if (this.log.range(s, seq, this.state.head(s)) === null) return false;
    return true;
  }

  private prune(t: number) {
    for (const [k, e] of this.entries) if (t < e.t || t - e.t > this.opts.maxAgeMs) this.entries.delete(k);
  }

  private get(scope: string, streams: string[], socket: Socket, binary: boolean): Entry {
    const t = this.now();
    const key = `${binary ? 'bin' : 'json'}|${scope}|${streams.join(',')}`;
    this.prune(t);
    const hit = this.entries.get(key);
    if (hit && this.fresh(hit, t)) return hit;
    const snap = this.build(this.state, scope, streams, t);
    const server = socket.nsp.server as unknown as { encoder: { encode(p: unknown): unknown[] } };
    // a binary-capable parser (the default one too) sends the typed arrays as attachments
    const packets = server.encoder.encode({
      type: 2,
      nsp: socket.nsp.name,
      data: [LIVE_EVENTS.snapshot, binary ? packSnapshot(snap) : snap],
    });
    const bytes = packets.reduce<number>(
      (n, p) => n + (typeof p === 'string' ? Buffer.byteLength(p) : (p as Uint8Array).byteLength),
      0,
    );
    const entry: Entry = {
      key,
      binary,
      heads: snap.streams,
      t,
      packets,
      bytes,
      since: new Map(streams.map((s) => [s, new Map()])),
    };
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
  const conn = socket.conn as unknown as {
    writeBuffer?: unknown[];
    transport?: { socket?: { bufferedAmount?: number } };
  };
  let n = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const p of conn.writeBuffer ?? []) {
    const data = (p as { data?: unknown }).data;
    n += typeof data === 'string' ? data.length : ((data as Uint8Array | undefined)?.byteLength ?? 0);
  }
  return n;
}

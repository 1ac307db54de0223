import { fail, type Ack, type AckFail, type StoredAck } from '../../src/protocol/ack.ts';
import type { Incident } from '../../src/protocol/incident.schema.ts';
import type { Delta, StreamEvent } from '../../src/protocol/live.schema.ts';
import type { CameraRecord, Storage } from '../storage/storage.ts';
import type { LiveState } from './live-state.ts';
import type { RelayMetrics } from './metrics.ts';
import type { StreamLog } from './stream-log.ts';

// The one path every stored event takes: dedupe by (source, eventId) → validate against the working
// state → assign the stream's next seq → durable commit → deliver in seq order → ack.

export interface Prepared {
  stream: string;
  event: StreamEvent;
  incident?: Incident;
  cameras?: CameraRecord[];
  /** a report: a shared store refuses it if it holds the id (EventWrite.newIncident) */
  newIncident?: boolean;
}

export interface PublisherDeps {
  storage: Storage;
  state: LiveState;
  log: StreamLog;
  metrics: RelayMetrics;
  now: () => number;
  broadcast: (d: Delta) => void;
  /** storage failed: state and disk may disagree, so the process must restart from disk */
  onFatal: (err: unknown) => void;
}

export class Publisher {
  private readonly inflight = new Map<string, Promise<Ack<StoredAck>>>();
  /** committed but not yet delivered, because an earlier seq of the stream is still committing */
  private readonly waiting = new Map<string, Map<number, { d: Delta; p: Prepared; receivedAt: number }>>();
  private failed = false;

  constructor(private readonly deps: PublisherDeps) {}

  /**
   * `preload` may await (e.g. read an archived incident); `prepare` runs synchronously right after
   * it against the working state and either refuses or says what to store.
   */
  submit(
    source: string,
    eventId: string,
    receivedAt: number,
    prepare: () => Prepared | AckFail,
    preload?: () => Promise<void>,
  ): Promise<Ack<StoredAck>> {
    const key = `${source}\u0000${eventId}`;
    const running = this.inflight.get(key);
    // a retry that overtakes its original still gets the original's outcome, stored once
    if (running) return running.then((a) => (a.ok ? { ...a, duplicate: true } : a));
    const p = this.run(source, eventId, receivedAt, prepare, preload).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private async run(
    source: string,
    eventId: string,
    receivedAt: number,
    prepare: () => Prepared | AckFail,
    preload?: () => Promise<void>,
  ): Promise<Ack<StoredAck>> {
    const { storage, state } = this.deps;
    if (this.failed) return fail('unavailable', 'storage failed; the relay is restarting');
    if (source !== 'relay') {
      const found = await storage.findEvent(source, eventId);
      if (found) return { ok: true, stream: found.stream, seq: found.seq, duplicate: true };
    }
    if (preload) await preload();
    const prepared = prepare();
    if ('ok' in prepared) return prepared;
    const seq = state.nextSeq(prepared.stream);
    if (prepared.incident) state.stage(prepared.incident);
    const d: Delta = { stream: prepared.stream, seq, event: prepared.event };
    try {
      await storage.append({
        record: { stream: prepared.stream, seq, source, eventId, receivedAt, event: prepared.event },
        incident: prepared.incident,
        cameras: prepared.cameras,
      });
    } catch (err) {
      if (!this.failed) {
        this.failed = true;
        this.deps.onFatal(err);
      }
      return fail('unavailable', 'storage failed; retry with the same event id');
    }
    this.release(d, prepared, receivedAt);
    return { ok: true, stream: prepared.stream, seq, duplicate: false };
  }

  private release(d: Delta, p: Prepared, receivedAt: number) {
    const { state } = this.deps;
    let w = this.waiting.get(d.stream);
    if (!w) this.waiting.set(d.stream, (w = new Map()));
    w.set(d.seq, { d, p, receivedAt });
    for (let next = state.head(d.stream) + 1; w.has(next); next++) {
      const item = w.get(next)!;
      w.delete(next);
      state.deliver(item.d.stream, item.d.seq, item.p.incident, item.p.cameras);
      this.deps.log.push(item.d);
      this.deps.broadcast(item.d);
      const m = this.deps.metrics;
      const type = item.d.event.kind === 'incident' ? item.d.event.type : 'camera';
      m.eventsOut.inc({ type });
      m.deliverLatency.observe({ kind: item.d.event.kind }, Math.max(0, this.deps.now() - item.receivedAt) / 1000);
    }
  }
}

import type { Delta } from '../../src/protocol/live.schema.ts';
import type { RelayMetrics } from '../relay/metrics.ts';
import type { LiveState } from '../relay/live-state.ts';
import type { StreamLog } from '../relay/stream-log.ts';
import type { Storage } from '../storage/storage.ts';

// With several relay nodes on one store, a node's live state follows every stream in the store's
// seq order, whoever wrote the event: its own commits, deltas other nodes announce through Redis,
// and whatever it finds missing in the store (a gap in what Redis carried, a Redis outage, an
// ambiguous commit during a database outage). Each node then sends its own walls every stream
// contiguous and in order; the store, not Redis, is the truth a gap is filled from.

/** One async critical section per stream: a node writes or catches up one stream at a time. */
export class StreamLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(stream: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(stream) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => {});
    this.tails.set(stream, tail);
    void tail.then(() => {
      if (this.tails.get(stream) === tail) this.tails.delete(stream);
    });
    return next;
  }

  /**
   * Resolves once every section queued so far, on every stream, is done (not those queued later:
   * on a busy node the map is never empty, and a caller must not starve).
   */
  async idle(): Promise<void> {
    await Promise.all([...this.tails.values()]);
  }
}

export interface FollowerDeps {
  storage: Storage;
  state: LiveState;
  log: StreamLog;
  metrics: RelayMetrics;
  /** to this node's own subscribers only (other nodes deliver to theirs) */
  emitLocal: (d: Delta) => void;
  print: (msg: string) => void;
}

const PAGE = 500;

export class StreamFollower {
  readonly locks = new StreamLocks();
  /** events this node learnt from the store rather than from its own commit or from Redis */
  filledFromStore = 0;

  constructor(private readonly deps: FollowerDeps) {}

  /** A delta another node committed and announced. */
  heard(d: Delta): void {
    if (d.seq <= this.deps.state.head(d.stream)) return;
    void this.locks
      .run(d.stream, async () => {
        const head = this.deps.state.head(d.stream);
        if (d.seq <= head) return;
        if (d.seq === head + 1) this.apply(d);
        else await this.catchUpLocked(d.stream); // something in between never reached us
      })
      .catch((e: unknown) => this.deps.print(`cluster: catching up ${d.stream} failed: ${(e as Error).message}`));
  }

  /** Reads the stream's events after this node's head from the store and delivers them. */
  catchUp(stream: string): Promise<void> {
    return this.locks.run(stream, () => this.catchUpLocked(stream));
  }

  /** Same, for a caller already holding the stream's lock. */
  async catchUpLocked(stream: string): Promise<void> {
    for (;;) {
      const rows = await this.deps.storage.readStream(stream, this.deps.state.head(stream), PAGE);
      for (const r of rows) {
        if (r.seq !== this.deps.state.head(stream) + 1) break; // read under a moving head: the next round continues
        this.filledFromStore++;
        this.apply({ stream: r.stream, seq: r.seq, event: r.event });
      }
      if (rows.length < PAGE) return;
    }
  }

  /** Anti-entropy: every stream the store has further than this node. */
  async poll(): Promise<void> {
    const heads = await this.deps.storage.heads!();
    await Promise.all(
      Object.entries(heads)
        .filter(([s, h]) => h > this.deps.state.head(s))
        .map(([s]) => this.catchUp(s)),
    );
  }

  /** Delivers the stream's next event: live state, replay ring, this node's subscribers. */
  apply(d: Delta): void {
    const ev = d.event;
    const incident = ev.kind === 'incident' ? ev.incident : undefined;
    const cameras = ev.kind === 'camera' ? ev.cameras.map((c) => ({ ...c, streetId: d.stream })) : undefined;
    this.deps.state.deliver(d.stream, d.seq, incident, cameras);
    this.deps.log.push(d);
    this.deps.emitLocal(d);
    this.deps.metrics.eventsOut.inc({ type: ev.kind === 'incident' ? ev.type : 'camera' });
  }
}

import type { Delta, Snapshot } from './live.schema.ts';

// Client-side bookkeeping of the numbered streams: drop duplicates, spot gaps, and produce the
// `since` map to send on resubscribe. Used by the wall and by the relay's tests.

export type DeltaVerdict = 'apply' | 'duplicate' | 'gap';

export class StreamTracker {
  private readonly last = new Map<string, number>();

  /** After a snapshot: its seqs become the baseline for its streams. */
  reset(snapshot: Pick<Snapshot, 'streams'>): void {
    for (const [stream, seq] of Object.entries(snapshot.streams)) this.last.set(stream, seq);
  }

  /**
   * `apply`: the next event, now recorded; `duplicate`: already seen, drop it; `gap`: events are
   * missing before it, resubscribe with since() (the tracker does not advance).
   */
  accept(delta: Pick<Delta, 'stream' | 'seq'>): DeltaVerdict {
    const prev = this.last.get(delta.stream);
    if (prev === undefined) {
      // first event ever seen on a stream that was empty at snapshot time
      if (delta.seq !== 1) return 'gap';
    } else if (delta.seq <= prev) return 'duplicate';
    else if (delta.seq !== prev + 1) return 'gap';
    this.last.set(delta.stream, delta.seq);
    return 'apply';
  }

  lastSeq(stream: string): number {
    return this.last.get(stream) ?? 0;
  }

  since(): Record<string, number> {
    return Object.fromEntries(this.last);
  }
}

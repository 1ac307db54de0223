import type { Delta } from '../../src/protocol/live.schema.ts';

// The recent past of each street's stream, for resuming clients without touching the database.
// Bounded: `capacity` deltas per stream; older ones are read back from storage, and a client more
// than `maxReplay` behind gets a snapshot instead.

export class StreamLog {
  private readonly rings = new Map<string, Delta[]>();
  constructor(private readonly capacity: number) {}

  push(d: Delta) {
    let ring = this.rings.get(d.stream);
    if (!ring) this.rings.set(d.stream, (ring = []));
    ring.push(d);
    // amortised trimming: drop a quarter at once rather than shift() per push
    if (ring.length > this.capacity * 1.25) ring.splice(0, ring.length - this.capacity);
  }

  /** Oldest seq held in memory for the stream (Infinity when none). */
  firstSeq(stream: string): number {
    return this.rings.get(stream)?.[0]?.seq ?? Infinity;
  }

  /** Deltas with seq in (after, upTo], or null when memory no longer holds all of them. */
  range(stream: string, after: number, upTo: number): Delta[] | null {
    if (upTo <= after) return [];
    const ring = this.rings.get(stream);
    const first = ring?.[0]?.seq;
    if (!ring || first === undefined || first > after + 1) return null;
    const start = after + 1 - first;
    const out = ring.slice(start, start + (upTo - after));
    return out.length === upTo - after ? out : null;
  }
}

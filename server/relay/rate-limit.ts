// Per-connection token buckets and an abuse counter: refused messages cost the sender, not the relay.

export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly ratePerS: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }
  take(cost = 1): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerS);
    this.last = t;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
  /** true once refilled to the burst: nothing to remember */
  full(): boolean {
    return this.take(0) && this.tokens >= this.burst;
  }
}

/** Counts refusals in a sliding window; `hit()` says when the connection should be cut. */
export class AbuseCounter {
  private stamps: number[] = [];
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}
  hit(): boolean {
    const t = this.now();
    this.stamps.push(t);
    while (this.stamps.length && this.stamps[0]! <= t - this.windowMs) this.stamps.shift();
    if (this.stamps.length > this.limit) this.stamps.splice(0, this.stamps.length - this.limit - 1);
    return this.stamps.length > this.limit;
  }
}

/** One token bucket per key (a client address), forgotten once full again so the map stays small. */
export class PerKeyLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private sweepAt = 0;
  constructor(
    private readonly ratePerS: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}
  take(key: string, cost = 1): boolean {
    const t = this.now();
    if (t >= this.sweepAt) this.sweep(t);
    let b = this.buckets.get(key);
    if (!b) {
      // a flood of distinct keys must not grow memory: past the cap, everyone shares one bucket
      if (this.buckets.size >= this.maxKeys) key = '\u0000overflow';
      b = this.buckets.get(key) ?? new TokenBucket(this.ratePerS, this.burst, this.now);
      this.buckets.set(key, b);
    }
    return b.take(cost);
  }
  private sweep(t: number) {
    this.sweepAt = t + 60_000;
    for (const [k, b] of this.buckets) if (b.full()) this.buckets.delete(k);
  }
}

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

// A mergeable latency histogram (0.1 ms steps to 100 ms, 1 ms to 10 s, 10 ms to 120 s): display
// processes fill their own and the bench merges them, instead of shipping every sample.

const FINE = 1000; // 0-100 ms in 0.1 ms
const MID = 9900; // 100 ms-10 s in 1 ms
const COARSE = 11000; // 10 s-120 s in 10 ms
const SIZE = FINE + MID + COARSE + 1;

function bucket(ms: number): number {
  if (ms < 100) return Math.max(0, Math.floor(ms * 10));
  if (ms < 10_000) return FINE + Math.floor(ms - 100);
  return Math.min(SIZE - 1, FINE + MID + Math.floor((ms - 10_000) / 10));
}
function upper(b: number): number {
  if (b < FINE) return (b + 1) / 10;
  if (b < FINE + MID) return 100 + (b - FINE) + 1;
  return 10_000 + (b - FINE - MID + 1) * 10;
}

export class Hist {
  counts = new Float64Array(SIZE);
  n = 0;
  sum = 0;
  max = 0;
  add(ms: number, times = 1): void {
    this.counts[bucket(ms)] += times;
    this.n += times;
    this.sum += ms * times;
    if (ms > this.max) this.max = ms;
  }
  static from(o: HistJson): Hist {
    const h = new Hist();
    h.merge(o);
    return h;
  }
  reset(): void {
    this.counts.fill(0);
    this.n = this.sum = this.max = 0;
  }
  merge(o: HistJson): void {
    for (const [b, c] of o.c) this.counts[b] += c;
    this.n += o.n;
    this.sum += o.sum;
    this.max = Math.max(this.max, o.max);
  }
  /** upper edge of the bucket holding the p-quantile (0..1) */
  quantile(p: number): number {
    if (this.n === 0) return NaN;
    const want = p * this.n;
    let acc = 0;
    for (let b = 0; b < SIZE; b++) {
      acc += this.counts[b];
      if (acc >= want && this.counts[b] > 0) return Math.min(upper(b), this.max);
    }
    return this.max;
  }
  get mean(): number {
    return this.n ? this.sum / this.n : NaN;
  }
  toJSON(): HistJson {
    const c: [number, number][] = [];
    this.counts.forEach((v, b) => v && c.push([b, v]));
    return { c, n: this.n, sum: this.sum, max: this.max };
  }
}
export interface HistJson {
  c: [number, number][];
  n: number;
  sum: number;
  max: number;
}

/** the upper bound of the Prometheus bucket holding quantile q ('-' without buckets) */
export function bucketQuantile(text: [string, number][] | undefined, q: number): string {
  const buckets = (text ?? [])
    .map(([le, n]) => [le === '+Inf' ? Infinity : Number(le), n] as const)
    .sort((x, y) => x[0] - y[0]);
  const total = buckets.at(-1)?.[1] ?? 0;
  if (total === 0) return '-';
  const hit = buckets.find(([, n]) => n >= q * total);
  return hit && Number.isFinite(hit[0]) ? String(hit[0] * 1000) : '> 2500';
}

/** an incident event as the center sent it and as a wall receives it (a delta carries no event id) */
export const sentKey = (incidentId: string, type: string, at: number) => `${incidentId}/${type}/${at}`;

// Fixed-size sample ring with running totals: the bench must not grow the heap it is measuring.

const SIZE = 4096;

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  max: number;
  total: number;
}

export class Samples {
  private readonly ring = new Float64Array(SIZE);
  private n = 0;
  private total = 0;
  private max = 0;

  add(v: number): void {
    this.ring[this.n % SIZE] = v;
    this.n++;
    this.total += v;
    if (v > this.max) this.max = v;
  }

  reset(): void {
    this.n = 0;
    this.total = 0;
    this.max = 0;
  }

  summary(): Summary {
    const k = Math.min(this.n, SIZE);
    const sorted = Array.from(this.ring.subarray(0, k)).sort((a, b) => a - b);
    const q = (p: number) => (k ? sorted[Math.min(k - 1, Math.floor(p * k))] : NaN);
    return {
      n: this.n,
      mean: this.n ? this.total / this.n : NaN,
      p50: q(0.5),
      p95: q(0.95),
      max: this.max,
      total: this.total,
    };
  }
}

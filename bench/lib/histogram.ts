/**
 * A log-bucketed latency histogram (milliseconds): about 1% relative resolution from 0.01 ms to ~1 hour,
 * in a sparse map so it stays small, serialises to JSON and merges across processes by adding counts.
 */
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
const MIN_MS = 0.01;

export interface HistogramJson {
  counts: Record<string, number>;
  n: number;
  sum: number;
  max: number;
}

export class Histogram {
  private counts = new Map<number, number>();
  n = 0;
  sum = 0;
  max = 0;

  record(ms: number): void {
    const value = Math.max(ms, MIN_MS);
    const bucket = Math.floor(Math.log(value / MIN_MS) / LOG_GROWTH);
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1);
    this.n++;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
  }

  /** The value below which `q` (0..1) of the samples fall (the bucket's upper edge); NaN when empty. */
  quantile(q: number): number {
    if (this.n === 0) return NaN;
    const target = Math.max(1, Math.ceil(q * this.n));
    let seen = 0;
    for (const bucket of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(bucket)!;
      if (seen >= target) return Math.min(MIN_MS * GROWTH ** (bucket + 1), this.max);
    }
    return this.max;
  }

  mean(): number {
    return this.n === 0 ? NaN : this.sum / this.n;
  }

  merge(other: Histogram | HistogramJson): this {
    const json = other instanceof Histogram ? other.toJSON() : other;
    for (const [bucket, count] of Object.entries(json.counts)) {
      const b = Number(bucket);
      this.counts.set(b, (this.counts.get(b) ?? 0) + count);
    }
    this.n += json.n;
    this.sum += json.sum;
    this.max = Math.max(this.max, json.max);
    return this;
  }

  reset(): void {
    this.counts.clear();
    this.n = 0;
    this.sum = 0;
    this.max = 0;
  }

  toJSON(): HistogramJson {
    return { counts: Object.fromEntries(this.counts), n: this.n, sum: this.sum, max: this.max };
  }

  static from(json: HistogramJson): Histogram {
    return new Histogram().merge(json);
  }

  /** p50/p95/p99/max/mean, rounded to 0.01 ms. */
  summary(): { n: number; p50: number; p95: number; p99: number; max: number; mean: number } {
    const r = (v: number) => (Number.isFinite(v) ? Math.round(v * 100) / 100 : NaN);
    return { n: this.n, p50: r(this.quantile(0.5)), p95: r(this.quantile(0.95)), p99: r(this.quantile(0.99)), max: r(this.max), mean: r(this.mean()) };
  }
}

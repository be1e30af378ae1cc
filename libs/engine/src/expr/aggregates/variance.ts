import type { Accumulator } from './accumulator';

export type VarianceKind = 'VAR_SAMP' | 'VAR_POP' | 'STDDEV_SAMP' | 'STDDEV_POP';

/**
 * Variance family with Welford's online update (numerically stable), mergeable with Chan et al.'s
 * parallel formula. Inputs arrive as JS numbers (the planner casts to DOUBLE).
 */
export class VarianceAccumulator implements Accumulator {
  private n = 0;
  private mean = 0;
  private m2 = 0;
  constructor(
    private readonly kind: VarianceKind,
    /** Spark (non-legacy) returns NULL for a sample statistic of one row; Flink does too. */
    private readonly nullForSingleSample = true,
  ) {}
  add(v: unknown): void {
    if (v === null) return;
    const x = v as number;
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }
  retract(v: unknown): void {
    if (v === null) return;
    const x = v as number;
    if (this.n === 1) {
      this.n = 0;
      this.mean = 0;
      this.m2 = 0;
      return;
    }
    const oldMean = (this.mean * this.n - x) / (this.n - 1);
    this.m2 -= (x - this.mean) * (x - oldMean);
    this.mean = oldMean;
    this.n--;
  }
  merge(o: Accumulator): void {
    const b = o as VarianceAccumulator;
    if (b.n === 0) return;
    const n = this.n + b.n;
    const d = b.mean - this.mean;
    this.m2 += b.m2 + (d * d * this.n * b.n) / n;
    this.mean += (d * b.n) / n;
    this.n = n;
  }
  result(): unknown {
    if (this.n === 0) return null;
    const sample = this.kind === 'VAR_SAMP' || this.kind === 'STDDEV_SAMP';
    if (sample && this.n === 1) return this.nullForSingleSample ? null : NaN;
    const variance = Math.max(0, this.m2 / (sample ? this.n - 1 : this.n));
    return this.kind.startsWith('STDDEV') ? Math.sqrt(variance) : variance;
  }
  snapshot(): unknown {
    return [this.n, this.mean, this.m2];
  }
  restore(s: unknown): void {
    [this.n, this.mean, this.m2] = s as [number, number, number];
  }
  isEmpty(): boolean {
    return this.n === 0;
  }
}

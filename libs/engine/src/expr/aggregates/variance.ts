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

/**
 * Flink's variance family. Flink's planner rewrites VAR_POP(x) into
 * (SUM(x*x) - SUM(x)*SUM(x)/COUNT(x)) / COUNT(x) (VAR_SAMP divides by COUNT(x)-1, NULL for one
 * row; STDDEV_* take POWER(.., 0.5)) in the argument's own type (Calcite's
 * AggregateReduceFunctionsRule): integer arguments give an integer result computed with integer
 * (truncating) division, DOUBLE arguments a DOUBLE.
 */
export class SumOfSquaresVarianceAccumulator implements Accumulator {
  private n = 0;
  private sum: number | bigint;
  private sumSquares: number | bigint;
  constructor(
    private readonly kind: VarianceKind,
    /** Integer argument: bits of the result type (8/16/32/64); undefined for DOUBLE/FLOAT. */
    private readonly integerBits?: 8 | 16 | 32 | 64,
  ) {
    this.sum = integerBits ? 0n : 0;
    this.sumSquares = integerBits ? 0n : 0;
  }
  add(v: unknown): void {
    if (v === null) return;
    this.n++;
    if (this.integerBits) {
      const x = BigInt(v as number | bigint);
      this.sum = (this.sum as bigint) + x;
      this.sumSquares = (this.sumSquares as bigint) + x * x;
    } else {
      const x = v as number;
      this.sum = (this.sum as number) + x;
      this.sumSquares = (this.sumSquares as number) + x * x;
    }
  }
  retract(v: unknown): void {
    if (v === null) return;
    this.n--;
    if (this.integerBits) {
      const x = BigInt(v as number | bigint);
      this.sum = (this.sum as bigint) - x;
      this.sumSquares = (this.sumSquares as bigint) - x * x;
    } else {
      const x = v as number;
      this.sum = (this.sum as number) - x;
      this.sumSquares = (this.sumSquares as number) - x * x;
    }
  }
  merge(o: Accumulator): void {
    const b = o as SumOfSquaresVarianceAccumulator;
    this.n += b.n;
    this.sum = typeof this.sum === 'bigint' ? this.sum + (b.sum as bigint) : this.sum + (b.sum as number);
    this.sumSquares = typeof this.sumSquares === 'bigint' ? this.sumSquares + (b.sumSquares as bigint) : this.sumSquares + (b.sumSquares as number);
  }
  result(): unknown {
    const sample = this.kind === 'VAR_SAMP' || this.kind === 'STDDEV_SAMP';
    if (this.n === 0 || (sample && this.n === 1)) return null;
    const divisor = sample ? this.n - 1 : this.n;
    const stddev = this.kind.startsWith('STDDEV');
    if (!this.integerBits) {
      const sum = this.sum as number;
      const variance = ((this.sumSquares as number) - (sum * sum) / this.n) / divisor;
      return stddev ? Math.pow(variance, 0.5) : variance;
    }
    const sum = this.sum as bigint;
    const variance = ((this.sumSquares as bigint) - (sum * sum) / BigInt(this.n)) / BigInt(divisor);
    const value = stddev ? BigInt(Math.trunc(Math.pow(Number(variance), 0.5))) : variance;
    const wrapped = BigInt.asIntN(this.integerBits, value);
    return this.integerBits === 64 ? wrapped : Number(wrapped);
  }
  snapshot(): unknown {
    return [this.n, String(this.sum), String(this.sumSquares)];
  }
  restore(s: unknown): void {
    const [n, sum, sumSquares] = s as [number, string, string];
    this.n = n;
    this.sum = this.integerBits ? BigInt(sum) : Number(sum);
    this.sumSquares = this.integerBits ? BigInt(sumSquares) : Number(sumSquares);
  }
  isEmpty(): boolean {
    return this.n === 0;
  }
}

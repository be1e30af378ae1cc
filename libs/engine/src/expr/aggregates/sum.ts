import { Decimal } from '../../types/decimal';
import type { Accumulator } from './accumulator';

/**
 * SUM over numbers (INT-like and DOUBLE). Integers are summed exactly: in a double while the sum
 * is a safe integer, then in a bigint. `wrapBits` (32 for Flink SUM(INT) -> INT) wraps the result
 * the way Java's int arithmetic does; `asBigInt` returns a bigint (BIGINT result).
 */
export class NumberSumAccumulator implements Accumulator {
  private sum = 0;
  private big: bigint | undefined;
  private count = 0;
  constructor(
    private readonly integral: boolean,
    private readonly asBigInt: boolean,
    private readonly wrapBits?: 32 | 16 | 8,
  ) {}
  add(v: unknown): void {
    if (v === null) return;
    this.count++;
    if (this.big !== undefined) {
      this.big += BigInt(v as number);
      return;
    }
    const next = this.sum + (v as number);
    // Leave doubles before they stop being exact: the rest of the sum is kept in a bigint.
    if (this.integral && !Number.isSafeInteger(next)) this.big = BigInt(this.sum) + BigInt(v as number);
    else this.sum = next;
  }
  retract(v: unknown): void {
    if (v === null) return;
    this.count--;
    if (this.big !== undefined) this.big -= BigInt(v as number);
    else this.sum -= v as number;
  }
  merge(o: Accumulator): void {
    const other = o as NumberSumAccumulator;
    this.count += other.count;
    if (this.big !== undefined || other.big !== undefined) {
      this.big = this.exact() + other.exact();
      this.sum = 0;
    } else this.sum += other.sum;
  }
  private exact(): bigint {
    return this.big ?? BigInt(this.sum);
  }
  result(): unknown {
    return numberSumResult(this.sum, this.big, this.count, this.integral, this.asBigInt, this.wrapBits);
  }
  snapshot(): unknown {
    return [this.sum, this.big === undefined ? null : this.big.toString(), this.count];
  }
  restore(s: unknown): void {
    const [sum, big, count] = s as [number, string | null, number];
    this.sum = sum;
    this.big = big === null ? undefined : BigInt(big);
    this.count = count;
  }
  isEmpty(): boolean {
    return this.count === 0;
  }
}

/** NumberSumAccumulator's result from its state; shared with the batch NumberSumGroups. */
export function numberSumResult(sum: number, big: bigint | undefined, count: number, integral: boolean, asBigInt: boolean, wrapBits?: 32 | 16 | 8): unknown {
  if (count === 0) return null;
  if (!integral) return sum;
  if (asBigInt) return BigInt.asIntN(64, big ?? BigInt(sum));
  const n = big !== undefined ? Number(BigInt.asIntN(wrapBits ?? 32, big)) : sum;
  if (wrapBits === 32) return n | 0;
  if (wrapBits === 16) return (n << 16) >> 16;
  if (wrapBits === 8) return (n << 24) >> 24;
  return n;
}

/** SUM over BIGINT values (bigints), wrapping to 64 bits like Java's long. */
export class BigIntSumAccumulator implements Accumulator {
  private sum = 0n;
  private count = 0;
  add(v: unknown): void {
    if (v === null) return;
    this.count++;
    this.sum += v as bigint;
  }
  retract(v: unknown): void {
    if (v === null) return;
    this.count--;
    this.sum -= v as bigint;
  }
  merge(o: Accumulator): void {
    const other = o as BigIntSumAccumulator;
    this.sum += other.sum;
    this.count += other.count;
  }
  /** The exact (unwrapped) sum, for AVG and DECIMAL results. */
  exact(): bigint {
    return this.sum;
  }
  rows(): number {
    return this.count;
  }
  result(): unknown {
    return this.count === 0 ? null : BigInt.asIntN(64, this.sum);
  }
  snapshot(): unknown {
    return [this.sum.toString(), this.count];
  }
  restore(s: unknown): void {
    const [sum, count] = s as [string, number];
    this.sum = BigInt(sum);
    this.count = count;
  }
  isEmpty(): boolean {
    return this.count === 0;
  }
}

/** SUM over DECIMAL; the result is rescaled to the result type's scale, NULL on overflow (both dialects' default). */
export class DecimalSumAccumulator implements Accumulator {
  private sum = Decimal.ZERO;
  private count = 0;
  constructor(
    private readonly precision: number,
    private readonly scale: number,
  ) {}
  add(v: unknown): void {
    if (v === null) return;
    this.count++;
    this.sum = this.sum.add(v as Decimal);
  }
  retract(v: unknown): void {
    if (v === null) return;
    this.count--;
    this.sum = this.sum.subtract(v as Decimal);
  }
  merge(o: Accumulator): void {
    const other = o as DecimalSumAccumulator;
    this.sum = this.sum.add(other.sum);
    this.count += other.count;
  }
  total(): Decimal {
    return this.sum;
  }
  rows(): number {
    return this.count;
  }
  result(): unknown {
    if (this.count === 0) return null;
    const r = this.sum.rescale(this.scale);
    return r.fits(this.precision) ? r : null;
  }
  snapshot(): unknown {
    return [this.sum.unscaled.toString(), this.sum.scale, this.count];
  }
  restore(s: unknown): void {
    const [u, sc, count] = s as [string, number, number];
    this.sum = new Decimal(BigInt(u), sc);
    this.count = count;
  }
  isEmpty(): boolean {
    return this.count === 0;
  }
}

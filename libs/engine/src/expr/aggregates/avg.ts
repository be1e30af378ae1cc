import { Decimal } from '../../types/decimal';
import type { Accumulator } from './accumulator';

/** How AVG's result is produced from (sum, count), per dialect and input type. */
export type AvgResult =
  | { readonly kind: 'double' } // Spark AVG(int/double), Flink AVG(DOUBLE)
  | { readonly kind: 'truncatedInt'; readonly bigint: boolean } // Flink AVG(INT) -> INT, AVG(BIGINT) -> BIGINT
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number };

/** AVG over numbers, bigints or decimals; sums exactly, divides once at the end. */
export class AvgAccumulator implements Accumulator {
  private sumNumber = 0;
  private sumExact: bigint | Decimal | undefined;
  private count = 0;
  constructor(
    private readonly input: 'number' | 'bigint' | 'decimal',
    private readonly out: AvgResult,
  ) {}
  add(v: unknown): void {
    if (v === null) return;
    this.count++;
    if (this.input === 'number') this.sumNumber += v as number;
    else if (this.input === 'bigint') this.sumExact = ((this.sumExact as bigint | undefined) ?? 0n) + (v as bigint);
    else this.sumExact = ((this.sumExact as Decimal | undefined) ?? Decimal.ZERO).add(v as Decimal);
  }
  retract(v: unknown): void {
    if (v === null) return;
    this.count--;
    if (this.input === 'number') this.sumNumber -= v as number;
    else if (this.input === 'bigint') this.sumExact = (this.sumExact as bigint) - (v as bigint);
    else this.sumExact = (this.sumExact as Decimal).subtract(v as Decimal);
  }
  merge(o: Accumulator): void {
    const other = o as AvgAccumulator;
    this.count += other.count;
    this.sumNumber += other.sumNumber;
    if (other.sumExact !== undefined) {
      if (this.input === 'bigint') this.sumExact = ((this.sumExact as bigint | undefined) ?? 0n) + (other.sumExact as bigint);
      else this.sumExact = ((this.sumExact as Decimal | undefined) ?? Decimal.ZERO).add(other.sumExact as Decimal);
    }
  }
  result(): unknown {
    if (this.count === 0) return null;
    const out = this.out;
    if (this.input === 'number' && out.kind !== 'decimal') return numberAvgResult(this.sumNumber, this.count, out);
    if (out.kind === 'double') {
      if (this.input === 'bigint') return Number(this.sumExact as bigint) / this.count;
      return (this.sumExact as Decimal).toNumber() / this.count;
    }
    if (out.kind === 'truncatedInt') {
      const sum = this.input === 'bigint' ? (this.sumExact as bigint) : BigInt(this.sumNumber);
      const q = sum / BigInt(this.count); // truncates toward zero, like Java
      return out.bigint ? BigInt.asIntN(64, q) : Number(BigInt.asIntN(32, q));
    }
    const sum =
      this.input === 'decimal'
        ? (this.sumExact as Decimal)
        : this.input === 'bigint'
          ? Decimal.fromBigInt(this.sumExact as bigint)
          : (Decimal.fromNumber(this.sumNumber) ?? Decimal.ZERO);
    const r = sum.divide(Decimal.fromBigInt(BigInt(this.count)), out.scale)!;
    return r.fits(out.precision) ? r : null;
  }
  snapshot(): unknown {
    const exact = this.sumExact === undefined ? null : this.sumExact instanceof Decimal ? [this.sumExact.unscaled.toString(), this.sumExact.scale] : this.sumExact.toString();
    return [this.sumNumber, exact, this.count];
  }
  restore(s: unknown): void {
    const [n, exact, count] = s as [number, string | [string, number] | null, number];
    this.sumNumber = n;
    this.count = count;
    this.sumExact = exact === null ? undefined : Array.isArray(exact) ? new Decimal(BigInt(exact[0]), exact[1]) : BigInt(exact);
  }
  isEmpty(): boolean {
    return this.count === 0;
  }
}

/** AVG of plain numbers from (sum, count); shared with the batch NumberAvgGroups. */
export function numberAvgResult(sum: number, count: number, out: AvgResult & { kind: 'double' | 'truncatedInt' }): unknown {
  if (count === 0) return null;
  if (out.kind === 'double') return sum / count;
  const q = BigInt(sum) / BigInt(count); // truncates toward zero, like Java
  return out.bigint ? BigInt.asIntN(64, q) : Number(BigInt.asIntN(32, q));
}

import type { Accumulator } from './accumulator';

/** COUNT(x): non-null values; COUNT(*) passes a non-null marker for every row. Result BIGINT. */
export class CountAccumulator implements Accumulator {
  private n = 0;
  add(v: unknown): void {
    if (v !== null) this.n++;
  }
  retract(v: unknown): void {
    if (v !== null) this.n--;
  }
  merge(o: Accumulator): void {
    this.n += (o as CountAccumulator).n;
  }
  result(): unknown {
    return BigInt(this.n);
  }
  snapshot(): unknown {
    return this.n;
  }
  restore(s: unknown): void {
    this.n = s as number;
  }
  isEmpty(): boolean {
    return this.n === 0;
  }
}

import { InternalError } from '@sluice/contracts';
import type { Comparator } from '../../types/values';
import type { Accumulator } from './accumulator';

/**
 * MIN / MAX. Append-only input keeps one value; retraction (streaming changelog) needs every
 * value, so a sorted multiset is kept lazily, only once the first retract arrives.
 */
export class MinMaxAccumulator implements Accumulator {
  private best: unknown = null;
  private values: Map<unknown, { value: unknown; n: number }> | undefined;
  private count = 0;
  constructor(
    private readonly compare: Comparator,
    private readonly isMax: boolean,
    private readonly keyOf: (v: unknown) => unknown,
  ) {}
  add(v: unknown): void {
    if (v === null) return;
    this.count++;
    if (this.values) this.remember(v, 1);
    if (this.best === null) this.best = v;
    else {
      const c = this.compare(v, this.best);
      if (this.isMax ? c > 0 : c < 0) this.best = v;
    }
  }
  retract(v: unknown): void {
    if (v === null) return;
    if (!this.values) throw new InternalError('MIN/MAX retraction without kept history (keepHistory() was not called)');
    this.count--;
    this.remember(v, -1);
    this.best = null;
    for (const { value } of this.values.values()) {
      if (this.best === null) this.best = value;
      else {
        const c = this.compare(value, this.best);
        if (this.isMax ? c > 0 : c < 0) this.best = value;
      }
    }
  }
  /** Streaming operators call this before the first add so retractions can be served. */
  keepHistory(): void {
    this.values ??= new Map();
  }
  private remember(v: unknown, delta: number): void {
    const k = this.keyOf(v);
    const e = this.values!.get(k);
    if (e) {
      e.n += delta;
      if (e.n <= 0) this.values!.delete(k);
    } else if (delta > 0) this.values!.set(k, { value: v, n: delta });
  }
  merge(o: Accumulator): void {
    const other = o as MinMaxAccumulator;
    if (other.best !== null) {
      this.count += other.count;
      if (this.best === null) this.best = other.best;
      else {
        const c = this.compare(other.best, this.best);
        if (this.isMax ? c > 0 : c < 0) this.best = other.best;
      }
    }
  }
  result(): unknown {
    return this.best;
  }
  snapshot(): unknown {
    return [this.best, this.count, this.values ? [...this.values.values()].map((e) => [e.value, e.n]) : null];
  }
  restore(s: unknown): void {
    const [best, count, values] = s as [unknown, number, [unknown, number][] | null];
    this.best = best;
    this.count = count;
    this.values = values ? new Map(values.map(([v, n]) => [this.keyOf(v), { value: v, n }])) : undefined;
  }
  isEmpty(): boolean {
    return this.count === 0;
  }
}

import type { Accumulator } from './accumulator';

/** AGG(DISTINCT x): forwards a value to the inner accumulator only on its first occurrence. */
export class DistinctAccumulator implements Accumulator {
  private readonly seen = new Map<unknown, { value: unknown; n: number }>();
  constructor(
    private readonly inner: Accumulator,
    private readonly keyOf: (v: unknown) => unknown,
  ) {}
  add(v: unknown): void {
    if (v === null) return;
    const k = this.keyOf(v);
    const e = this.seen.get(k);
    if (e) e.n++;
    else {
      this.seen.set(k, { value: v, n: 1 });
      this.inner.add(v);
    }
  }
  retract(v: unknown): void {
    if (v === null) return;
    const k = this.keyOf(v);
    const e = this.seen.get(k);
    if (!e) return;
    if (--e.n === 0) {
      this.seen.delete(k);
      this.inner.retract(v);
    }
  }
  merge(o: Accumulator): void {
    for (const { value, n } of (o as DistinctAccumulator).seen.values()) {
      const k = this.keyOf(value);
      const e = this.seen.get(k);
      if (e) e.n += n;
      else {
        this.seen.set(k, { value, n });
        this.inner.add(value);
      }
    }
  }
  result(): unknown {
    return this.inner.result();
  }
  snapshot(): unknown {
    return [[...this.seen.values()].map((e) => [e.value, e.n]), this.inner.snapshot()];
  }
  restore(s: unknown): void {
    const [entries, inner] = s as [[unknown, number][], unknown];
    this.seen.clear();
    for (const [value, n] of entries) this.seen.set(this.keyOf(value), { value, n });
    this.inner.restore(inner);
  }
  isEmpty(): boolean {
    return this.seen.size === 0;
  }
}

import { InternalError } from '@sluice/contracts';
import type { Accumulator } from './accumulator';

/** FIRST_VALUE / LAST_VALUE (Flink) and first / last (Spark), optionally ignoring NULLs. */
export class FirstLastAccumulator implements Accumulator {
  private value: unknown = null;
  private seen = false;
  private rows = 0;
  constructor(
    private readonly last: boolean,
    private readonly ignoreNulls: boolean,
  ) {}
  add(v: unknown): void {
    this.rows++;
    if (v === null && this.ignoreNulls) return;
    if (this.last || !this.seen) {
      this.value = v;
      this.seen = true;
    }
  }
  retract(_v: unknown): void {
    throw new InternalError('FIRST_VALUE/LAST_VALUE over an updating input is not retractable');
  }
  merge(o: Accumulator): void {
    const other = o as FirstLastAccumulator;
    this.rows += other.rows;
    if (!other.seen) return;
    if (this.last || !this.seen) {
      this.value = other.value;
      this.seen = true;
    }
  }
  result(): unknown {
    return this.value;
  }
  snapshot(): unknown {
    return [this.value, this.seen, this.rows];
  }
  restore(s: unknown): void {
    [this.value, this.seen, this.rows] = s as [unknown, boolean, number];
  }
  isEmpty(): boolean {
    return this.rows === 0;
  }
}

/** BOOL_AND / EVERY and BOOL_OR / ANY / SOME, counting so that retraction is exact. */
export class BoolAccumulator implements Accumulator {
  private trues = 0;
  private falses = 0;
  constructor(private readonly isAnd: boolean) {}
  add(v: unknown): void {
    if (v === true) this.trues++;
    else if (v === false) this.falses++;
  }
  retract(v: unknown): void {
    if (v === true) this.trues--;
    else if (v === false) this.falses--;
  }
  merge(o: Accumulator): void {
    const other = o as BoolAccumulator;
    this.trues += other.trues;
    this.falses += other.falses;
  }
  result(): unknown {
    if (this.trues + this.falses === 0) return null;
    return this.isAnd ? this.falses === 0 : this.trues > 0;
  }
  snapshot(): unknown {
    return [this.trues, this.falses];
  }
  restore(s: unknown): void {
    [this.trues, this.falses] = s as [number, number];
  }
  isEmpty(): boolean {
    return this.trues + this.falses === 0;
  }
}

/** COLLECT_LIST / COLLECT_SET (Spark, ARRAY result) and LISTAGG (Flink, STRING result). */
export class CollectAccumulator implements Accumulator {
  private items: unknown[] = [];
  constructor(
    private readonly mode: 'list' | 'set' | 'listagg',
    private readonly keyOf: (v: unknown) => unknown,
    private readonly separator = ',',
  ) {}
  add(v: unknown): void {
    if (v === null) return;
    if (this.mode === 'set' && this.items.some((x) => this.keyOf(x) === this.keyOf(v))) return;
    this.items.push(v);
  }
  retract(v: unknown): void {
    const k = this.keyOf(v);
    const i = this.items.findIndex((x) => this.keyOf(x) === k);
    if (i >= 0) this.items.splice(i, 1);
  }
  merge(o: Accumulator): void {
    for (const v of (o as CollectAccumulator).items) this.add(v);
  }
  result(): unknown {
    if (this.mode === 'listagg') return this.items.length === 0 ? null : this.items.join(this.separator);
    return [...this.items];
  }
  snapshot(): unknown {
    return this.items;
  }
  restore(s: unknown): void {
    this.items = [...(s as unknown[])];
  }
  isEmpty(): boolean {
    return this.items.length === 0;
  }
}

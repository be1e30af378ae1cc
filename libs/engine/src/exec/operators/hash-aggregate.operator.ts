import type { Accumulator, AccumulatorFactory } from '../../expr/aggregates/accumulator';
import type { CompiledExpr } from '../../expr/compile-expr';
import { compositeKeyOf, groupKeyOf, type Row, type RowKind } from '../../types/values';
import type { RowSink } from '../row-sink';

export interface CompiledAggregate {
  readonly create: AccumulatorFactory;
  /** Argument value per row; COUNT(*) yields a constant non-null marker. */
  readonly arg: CompiledExpr;
  readonly filter?: CompiledExpr;
}

interface Group {
  readonly keys: unknown[];
  readonly accs: Accumulator[];
}

/**
 * Batch GROUP BY: one pass building a hash table of groups, results emitted at end of input.
 * Output row = keys ++ [grouping id] ++ aggregate results. With grouping sets, each input row
 * is folded into one group per set, keys outside the set being NULL.
 */
export class HashAggregateOperator implements RowSink {
  private readonly groups = new Map<unknown, Group>();
  private readonly setMasks: { keep: boolean[]; id: bigint }[] | undefined;

  constructor(
    private readonly keys: readonly CompiledExpr[],
    private readonly aggregates: readonly CompiledAggregate[],
    groupingSets: readonly (readonly number[])[] | undefined,
    private readonly out: RowSink,
  ) {
    this.setMasks = groupingSets?.map((set) => {
      const keep = keys.map((_, i) => set.includes(i));
      let id = 0n;
      keep.forEach((k, i) => {
        if (!k) id |= 1n << BigInt(keys.length - 1 - i);
      });
      return { keep, id };
    });
  }

  push(row: Row, _kind: RowKind): void {
    const keys = this.keys;
    if (keys.length === 1 && !this.setMasks) {
      // Hot path (one key, no grouping sets): no per-row key array.
      const v = keys[0](row);
      const key = v === null || typeof v !== 'object' ? v : groupKeyOf(v);
      let g = this.groups.get(key);
      if (g === undefined) g = this.groupFor(key, [v]);
      this.fold(g, row);
      return;
    }
    const values = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) values[i] = keys[i](row);
    if (!this.setMasks) {
      this.fold(this.groupFor(values.length === 1 ? groupKeyOf(values[0]) : compositeKeyOf(values), values), row);
      return;
    }
    for (let s = 0; s < this.setMasks.length; s++) {
      const { keep, id } = this.setMasks[s];
      const masked = values.map((v, i) => (keep[i] ? v : null));
      this.fold(this.groupFor(compositeKeyOf([...masked, id]), [...masked, id]), row);
    }
  }

  private groupFor(key: unknown, keyValues: unknown[]): Group {
    let g = this.groups.get(key);
    if (!g) {
      g = { keys: keyValues, accs: this.aggregates.map((a) => a.create()) };
      this.groups.set(key, g);
    }
    return g;
  }

  private fold(g: Group, row: Row): void {
    const aggs = this.aggregates;
    for (let i = 0; i < aggs.length; i++) {
      const a = aggs[i];
      if (a.filter && a.filter(row) !== true) continue;
      g.accs[i].add(a.arg(row));
    }
  }

  end(): void {
    // A global aggregate (no GROUP BY) over no rows still yields one row: COUNT(*) = 0.
    if (this.groups.size === 0 && this.keys.length === 0 && !this.setMasks) this.groupFor(0, []);
    if (this.groups.size === 0 && this.setMasks?.some((m) => m.keep.every((k) => !k))) {
      const empty = this.setMasks.find((m) => m.keep.every((k) => !k))!;
      this.groupFor('empty', [...this.keys.map(() => null), empty.id]);
    }
    for (const g of this.groups.values()) {
      const row = new Array(g.keys.length + g.accs.length);
      for (let i = 0; i < g.keys.length; i++) row[i] = g.keys[i];
      for (let i = 0; i < g.accs.length; i++) row[g.keys.length + i] = g.accs[i].result();
      this.out.push(row, '+I');
    }
    this.out.end();
  }
}

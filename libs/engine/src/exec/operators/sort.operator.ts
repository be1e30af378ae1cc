import type { CompiledExpr } from '../../expr/compile-expr';
import type { Comparator, Row, RowKind } from '../../types/values';
import type { RowSink } from '../row-sink';

export interface CompiledSortKey {
  readonly value: CompiledExpr;
  readonly compare: Comparator;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

/** Full sort at end of input (batch ORDER BY); stable, so equal keys keep arrival order. */
export class SortOperator implements RowSink {
  private readonly rows: Row[] = [];
  constructor(
    private readonly keys: readonly CompiledSortKey[],
    private readonly out: RowSink,
  ) {}
  push(row: Row, _kind: RowKind): void {
    this.rows.push(row);
  }
  end(): void {
    const decorated = this.rows.map((row) => ({ row, k: this.keys.map((key) => key.value(row)) }));
    const cmp = rowComparator(this.keys);
    decorated.sort((a, b) => cmp(a.k, b.k));
    for (const d of decorated) this.out.push(d.row, '+I');
    this.out.end();
  }
}

/** Compares precomputed key tuples with per-key direction and NULL placement. */
export function rowComparator(keys: readonly Omit<CompiledSortKey, 'value'>[]): (a: unknown[], b: unknown[]) => number {
  return (a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const x = a[i];
      const y = b[i];
      if (x === null || y === null) {
        if (x === y) continue;
        // NULLS FIRST/LAST is about output position, independent of ASC/DESC.
        return (x === null) === keys[i].nullsFirst ? -1 : 1;
      }
      const c = keys[i].compare(x, y);
      if (c !== 0) return keys[i].descending ? -c : c;
    }
    return 0;
  };
}

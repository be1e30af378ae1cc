import { compositeKeyOf, type Row, type RowKind } from '../../types/values';
import type { RowSink } from '../row-sink';

/**
 * UNION [ALL] / INTERSECT [ALL] / EXCEPT [ALL] with SQL multiset semantics; NULLs compare equal
 * here (set operations use IS NOT DISTINCT FROM). UNION ALL streams; the others buffer.
 */
export class SetOpOperator {
  readonly left: RowSink;
  readonly right: RowSink;
  private pending = 2;
  private readonly counts = new Map<unknown, { row: Row; left: number; right: number }>();
  private readonly order: unknown[] = [];

  constructor(
    private readonly op: 'UNION' | 'INTERSECT' | 'EXCEPT',
    private readonly all: boolean,
    private readonly out: RowSink,
  ) {
    this.left = this.port('left');
    this.right = this.port('right');
  }

  private port(side: 'left' | 'right'): RowSink {
    return {
      push: (row: Row, kind: RowKind) => {
        if (this.op === 'UNION' && this.all) return this.out.push(row, kind);
        const key = compositeKeyOf(row);
        let e = this.counts.get(key);
        if (!e) {
          e = { row, left: 0, right: 0 };
          this.counts.set(key, e);
          this.order.push(key);
        }
        e[side]++;
      },
      end: () => {
        if (--this.pending === 0) this.finish();
      },
    };
  }

  private finish(): void {
    for (const key of this.order) {
      const { row, left, right } = this.counts.get(key)!;
      let n: number;
      if (this.op === 'UNION') n = 1;
      else if (this.op === 'INTERSECT') n = this.all ? Math.min(left, right) : left > 0 && right > 0 ? 1 : 0;
      else n = this.all ? Math.max(0, left - right) : left > 0 && right === 0 ? 1 : 0;
      for (let i = 0; i < n; i++) this.out.push(row, '+I');
    }
    this.out.end();
  }
}

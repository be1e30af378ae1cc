import type { CompiledExpr } from '../../expr/compile-expr';
import type { Row, RowKind } from '../../types/values';
import type { RowSink } from '../row-sink';

/** WHERE / HAVING: forwards rows whose predicate is TRUE (NULL and FALSE drop the row). */
export class FilterOperator implements RowSink {
  constructor(
    private readonly predicate: CompiledExpr,
    private readonly out: RowSink,
  ) {}
  push(row: Row, kind: RowKind): void {
    if (this.predicate(row) === true) this.out.push(row, kind);
  }
  watermark(timeMs: number): void {
    this.out.watermark?.(timeMs);
  }
  end(): void {
    this.out.end();
  }
}

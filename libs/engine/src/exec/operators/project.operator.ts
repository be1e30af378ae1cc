import type { CompiledExpr } from '../../expr/compile-expr';
import type { Row, RowKind } from '../../types/values';
import type { RowSink } from '../row-sink';

/** SELECT list: computes a new row per input row. */
export class ProjectOperator implements RowSink {
  private readonly n: number;
  constructor(
    private readonly exprs: readonly CompiledExpr[],
    private readonly out: RowSink,
  ) {
    this.n = exprs.length;
  }
  push(row: Row, kind: RowKind): void {
    const exprs = this.exprs;
    const next = new Array(this.n);
    for (let i = 0; i < this.n; i++) next[i] = exprs[i](row);
    this.out.push(next, kind);
  }
  watermark(timeMs: number): void {
    this.out.watermark?.(timeMs);
  }
  end(): void {
    this.out.end();
  }
}

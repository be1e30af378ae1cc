import type { CompiledExpr } from '../../../expr/compile-expr';
import type { Row, RowKind } from '../../../types/values';
import type { RowSink } from '../../row-sink';

/** Synchronous point lookups into a dimension table, by the values of its key columns. */
export interface LookupFunction {
  lookup(keys: readonly unknown[]): readonly Row[];
}

/**
 * Processing-time lookup join (`JOIN dim FOR SYSTEM_TIME AS OF s.proc_time`): each stream row
 * is joined with the dimension rows current at that moment; the dimension side keeps no state
 * in the operator (the lookup source may cache). LEFT joins pad a miss with NULLs.
 */
export class LookupJoinOperator implements RowSink {
  constructor(
    private readonly leftKeys: readonly CompiledExpr[],
    private readonly lookup: LookupFunction,
    private readonly residual: CompiledExpr | undefined,
    private readonly outer: boolean,
    private readonly rightWidth: number,
    private readonly out: RowSink,
  ) {}

  push(row: Row, kind: RowKind): void {
    const keys = this.leftKeys.map((k) => k(row));
    let matched = false;
    if (!keys.some((k) => k === null)) {
      for (const dim of this.lookup.lookup(keys)) {
        const joined = row.concat(dim);
        if (this.residual && this.residual(joined) !== true) continue;
        matched = true;
        this.out.push(joined, kind);
      }
    }
    if (!matched && this.outer) this.out.push(row.concat(new Array(this.rightWidth).fill(null)), kind);
  }

  watermark(timeMs: number): void {
    this.out.watermark?.(timeMs);
  }

  end(): void {
    this.out.end();
  }
}

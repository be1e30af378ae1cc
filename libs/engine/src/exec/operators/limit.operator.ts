import type { Row, RowKind } from '../../types/values';
import type { RowSink } from '../row-sink';

/** LIMIT n OFFSET m over an ordered (or arbitrary) batch input. */
export class LimitOperator implements RowSink {
  private seen = 0;
  private ended = false;
  constructor(
    private readonly limit: number | undefined,
    private readonly offset: number,
    private readonly out: RowSink,
  ) {}
  push(row: Row, kind: RowKind): void {
    const i = this.seen++;
    if (i < this.offset) return;
    if (this.limit !== undefined && i >= this.offset + this.limit) return;
    this.out.push(row, kind);
  }
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.out.end();
  }
}

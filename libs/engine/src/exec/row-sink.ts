import type { Row, RowKind } from '../types/values';

/**
 * Push interface between operators (Flink's Output). Batch and streaming share it: batch only
 * sends '+I' rows and an end; streaming adds changelog kinds and watermarks.
 */
export interface RowSink {
  push(row: Row, kind: RowKind): void;
  /** Optional: a whole batch of rows of one kind (batch scans), saving a call per row. */
  pushBatch?(rows: readonly Row[], kind: RowKind): void;
  /** Event-time progress: no row with a smaller rowtime will follow (streaming only). */
  watermark?(timeMs: number): void;
  /** No more rows from this input. */
  end(): void;
}

/** Collects everything pushed into it (results of bare SELECTs, subqueries). */
export class CollectingSink implements RowSink {
  readonly rows: Row[] = [];
  readonly kinds: RowKind[] = [];
  ended = false;
  push(row: Row, kind: RowKind): void {
    this.rows.push(row);
    this.kinds.push(kind);
  }
  end(): void {
    this.ended = true;
  }
}

import type { Row, RowKind } from '../../../types/values';
import type { RowSink } from '../../row-sink';
import type { WindowAssigner } from './window-assigner';

/**
 * TUMBLE / HOP / CUMULATE table function: appends window_start, window_end, window_time to each
 * row, once per window the row falls into. Stateless; NULL time values produce no row (Flink).
 */
export class WindowTvfOperator implements RowSink {
  constructor(
    private readonly timeIndex: number,
    private readonly assign: WindowAssigner,
    private readonly out: RowSink,
  ) {}
  push(row: Row, kind: RowKind): void {
    const ts = row[this.timeIndex];
    if (ts === null) return;
    const n = row.length;
    for (const [start, end] of this.assign(ts as number)) {
      const out = new Array(n + 3);
      for (let i = 0; i < n; i++) out[i] = row[i];
      out[n] = start;
      out[n + 1] = end;
      out[n + 2] = end - 1;
      this.out.push(out, kind);
    }
  }
  watermark(timeMs: number): void {
    this.out.watermark?.(timeMs);
  }
  end(): void {
    this.out.end();
  }
}

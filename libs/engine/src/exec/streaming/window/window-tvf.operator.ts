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
    for (const [start, end] of this.assign(ts as number)) this.out.push([...row, start, end, end - 1], kind);
  }
  watermark(timeMs: number): void {
    this.out.watermark?.(timeMs);
  }
  end(): void {
    this.out.end();
  }
}

import type { Row, RowKind } from '../../types/values';
import type { RowSink } from '../row-sink';

/**
 * UNION ALL of streams: rows pass through; the output watermark is the minimum of the inputs'
 * (Flink's StatusWatermarkValve), so no input's late data is misjudged downstream.
 */
export class UnionOperator {
  private readonly watermarks: number[];
  private pending: number;
  private emitted = -Infinity;
  readonly inputs: RowSink[];

  constructor(
    inputCount: number,
    private readonly out: RowSink,
  ) {
    this.watermarks = new Array(inputCount).fill(-Infinity);
    this.pending = inputCount;
    this.inputs = this.watermarks.map((_, i) => ({
      push: (row: Row, kind: RowKind) => this.out.push(row, kind),
      watermark: (t: number) => this.onWatermark(i, t),
      end: () => {
        this.onWatermark(i, Infinity);
        if (--this.pending === 0) this.out.end();
      },
    }));
  }

  private onWatermark(input: number, t: number): void {
    if (t <= this.watermarks[input]) return;
    this.watermarks[input] = t;
    const min = Math.min(...this.watermarks);
    if (min > this.emitted) {
      this.emitted = min;
      this.out.watermark?.(min);
    }
  }
}

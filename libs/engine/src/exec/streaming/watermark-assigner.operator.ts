import type { CompiledExpr } from '../../expr/compile-expr';
import type { Checkpointable } from '../../state/snapshot';
import type { Row, RowKind } from '../../types/values';
import type { RowSink } from '../row-sink';

/**
 * Bounded out-of-orderness watermarks per source partition (Flink's
 * BoundedOutOfOrdernessWatermarks + WatermarksWithIdleness): each partition's watermark is the
 * largest `WATERMARK ... AS expr` value seen; the operator emits the minimum over partitions that
 * are not idle, whenever it advances. The source driver sets `partition` before pushing a row.
 */
export class WatermarkAssignerOperator implements RowSink, Checkpointable {
  partition = 0;
  private readonly perPartition = new Map<number, number>();
  private readonly idle = new Set<number>();
  private emitted = -Infinity;

  constructor(
    private readonly watermarkOf: CompiledExpr,
    private readonly out: RowSink,
  ) {}

  /** Declares the partitions of the source so that a silent one holds the watermark back. */
  registerPartitions(count: number): void {
    for (let p = 0; p < count; p++) if (!this.perPartition.has(p)) this.perPartition.set(p, -Infinity);
  }

  get currentWatermark(): number {
    return this.emitted;
  }

  push(row: Row, kind: RowKind): void {
    this.out.push(row, kind);
    const w = this.watermarkOf(row) as number | null;
    if (this.idle.size > 0) this.idle.delete(this.partition);
    const previous = this.perPartition.get(this.partition);
    if (w === null || (previous !== undefined && w <= previous)) return;
    this.perPartition.set(this.partition, w);
    // One partition (files, single-partition topics): its watermark is the output watermark.
    if (this.perPartition.size === 1 && this.idle.size === 0) {
      if (w > this.emitted) {
        this.emitted = w;
        this.out.watermark?.(w);
      }
      return;
    }
    this.advance();
  }

  /** An idle partition (no data for scan.watermark.idle-timeout) no longer holds the watermark back. */
  markIdle(partition: number): void {
    this.idle.add(partition);
    this.advance();
  }

  private advance(): void {
    let min = Infinity;
    let active = 0;
    for (const [p, w] of this.perPartition) {
      if (this.idle.has(p)) continue;
      active++;
      if (w < min) min = w;
    }
    if (active === 0 || min === Infinity || min <= this.emitted) return;
    this.emitted = min;
    this.out.watermark?.(min);
  }

  watermark(timeMs: number): void {
    // End of a bounded input: +Infinity fires everything downstream.
    if (timeMs > this.emitted) {
      this.emitted = timeMs;
      this.out.watermark?.(timeMs);
    }
  }

  end(): void {
    this.watermark(Infinity);
    this.out.end();
  }

  snapshot(): unknown {
    return { partitions: [...this.perPartition], emitted: this.emitted };
  }
  restore(state: unknown): void {
    const s = state as { partitions: [number, number][]; emitted: number };
    this.perPartition.clear();
    for (const [p, w] of s.partitions) this.perPartition.set(p, w);
    this.emitted = s.emitted;
  }
}

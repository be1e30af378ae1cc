import type { Schema } from '../../catalog/schema';
import type { BoundExpr } from '../../expr/bound-expr';

/**
 * WATERMARK FOR col AS expr of a scanned table: in streaming mode the assigner tracks the largest
 * `expr` seen per source partition and emits the minimum over partitions as the watermark.
 * Rows pass through unchanged; in batch mode it is a no-op.
 */
export interface WatermarkNode {
  readonly kind: 'watermark';
  readonly input: import('./logical-plan').LogicalPlan;
  readonly rowtimeIndex: number;
  readonly expr: BoundExpr;
  /** Table option scan.watermark.idle-timeout / table.exec.source.idle-timeout, ms (0 = never idle). */
  readonly idleTimeoutMs: number;
  readonly tableName: string;
  readonly schema: Schema;
}

import type { Schema } from '../../catalog/schema';
import type { BoundExpr } from '../../expr/bound-expr';

/**
 * Window table-valued functions (Flink's TUMBLE / HOP / CUMULATE / SESSION): the input rows
 * plus window_start, window_end and window_time (= window_end - 1 ms, a rowtime attribute).
 * Sizes are in milliseconds. SESSION windows depend on neighbouring rows and are assigned by
 * the window aggregation that follows them.
 */
export interface WindowTvfNode {
  readonly kind: 'windowTvf';
  readonly input: import('./logical-plan').LogicalPlan;
  readonly window: WindowSpec;
  /** Index of the time attribute column in the input. */
  readonly timeIndex: number;
  readonly schema: Schema;
}

export type WindowSpec =
  | { readonly kind: 'TUMBLE'; readonly sizeMs: number; readonly offsetMs: number }
  | { readonly kind: 'HOP'; readonly sizeMs: number; readonly slideMs: number; readonly offsetMs: number }
  | { readonly kind: 'CUMULATE'; readonly maxSizeMs: number; readonly stepMs: number; readonly offsetMs: number }
  | { readonly kind: 'SESSION'; readonly gapMs: number; readonly partitionKeys: readonly BoundExpr[] };

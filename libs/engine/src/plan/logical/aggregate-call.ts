import type { SourcePosition } from '@sluice/contracts';
import type { BoundExpr } from '../../expr/bound-expr';
import type { SqlType } from '../../types/sql-type';

/** One aggregate in an AggregateNode: function, arguments over the input row, DISTINCT and FILTER. */
export interface AggregateCall {
  /** Upper-case function name: COUNT, SUM, AVG, MIN, MAX, STDDEV_SAMP, ... */
  readonly name: string;
  readonly args: readonly BoundExpr[];
  /** COUNT(*) */
  readonly star: boolean;
  readonly distinct: boolean;
  readonly filter?: BoundExpr;
  readonly ignoreNulls?: boolean;
  readonly type: SqlType;
  readonly pos?: SourcePosition;
}

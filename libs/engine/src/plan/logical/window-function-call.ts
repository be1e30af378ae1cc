import type { SourcePosition } from '@sluice/contracts';
import type { BoundExpr } from '../../expr/bound-expr';
import type { SqlType } from '../../types/sql-type';
import type { SortKey } from './logical-plan';

export interface FrameSpec {
  readonly units: 'ROWS' | 'RANGE';
  /** Offsets relative to the current row: -Infinity = UNBOUNDED PRECEDING, 0 = CURRENT ROW. */
  readonly start: number;
  readonly end: number;
}

/** ROW_NUMBER() OVER (...), SUM(x) OVER (...), LAG(x, 1) OVER (...), ... */
export interface WindowFunctionCall {
  readonly name: string;
  readonly args: readonly BoundExpr[];
  readonly star: boolean;
  readonly distinct: boolean;
  readonly ignoreNulls: boolean;
  readonly partitionBy: readonly BoundExpr[];
  readonly orderBy: readonly SortKey[];
  readonly frame: FrameSpec;
  readonly type: SqlType;
  readonly pos?: SourcePosition;
}

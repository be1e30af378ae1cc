import type { SourcePosition } from '@sluice/contracts';
import type { Schema } from '../../catalog/schema';
import type { TableDefinition } from '../../catalog/table-definition';
import type { BoundExpr } from '../../expr/bound-expr';
import type { AggregateCall } from './aggregate-call';
import type { WindowFunctionCall } from './window-function-call';
import type { WindowTvfNode } from './window-tvf-node';
import type { WatermarkNode } from './watermark-node';
import type { MatchRecognizeNode } from './match-recognize-node';

/**
 * The logical plan: what to compute, independent of batch or streaming execution.
 * Each node carries its output schema; expressions refer to the input's columns by index.
 */
export type LogicalPlan =
  | ScanNode
  | ValuesNode
  | FilterNode
  | ProjectNode
  | AggregateNode
  | JoinNode
  | SortNode
  | LimitNode
  | SetOpNode
  | OverWindowNode
  | WindowTvfNode
  | WatermarkNode
  | MatchRecognizeNode;

export interface ScanNode {
  readonly kind: 'scan';
  readonly table: TableDefinition;
  /** Right side of a lookup join (FOR SYSTEM_TIME AS OF): read by key, not scanned, in streaming mode. */
  readonly lookup?: boolean;
  readonly schema: Schema;
  readonly pos?: SourcePosition;
}

export interface ValuesNode {
  readonly kind: 'values';
  readonly rows: readonly (readonly BoundExpr[])[];
  readonly schema: Schema;
}

export interface FilterNode {
  readonly kind: 'filter';
  readonly input: LogicalPlan;
  readonly predicate: BoundExpr;
  readonly schema: Schema;
}

export interface ProjectNode {
  readonly kind: 'project';
  readonly input: LogicalPlan;
  readonly exprs: readonly BoundExpr[];
  readonly schema: Schema;
}

/**
 * GROUP BY keys then aggregate calls. With grouping sets, `groupingSets` lists which key
 * indexes each set keeps (others are NULL) and a GROUPING_ID column is appended after the keys.
 */
export interface AggregateNode {
  readonly kind: 'aggregate';
  readonly input: LogicalPlan;
  readonly keys: readonly BoundExpr[];
  readonly aggregates: readonly AggregateCall[];
  readonly groupingSets?: readonly (readonly number[])[];
  readonly schema: Schema;
}

export type JoinKind = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'SEMI' | 'ANTI';

/**
 * Output = left columns ++ right columns (SEMI/ANTI: left only). `leftKeys`/`rightKeys` are the
 * equi-join keys extracted from the condition; `residual` is the rest, over the joined row.
 */
export interface JoinNode {
  readonly kind: 'join';
  readonly joinType: JoinKind;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly leftKeys: readonly BoundExpr[];
  readonly rightKeys: readonly BoundExpr[];
  /** Per key: do NULLs match (IS NOT DISTINCT FROM / <=>)? */
  readonly nullSafe: readonly boolean[];
  readonly residual?: BoundExpr;
  readonly schema: Schema;
}

export interface SortKey {
  readonly expr: BoundExpr;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export interface SortNode {
  readonly kind: 'sort';
  readonly input: LogicalPlan;
  readonly keys: readonly SortKey[];
  readonly schema: Schema;
}

export interface LimitNode {
  readonly kind: 'limit';
  readonly input: LogicalPlan;
  readonly limit?: number;
  readonly offset: number;
  readonly schema: Schema;
}

export interface SetOpNode {
  readonly kind: 'setop';
  readonly op: 'UNION' | 'INTERSECT' | 'EXCEPT';
  readonly all: boolean;
  readonly inputs: readonly [LogicalPlan, LogicalPlan];
  readonly schema: Schema;
}

/** OVER (...) window functions: appends one column per call to the input row. */
export interface OverWindowNode {
  readonly kind: 'overWindow';
  readonly input: LogicalPlan;
  readonly calls: readonly WindowFunctionCall[];
  readonly schema: Schema;
}

export function inputsOf(plan: LogicalPlan): LogicalPlan[] {
  switch (plan.kind) {
    case 'scan':
    case 'values':
      return [];
    case 'join':
      return [plan.left, plan.right];
    case 'setop':
      return [...plan.inputs];
    default:
      return [plan.input];
  }
}

import type { SourcePosition } from '@sluice/contracts';
import type { Query } from './query';

/** A type as written in SQL: INT, DECIMAL(10, 2), TIMESTAMP(3) WITH LOCAL TIME ZONE, ARRAY<INT>, ... */
export interface TypeName {
  readonly name: string; // upper-case canonical: INT, BIGINT, DECIMAL, VARCHAR, TIMESTAMP_LTZ, ARRAY, MAP, ROW, INTERVAL ...
  readonly params: readonly number[];
  readonly element?: TypeName;
  readonly key?: TypeName;
  readonly fields?: readonly { name: string; type: TypeName }[];
  readonly notNull?: boolean;
  readonly pos: SourcePosition;
}

export type IntervalUnit = 'YEAR' | 'QUARTER' | 'MONTH' | 'WEEK' | 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND' | 'MILLISECOND' | 'MICROSECOND';

export type Expr =
  | LiteralExpr
  | IntervalExpr
  | ColumnRef
  | StarExpr
  | UnaryExpr
  | BinaryExpr
  | CallExpr
  | CastExpr
  | CaseExpr
  | BetweenExpr
  | InExpr
  | LikeExpr
  | IsExpr
  | ExistsExpr
  | SubqueryExpr
  | SubscriptExpr
  | FieldAccessExpr;

export interface LiteralExpr {
  readonly kind: 'literal';
  /** number: digits as written (suffix in `suffix`); typed: DATE '...' / TIMESTAMP '...' / TIME '...'. */
  readonly literal: 'number' | 'string' | 'boolean' | 'null' | 'date' | 'time' | 'timestamp' | 'timestamp_ltz' | 'binary';
  readonly value: string | boolean | null;
  /** Spark numeric suffix: L, S, Y, D, F, BD. */
  readonly suffix?: string;
  readonly pos: SourcePosition;
}

/** INTERVAL '1' DAY, INTERVAL '1 02:03' DAY TO MINUTE, Spark INTERVAL 3 DAYS. */
export interface IntervalExpr {
  readonly kind: 'interval';
  readonly value: string;
  readonly from: IntervalUnit;
  readonly to?: IntervalUnit;
  readonly negative: boolean;
  readonly pos: SourcePosition;
}

export interface ColumnRef {
  readonly kind: 'column';
  /** Qualified name parts as written, e.g. ['o', 'amount']. */
  readonly parts: readonly string[];
  /** Per part: was it quoted (Spark/Flink case rules differ for quoted names only in some engines). */
  readonly pos: SourcePosition;
}

export interface StarExpr {
  readonly kind: 'star';
  readonly qualifier?: readonly string[];
  readonly pos: SourcePosition;
}

export interface UnaryExpr {
  readonly kind: 'unary';
  readonly op: '-' | '+' | 'NOT' | '~';
  readonly arg: Expr;
  readonly pos: SourcePosition;
}

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | 'DIV'
  | '||'
  | '='
  | '<>'
  | '<'
  | '<='
  | '>'
  | '>='
  | '<=>'
  | 'IS DISTINCT FROM'
  | 'IS NOT DISTINCT FROM'
  | 'AND'
  | 'OR'
  | '&'
  | '|'
  | '^';

export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly pos: SourcePosition;
}

export interface WindowFrame {
  readonly units: 'ROWS' | 'RANGE';
  readonly start: FrameBound;
  readonly end: FrameBound;
}

export type FrameBound =
  | { readonly kind: 'unboundedPreceding' }
  | { readonly kind: 'unboundedFollowing' }
  | { readonly kind: 'currentRow' }
  | { readonly kind: 'preceding'; readonly offset: Expr }
  | { readonly kind: 'following'; readonly offset: Expr };

export interface WindowSpec {
  readonly name?: string; // OVER w
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
  readonly frame?: WindowFrame;
  readonly pos: SourcePosition;
}

export interface OrderItem {
  readonly expr: Expr;
  readonly descending: boolean;
  /** Explicit NULLS FIRST/LAST; undefined means the dialect's default. */
  readonly nullsFirst?: boolean;
  readonly pos: SourcePosition;
}

export interface CallExpr {
  readonly kind: 'call';
  /** Function name as written (upper-cased for lookup by the planner). */
  readonly name: string;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  /** COUNT(*) */
  readonly star: boolean;
  readonly filter?: Expr;
  readonly over?: WindowSpec;
  /** IGNORE NULLS / RESPECT NULLS for FIRST_VALUE etc. */
  readonly ignoreNulls?: boolean;
  /** RUNNING / FINAL prefix in MATCH_RECOGNIZE. */
  readonly semantics?: 'RUNNING' | 'FINAL';
  /**
   * How the call was written when the parser normalized it (POSITION(a IN b), SUBSTRING(s FROM a),
   * TRIM(c FROM s), LTRIM(s), ...): only Spark's output column names depend on it.
   */
  readonly form?: 'IN' | 'FROM' | 'LTRIM' | 'RTRIM';
  readonly pos: SourcePosition;
}

export interface CastExpr {
  readonly kind: 'cast';
  readonly expr: Expr;
  readonly type: TypeName;
  readonly mode: 'cast' | 'try';
  readonly pos: SourcePosition;
}

export interface CaseExpr {
  readonly kind: 'case';
  readonly operand?: Expr;
  readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
  readonly else?: Expr;
  readonly pos: SourcePosition;
}

export interface BetweenExpr {
  readonly kind: 'between';
  readonly expr: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
  readonly symmetric: boolean;
  readonly pos: SourcePosition;
}

export interface InExpr {
  readonly kind: 'in';
  readonly expr: Expr;
  readonly list?: readonly Expr[];
  readonly query?: Query;
  readonly negated: boolean;
  readonly pos: SourcePosition;
}

export interface LikeExpr {
  readonly kind: 'like';
  readonly op: 'LIKE' | 'ILIKE' | 'RLIKE' | 'SIMILAR TO';
  readonly expr: Expr;
  readonly pattern: Expr;
  readonly escape?: Expr;
  readonly negated: boolean;
  readonly pos: SourcePosition;
}

export interface IsExpr {
  readonly kind: 'is';
  readonly expr: Expr;
  readonly test: 'NULL' | 'TRUE' | 'FALSE' | 'UNKNOWN';
  readonly negated: boolean;
  readonly pos: SourcePosition;
}

export interface ExistsExpr {
  readonly kind: 'exists';
  readonly query: Query;
  readonly pos: SourcePosition;
}

export interface SubqueryExpr {
  readonly kind: 'subquery';
  readonly query: Query;
  readonly pos: SourcePosition;
}

export interface SubscriptExpr {
  readonly kind: 'subscript';
  readonly expr: Expr;
  readonly index: Expr;
  readonly pos: SourcePosition;
}

export interface FieldAccessExpr {
  readonly kind: 'field';
  readonly expr: Expr;
  readonly field: string;
  readonly pos: SourcePosition;
}

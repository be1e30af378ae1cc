import type { SourcePosition } from '@sluice/contracts';
import type { Expr, OrderItem, WindowSpec } from './expression';
import type { MatchRecognize } from './match-recognize';

export interface Query {
  readonly kind: 'query';
  readonly with: readonly Cte[];
  readonly body: QueryBody;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: Expr;
  readonly offset?: Expr;
  readonly pos: SourcePosition;
}

export interface Cte {
  readonly name: string;
  readonly columns?: readonly string[];
  readonly query: Query;
  readonly pos: SourcePosition;
}

export type QueryBody = Select | SetOperation | ValuesBody | Query;

export interface SelectItem {
  readonly expr: Expr;
  readonly alias?: string;
  readonly pos: SourcePosition;
}

export type GroupingElement =
  | { readonly kind: 'expr'; readonly expr: Expr }
  | { readonly kind: 'sets'; readonly sets: readonly (readonly Expr[])[]; readonly pos: SourcePosition; readonly declared?: readonly Expr[] }
  | { readonly kind: 'rollup'; readonly exprs: readonly Expr[]; readonly pos: SourcePosition }
  | { readonly kind: 'cube'; readonly exprs: readonly Expr[]; readonly pos: SourcePosition };

export interface Select {
  readonly kind: 'select';
  readonly distinct: boolean;
  readonly items: readonly SelectItem[];
  readonly from?: FromItem;
  readonly where?: Expr;
  readonly groupBy: readonly GroupingElement[];
  readonly having?: Expr;
  readonly windows: readonly { readonly name: string; readonly spec: WindowSpec }[];
  readonly qualify?: Expr;
  readonly pos: SourcePosition;
}

export interface SetOperation {
  readonly kind: 'setop';
  readonly op: 'UNION' | 'INTERSECT' | 'EXCEPT';
  readonly all: boolean;
  readonly left: QueryBody;
  readonly right: QueryBody;
  readonly pos: SourcePosition;
}

export interface ValuesBody {
  readonly kind: 'values';
  readonly rows: readonly (readonly Expr[])[];
  readonly pos: SourcePosition;
}

export interface TableAlias {
  readonly name: string;
  readonly columns?: readonly string[];
}

export type FromItem = TableRef | SubqueryRef | JoinItem | TableFunctionRef | ValuesRef | MatchRecognizeRef;

export interface TableRef {
  readonly kind: 'table';
  readonly name: readonly string[];
  readonly alias?: TableAlias;
  /** FOR SYSTEM_TIME AS OF expr (lookup / temporal join). */
  readonly forSystemTimeAsOf?: Expr;
  readonly pos: SourcePosition;
}

export interface SubqueryRef {
  readonly kind: 'subquery';
  readonly query: Query;
  readonly alias?: TableAlias;
  readonly lateral: boolean;
  readonly pos: SourcePosition;
}

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS' | 'LEFT SEMI' | 'LEFT ANTI';

export interface JoinItem {
  readonly kind: 'join';
  readonly type: JoinType;
  readonly left: FromItem;
  readonly right: FromItem;
  readonly on?: Expr;
  readonly using?: readonly string[];
  readonly natural: boolean;
  readonly pos: SourcePosition;
}

/** Argument of a table-valued function: TABLE t, DESCRIPTOR(col), a named arg or an expression. */
export type TvfArg =
  | { readonly kind: 'table'; readonly table: FromItem; readonly partitionBy?: readonly Expr[]; readonly name?: string }
  | { readonly kind: 'descriptor'; readonly columns: readonly string[]; readonly name?: string; readonly pos: SourcePosition }
  | { readonly kind: 'expr'; readonly expr: Expr; readonly name?: string };

/** TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '10' MINUTES)) and friends. */
export interface TableFunctionRef {
  readonly kind: 'tvf';
  readonly name: string;
  readonly args: readonly TvfArg[];
  readonly alias?: TableAlias;
  readonly pos: SourcePosition;
}

export interface ValuesRef {
  readonly kind: 'values';
  readonly rows: readonly (readonly Expr[])[];
  readonly alias?: TableAlias;
  readonly pos: SourcePosition;
}

export interface MatchRecognizeRef {
  readonly kind: 'matchRecognize';
  readonly input: FromItem;
  readonly spec: MatchRecognize;
  readonly alias?: TableAlias;
  readonly pos: SourcePosition;
}

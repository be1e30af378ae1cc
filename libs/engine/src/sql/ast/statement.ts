import type { SourcePosition } from '@sluice/contracts';
import type { Expr, TypeName } from './expression';
import type { Query } from './query';

export interface ColumnDef {
  readonly name: string;
  readonly type?: TypeName;
  /** Computed column: `name AS expr` (Flink). */
  readonly computed?: Expr;
  /** Metadata column: `name TYPE METADATA [FROM 'key'] [VIRTUAL]` (Flink). */
  readonly metadata?: { readonly key?: string; readonly virtual: boolean };
  readonly comment?: string;
  readonly pos: SourcePosition;
}

export interface CreateTable {
  readonly kind: 'createTable';
  readonly name: readonly string[];
  readonly ifNotExists: boolean;
  readonly temporary: boolean;
  readonly columns: readonly ColumnDef[];
  readonly watermark?: { readonly column: string; readonly expr: Expr; readonly pos: SourcePosition };
  readonly primaryKey?: readonly string[];
  /** Flink WITH ('k' = 'v') or Spark OPTIONS (k 'v'); keys as written. */
  readonly options: ReadonlyMap<string, string>;
  /** Spark USING json|csv|jdbc|kafka|parquet... */
  readonly using?: string;
  readonly partitionedBy: readonly string[];
  readonly asQuery?: Query;
  readonly pos: SourcePosition;
}

export interface CreateView {
  readonly kind: 'createView';
  readonly name: readonly string[];
  readonly temporary: boolean;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  readonly columns?: readonly string[];
  readonly query: Query;
  readonly pos: SourcePosition;
}

export interface DropObject {
  readonly kind: 'drop';
  readonly object: 'TABLE' | 'VIEW';
  readonly name: readonly string[];
  readonly ifExists: boolean;
  readonly pos: SourcePosition;
}

export interface SetStatement {
  readonly kind: 'set';
  readonly key?: string;
  readonly value?: string;
  readonly pos: SourcePosition;
}

export interface Insert {
  readonly kind: 'insert';
  readonly table: readonly string[];
  readonly overwrite: boolean;
  readonly columns?: readonly string[];
  readonly partition?: readonly { readonly column: string; readonly value?: Expr }[];
  readonly query: Query;
  readonly pos: SourcePosition;
}

export interface QueryStatement {
  readonly kind: 'select';
  readonly query: Query;
  readonly pos: SourcePosition;
}

export interface Explain {
  readonly kind: 'explain';
  readonly statement: Statement;
  readonly pos: SourcePosition;
}

/** EXECUTE STATEMENT SET / BEGIN STATEMENT SET ... END (Flink): several INSERTs run as one job. */
export interface StatementSet {
  readonly kind: 'statementSet';
  readonly inserts: readonly Insert[];
  readonly pos: SourcePosition;
}

export type Statement = CreateTable | CreateView | DropObject | SetStatement | Insert | QueryStatement | Explain | StatementSet;

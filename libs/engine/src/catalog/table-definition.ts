import type { SourcePosition } from '@sluice/contracts';
import type { Expr } from '../sql/ast';
import type { SqlType } from '../types/sql-type';

/** A physical or computed column of a declared table. */
export interface ColumnDefinition {
  readonly name: string;
  readonly type: SqlType;
  /** Computed column (`c AS expr`): planned on top of the scan. */
  readonly computed?: Expr;
  /** Metadata column read from the connector (`METADATA FROM 'timestamp'`). */
  readonly metadataKey?: string;
  readonly isVirtual?: boolean;
  readonly pos?: SourcePosition;
}

/** A table as declared by CREATE TABLE (either dialect), independent of how its connector works. */
export interface TableDefinition {
  readonly name: string;
  readonly columns: readonly ColumnDefinition[];
  /** Connector options with Flink's key spelling (`connector`, `path`, `format`, ...). */
  readonly options: ReadonlyMap<string, string>;
  readonly primaryKey?: readonly string[];
  /** WATERMARK FOR column AS expr, making `column` the rowtime attribute. */
  readonly watermark?: { readonly column: string; readonly expr: Expr; readonly pos: SourcePosition };
  readonly partitionedBy: readonly string[];
  readonly pos?: SourcePosition;
}

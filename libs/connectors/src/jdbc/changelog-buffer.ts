import { InternalError } from '@sluice/contracts';
import type { ColumnDefinition, Row, RowKind, RowSink } from '@sluice/engine';
import { compileToMysql } from './mysql-types';

/** What a sink writes: its physical columns and the indexes of its primary key (empty = append-only). */
export interface SinkShape {
  readonly columns: readonly ColumnDefinition[];
  readonly primaryKey: readonly number[];
}

/** The rows to apply, as mysql2 parameters in column order. */
export interface SinkBatch {
  readonly upserts: readonly unknown[][];
  /** Primary key values of deleted rows. */
  readonly deletes: readonly unknown[][];
  readonly inserts: readonly unknown[][];
}

/**
 * The changelog a sink received since the last checkpoint. Upsert sinks keep only the last change
 * per key (Flink's upsert materialisation: +I/+U write, -D deletes, -U is dropped because the +U
 * that follows replaces the row); append-only sinks keep every row.
 */
export class ChangelogBuffer implements RowSink {
  private readonly toParams: ((v: unknown) => unknown)[];
  private readonly isUpsert: boolean;
  private byKey = new Map<string, unknown[] | null>();
  private appended: unknown[][] = [];

  constructor(private readonly shape: SinkShape) {
    this.toParams = shape.columns.map((c) => compileToMysql(c.type));
    this.isUpsert = shape.primaryKey.length > 0;
  }

  /** Rows waiting (distinct keys for upsert sinks). */
  get size(): number {
    return this.isUpsert ? this.byKey.size : this.appended.length;
  }

  push(row: Row, kind: RowKind): void {
    if (this.isUpsert) {
      if (kind === '-U') return;
      const params = this.params(row);
      this.byKey.set(JSON.stringify(this.shape.primaryKey.map((i) => params[i])), kind === '-D' ? null : params);
      return;
    }
    if (kind !== '+I') throw new InternalError(`an append-only sink received a '${kind}' row`);
    this.appended.push(this.params(row));
  }

  end(): void {}

  /** Hands over everything buffered and starts empty. */
  take(): SinkBatch {
    const upserts: unknown[][] = [];
    const deletes: unknown[][] = [];
    for (const [key, params] of this.byKey) {
      if (params) upserts.push(params);
      else deletes.push(JSON.parse(key) as unknown[]);
    }
    const batch = { upserts, deletes, inserts: this.appended };
    this.byKey = new Map();
    this.appended = [];
    return batch;
  }

  clear(): void {
    this.byKey = new Map();
    this.appended = [];
  }

  private params(row: Row): unknown[] {
    const out = new Array<unknown>(this.toParams.length);
    for (let i = 0; i < out.length; i++) out[i] = this.toParams[i](row[i]);
    return out;
  }
}

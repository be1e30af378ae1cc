import type { SinkBatch, SinkShape } from './changelog-buffer';
import { mysqlColumnType } from './mysql-types';
import { quoteName } from './mysql-url';

/** One SQL statement with its parameters. */
export interface SqlStatement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** Anything that runs SQL with `?` placeholders: a TypeORM QueryRunner, a mysql2 adapter. */
export interface SqlExecutor {
  query(sql: string, params?: readonly unknown[]): Promise<unknown>;
}

/** mysql2 prepares at most 65,535 placeholders per statement; stay well below. */
const MAX_PARAMS_PER_STATEMENT = 30_000;
const MAX_ROWS_PER_STATEMENT = 1_000;

/**
 * SQL for one MySQL table a sink writes (Flink's JDBC dialect for MySQL): CREATE TABLE IF NOT
 * EXISTS with the declared primary key, multi-row upserts (INSERT ... ON DUPLICATE KEY UPDATE),
 * deletes by key, and plain inserts for append-only sinks.
 */
export class JdbcTableWriter {
  private readonly names: string[];
  private readonly columnList: string;
  private readonly updateList: string;

  constructor(
    /** `db`.`table`, already quoted. */
    readonly qualifiedTable: string,
    private readonly shape: SinkShape,
  ) {
    this.names = shape.columns.map((c) => quoteName(c.name));
    this.columnList = this.names.join(', ');
    const keys = new Set(shape.primaryKey);
    const updates = this.names.filter((_, i) => !keys.has(i)).map((n) => `${n} = VALUES(${n})`);
    // A table made only of key columns: a repeated row changes nothing.
    this.updateList = updates.length > 0 ? updates.join(', ') : `${this.names[shape.primaryKey[0] ?? 0]} = ${this.names[shape.primaryKey[0] ?? 0]}`;
  }

  /**
   * Column types follow mysqlColumnType; strings compare as binary (utf8mb4_bin) so that keys
   * which differ only in case or accents stay different rows, as they are in SQL.
   */
  createTableSql(): string {
    const keys = new Set(this.shape.primaryKey);
    const columns = this.shape.columns.map((c, i) => `${this.names[i]} ${mysqlColumnType(c.type, keys.has(i))}${keys.has(i) ? ' NOT NULL' : ' NULL'}`);
    if (keys.size > 0) columns.push(`PRIMARY KEY (${this.shape.primaryKey.map((i) => this.names[i]).join(', ')})`);
    return `CREATE TABLE IF NOT EXISTS ${this.qualifiedTable} (\n  ${columns.join(',\n  ')}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`;
  }

  statements(batch: SinkBatch): SqlStatement[] {
    const out: SqlStatement[] = [];
    for (const rows of chunks(batch.upserts, this.names.length)) out.push(this.insert(rows, ` ON DUPLICATE KEY UPDATE ${this.updateList}`));
    for (const rows of chunks(batch.inserts, this.names.length)) out.push(this.insert(rows, ''));
    for (const keys of chunks(batch.deletes, this.shape.primaryKey.length)) out.push(this.delete(keys));
    return out;
  }

  /** Applies the batch; returns how many rows it held. */
  async write(executor: SqlExecutor, batch: SinkBatch): Promise<number> {
    for (const statement of this.statements(batch)) await executor.query(statement.sql, statement.params);
    return batch.upserts.length + batch.inserts.length + batch.deletes.length;
  }

  private insert(rows: readonly unknown[][], suffix: string): SqlStatement {
    const tuple = `(${this.names.map(() => '?').join(', ')})`;
    return { sql: `INSERT INTO ${this.qualifiedTable} (${this.columnList}) VALUES ${rows.map(() => tuple).join(', ')}${suffix}`, params: rows.flat() };
  }

  private delete(keys: readonly unknown[][]): SqlStatement {
    const keyNames = this.shape.primaryKey.map((i) => this.names[i]);
    const tuple = keyNames.length === 1 ? '?' : `(${keyNames.map(() => '?').join(', ')})`;
    const target = keyNames.length === 1 ? keyNames[0] : `(${keyNames.join(', ')})`;
    return { sql: `DELETE FROM ${this.qualifiedTable} WHERE ${target} IN (${keys.map(() => tuple).join(', ')})`, params: keys.flat() };
  }
}

function* chunks<T>(rows: readonly T[], width: number): Generator<readonly T[]> {
  const size = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMS_PER_STATEMENT / Math.max(1, width))));
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

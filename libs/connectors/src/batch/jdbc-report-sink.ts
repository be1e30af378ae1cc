import type { Row, TableDefinition, WriteMode } from '@sluice/engine';
import { compileToMysql, mysqlColumnType } from '../jdbc/mysql-types';
import { quoteName } from '../jdbc/mysql-url';
import type { SqlExecutor } from '../jdbc/jdbc-table-writer';
import type { JdbcTarget } from './mysql-pools';

const MAX_ROWS_PER_STATEMENT = 1_000;
const MAX_PARAMS_PER_STATEMENT = 30_000;
const MAX_PARTITIONS_PER_DELETE = 500;

export interface ReportWrite {
  /** Rows deleted by the overwrite (the output partition as it was). */
  readonly deleted: number;
  readonly inserted: number;
}

/**
 * Writes a batch job's report into a MySQL table inside the caller's transaction, so the output
 * and the run record commit together. INSERT OVERWRITE replaces the output partition: a DELETE of
 * the rows whose partition columns equal the static PARTITION values (all rows without any; only
 * the partitions present in the output in dynamic mode), then multi-row INSERTs. Running the same
 * run again therefore leaves exactly one copy of its rows.
 */
export class JdbcReportSink {
  private readonly columns;
  private readonly names: string[];
  private readonly convert: ((v: unknown) => unknown)[];

  constructor(
    private readonly table: TableDefinition,
    private readonly target: JdbcTarget,
  ) {
    this.columns = table.columns.filter((c) => !c.computed);
    this.names = this.columns.map((c) => quoteName(c.name));
    this.convert = this.columns.map((c) => compileToMysql(c.type));
  }

  private get qualifiedTable(): string {
    return this.target.qualifiedTable ?? this.target.from;
  }

  /**
   * CREATE TABLE IF NOT EXISTS from the declared columns, with an index on the partition columns
   * (Spark's JDBC writer also creates a missing table). DDL commits implicitly in MySQL: run it
   * before the transaction, not inside it.
   */
  createTableSql(): string {
    const partition = new Set(this.table.partitionedBy.map((p) => p.toLowerCase()));
    const isPartition = (name: string) => partition.has(name.toLowerCase());
    const lines = this.columns.map(
      (c, i) => `${this.names[i]} ${mysqlColumnType(c.type, isPartition(c.name))} NULL`,
    );
    const indexed = this.columns.filter((c) => isPartition(c.name)).map((c) => quoteName(c.name));
    if (indexed.length > 0) lines.push(`KEY sluice_output_partition (${indexed.join(', ')})`);
    const options =
      [...this.table.options].find(([k]) => k.toLowerCase() === 'createtableoptions')?.[1] ??
      'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';
    return `CREATE TABLE IF NOT EXISTS ${this.qualifiedTable} (\n  ${lines.join(',\n  ')}\n) ${options}`;
  }

  async write(executor: SqlExecutor, rows: readonly Row[], mode: WriteMode): Promise<ReportWrite> {
    const params = rows.map((r) => r.map((v, i) => this.convert[i]!(v)));
    const deleted = mode.kind === 'overwrite' ? await this.deletePartitions(executor, params, mode) : 0;
    const size = Math.max(
      1,
      Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMS_PER_STATEMENT / Math.max(1, this.names.length))),
    );
    const tuple = `(${this.names.map(() => '?').join(', ')})`;
    for (let i = 0; i < params.length; i += size) {
      const chunk = params.slice(i, i + size);
      await executor.query(
        `INSERT INTO ${this.qualifiedTable} (${this.names.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`,
        chunk.flat(),
      );
    }
    return { deleted, inserted: params.length };
  }

  private async deletePartitions(
    executor: SqlExecutor,
    params: readonly unknown[][],
    mode: WriteMode & { kind: 'overwrite' },
  ): Promise<number> {
    const index = (name: string) =>
      this.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
    const fixed = mode.staticValues.map((s) => ({
      sql: `${quoteName(this.columns[index(s.column)]!.name)} <=> ?`,
      value: this.convert[index(s.column)]!(s.value),
    }));
    const staticSql = fixed.map((f) => f.sql);
    const staticParams = fixed.map((f) => f.value);
    if (!mode.onlyPresentPartitions) {
      const where = staticSql.length > 0 ? ` WHERE ${staticSql.join(' AND ')}` : '';
      return affected(await executor.query(`DELETE FROM ${this.qualifiedTable}${where}`, staticParams));
    }
    // Dynamic overwrite: only the partitions the new rows fall into.
    const dynamic = mode.partitionColumns
      .filter((c) => !mode.staticValues.some((s) => s.column.toLowerCase() === c.toLowerCase()))
      .map(index);
    const tuples = new Map<string, unknown[]>();
    for (const row of params) {
      const values = dynamic.map((i) => row[i]);
      tuples.set(JSON.stringify(values), values);
    }
    const match = dynamic.map((i) => `${this.names[i]} <=> ?`).join(' AND ');
    const all = [...tuples.values()];
    let deleted = 0;
    for (let i = 0; i < all.length; i += MAX_PARTITIONS_PER_DELETE) {
      const chunk = all.slice(i, i + MAX_PARTITIONS_PER_DELETE);
      const partitions = chunk.map(() => `(${match})`).join(' OR ');
      const where = [...staticSql, `(${partitions})`].join(' AND ');
      deleted += affected(
        await executor.query(`DELETE FROM ${this.qualifiedTable} WHERE ${where}`, [
          ...staticParams,
          ...chunk.flat(),
        ]),
      );
    }
    return deleted;
  }
}

/** Rows affected, from mysql2's ResultSetHeader or TypeORM's QueryRunner result. */
function affected(result: unknown): number {
  const r = result as { affectedRows?: number; affected?: number; records?: unknown } | undefined;
  if (typeof r?.affectedRows === 'number') return r.affectedRows;
  if (typeof r?.affected === 'number') return r.affected;
  return 0;
}

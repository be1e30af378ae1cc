import type { LookupSource, Row, TableDefinition } from '@sluice/engine';
import { compileFromMysql, compileToMysql } from './mysql-types';
import { quoteName } from './mysql-url';
import type { SyncMysqlClient } from './sync-mysql-client';

/**
 * Lookup joins (`JOIN dim FOR SYSTEM_TIME AS OF o.proc_time ON ...`) against a MySQL table:
 * each miss is one indexed SELECT by the key columns, run synchronously (SyncMysqlClient). The
 * engine puts Flink's PARTIAL cache in front of it.
 */
export class JdbcLookupSource implements LookupSource {
  private readonly sql: string;
  private readonly keyParams: ((v: unknown) => unknown)[];
  private readonly fromMysql: ((v: unknown) => unknown)[];

  constructor(
    table: TableDefinition,
    qualifiedTable: string,
    keyColumns: readonly string[],
    private readonly client: SyncMysqlClient,
  ) {
    const columns = table.columns.filter((c) => !c.computed && !c.metadataKey);
    const keys = keyColumns.map((k) => columns.find((c) => c.name === k)!);
    this.sql = `SELECT ${columns.map((c) => quoteName(c.name)).join(', ')} FROM ${qualifiedTable} WHERE ${keys.map((k) => `${quoteName(k.name)} = ?`).join(' AND ')}`;
    this.keyParams = keys.map((k) => {
      const convert = compileToMysql(k.type);
      return (v: unknown) => {
        const p = convert(v);
        return typeof p === 'bigint' ? p.toString() : p;
      };
    });
    this.fromMysql = columns.map((c) => compileFromMysql(c.type));
  }

  lookup(keys: readonly unknown[]): readonly Row[] {
    const rows = this.client.query(this.sql, keys.map((k, i) => this.keyParams[i](k)));
    return rows.map((r) => r.map((v, i) => this.fromMysql[i](v)));
  }
}

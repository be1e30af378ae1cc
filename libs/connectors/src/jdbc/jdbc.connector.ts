import { ConfigError, SluiceError } from '@sluice/contracts';
import type { BoundedSource, ConnectorFactory, Row, RowKind, TableDefinition, TableSink } from '@sluice/engine';
import { createConnection, type Connection } from 'mysql2/promise';
import { ChangelogBuffer, type SinkShape } from './changelog-buffer';
import { JdbcLookupSource } from './jdbc-lookup-source';
import { JdbcTableWriter, type SqlExecutor } from './jdbc-table-writer';
import { compileFromMysql } from './mysql-types';
import { parseJdbcUrl, qualifiedName, quoteName, type MysqlLocation } from './mysql-url';
import { SyncMysqlClient } from './sync-mysql-client';

/** The physical columns and primary key of a declared jdbc table. */
export function sinkShapeOf(table: TableDefinition): SinkShape {
  const columns = table.columns.filter((c) => !c.computed && !c.metadataKey);
  return { columns, primaryKey: (table.primaryKey ?? []).map((k) => columns.findIndex((c) => c.name === k)) };
}

/** Where a jdbc table lives: `url`, `table-name` (may be `db.table`), `username`, `password`. */
export function jdbcLocationOf(table: TableDefinition): { location: MysqlLocation; qualifiedTable: string } {
  const url = table.options.get('url');
  const name = table.options.get('table-name');
  if (!url || !name) throw new ConfigError(`jdbc table '${table.name}' needs the options 'url' and 'table-name'`, { position: table.pos });
  const location = { ...parseJdbcUrl(url), user: table.options.get('username'), password: table.options.get('password') };
  const dot = name.indexOf('.');
  const qualifiedTable = dot > 0 ? qualifiedName(name.slice(0, dot), name.slice(dot + 1)) : qualifiedName(location.database, name);
  return { location, qualifiedTable };
}

/** mysql2's promise connection as a SqlExecutor. */
export function connectionExecutor(connection: Connection): SqlExecutor {
  return { query: (sql, params) => connection.query(sql, params as unknown[]) };
}

async function connect(location: MysqlLocation): Promise<Connection> {
  try {
    return await createConnection({ ...location, supportBigNumbers: true, bigNumberStrings: true, timezone: 'Z', connectTimeout: 10_000 });
  } catch (error) {
    throw new SluiceError('SINK_UNAVAILABLE', `cannot connect to MySQL at ${location.host}:${location.port}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Flink's jdbc connector for MySQL, for `sluice run`: a sink (upsert with a PRIMARY KEY, insert
 * without; the table is created if absent; one transaction per INSERT statement), a bounded
 * source (the whole table) and a lookup source. The CEP runner writes jdbc tables through its
 * checkpoints instead (JdbcTableWriter inside the checkpoint transaction).
 */
export const jdbcConnector: ConnectorFactory = {
  name: 'jdbc',
  validate(table) {
    jdbcLocationOf(table);
  },
  createSink(table): TableSink {
    const { location, qualifiedTable } = jdbcLocationOf(table);
    const buffer = new ChangelogBuffer(sinkShapeOf(table));
    return {
      async write(rows: readonly Row[], kinds: readonly RowKind[]) {
        rows.forEach((row, i) => buffer.push(row, kinds[i]));
      },
      async commit() {
        const writer = new JdbcTableWriter(qualifiedTable, sinkShapeOf(table));
        const connection = await connect(location);
        try {
          await connection.query(writer.createTableSql());
          await connection.beginTransaction();
          await writer.write(connectionExecutor(connection), buffer.take());
          await connection.commit();
        } finally {
          await connection.end().catch(() => undefined);
        }
      },
      async abort() {
        buffer.clear();
      },
    };
  },
  createBoundedSource(table): BoundedSource {
    const { location, qualifiedTable } = jdbcLocationOf(table);
    const { columns } = sinkShapeOf(table);
    const convert = columns.map((c) => compileFromMysql(c.type));
    return {
      async readAll() {
        const connection = await connect(location);
        try {
          const [rows] = await connection.query({ sql: `SELECT ${columns.map((c) => quoteName(c.name)).join(', ')} FROM ${qualifiedTable}`, rowsAsArray: true });
          return (rows as unknown[][]).map((r) => r.map((v, i) => convert[i](v)));
        } finally {
          await connection.end().catch(() => undefined);
        }
      },
    };
  },
  async createLookupSource(table, _ctx, keyColumns) {
    const { location, qualifiedTable } = jdbcLocationOf(table);
    return new JdbcLookupSource(table, qualifiedTable, keyColumns, new SyncMysqlClient(location));
  },
};

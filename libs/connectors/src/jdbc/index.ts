// jdbc (MySQL): sinks, lookups and the standard alerts table.
export { alertStatements, AlertBuffer, ALERTS_TABLE, compileAlertRecord, writeAlerts, type AlertRecord } from './alert-buffer';
export { ChangelogBuffer, type SinkBatch, type SinkShape } from './changelog-buffer';
export { connectionExecutor, jdbcConnector, jdbcLocationOf, sinkShapeOf } from './jdbc.connector';
export { JdbcLookupSource } from './jdbc-lookup-source';
export { JdbcTableWriter, type SqlExecutor, type SqlStatement } from './jdbc-table-writer';
export { compileFromMysql, compileToMysql, mysqlColumnType } from './mysql-types';
export { isSameServer, parseJdbcUrl, parseMysqlUrl, qualifiedName, quoteName, type MysqlLocation } from './mysql-url';
export { SyncMysqlClient } from './sync-mysql-client';

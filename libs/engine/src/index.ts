/**
 * Public API of the Sluice SQL engine. Pure TypeScript: no I/O, no frameworks. Connectors
 * (libs/connectors) implement the Source/Sink interfaces declared here.
 */
export { ScriptRunner, type QueryResult, type ScriptOptions } from './session/script-runner';
export { parseScript, parseExpression, type SqlDialect } from './sql/parse';
export type { ConnectorContext, ConnectorFactory, ConnectorRegistry, BoundedSource, TableSink } from './connector/connector';
export { connectorRegistry } from './connector/connector';
export type { TableDefinition, ColumnDefinition } from './catalog/table-definition';
export { T, formatType, type SqlType, type TypeKind } from './types/sql-type';
export { Decimal } from './types/decimal';
export type { Row, RowKind } from './types/values';
export { compileOutputFormatter, formatNdjsonRow, type OutputFormatter } from './types/format-value';
export { compileJsonDecoder, INVALID as INVALID_JSON_VALUE } from './types/json-decoder';
export { compileCast } from './types/cast';
export { parseTimestamp, parseDate, formatTimestamp, formatDate } from './types/temporal';
export { runQueryOnRows, type RowsTable, type RunOnRowsOptions } from './session/run-query-on-rows';
export { compileStreamingQuery, type CompiledStreamingQuery } from './session/streaming-query';
export { StreamingJob } from './session/streaming-job';
export type { RowSink } from './exec/row-sink';
export { CollectingSink } from './exec/row-sink';
export type { StreamingOptions } from './plan/physical/streaming-planner';
export type { LookupSource } from './connector/connector';

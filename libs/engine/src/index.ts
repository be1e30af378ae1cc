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
export { compileRule, validateRule, type CompiledRule, type RuleLookup, type RuleStartOptions, type RuleSummary } from './session/rule-compiler';
export { RunningRule, RULE_LOOKUP_CACHE } from './session/running-rule';
export { ALERTS_CONNECTOR, JDBC_CONNECTOR, standardAlertsTable, type AlertColumns, type RuleSink } from './session/rule-sink';
export { streamTable, STREAM_CONNECTOR } from './session/stream-table';
export { compileBatchJob, BatchJob, type BatchJobOptions } from './session/batch-job';
export { BatchStage, type MapOutput, type TableReader } from './session/batch-stage';
export type { WriteMode } from './session/batch-insert';
export type { SplitPoint } from './session/split-point';
export type { PartialGroups } from './session/partial-aggregate';
export { isSplittableConnector, type SplittableConnector, type InputSplit, type InputRange, type SplitPlan, type SplitPlanningOptions } from './session/splittable-connector';
export { substituteJobParameters, RUN_PARAMETER_NAMES, type SubstitutedSql } from './session/job-parameters';
export { validateJob, type ValidateJobOptions, type ValidatedJob, type ValidatedStage } from './session/validate-job';

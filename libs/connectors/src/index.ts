// Sources and sinks behind the engine's connector interfaces.
import { connectorRegistry, type ConnectorRegistry } from '@sluice/engine';
import { datagenConnector } from './datagen/datagen.connector';
import { filesystemConnector } from './filesystem/filesystem.connector';
import { printConnector, type LineWriter } from './print/print.connector';

export { datagenConnector, mulberry32 } from './datagen/datagen.connector';
export { filesystemConnector } from './filesystem/filesystem.connector';
export { printConnector, type LineWriter } from './print/print.connector';

/** The connectors `sluice run` offers locally. */
export function localConnectors(options: { printTo?: LineWriter } = {}): ConnectorRegistry {
  return connectorRegistry([filesystemConnector, printConnector(options.printTo), datagenConnector]);
}
export * from './jdbc';
export * from './kafka';
export { BatchConnectors, createBatchConnectors, type BatchConnectorOptions } from './batch/batch-connectors';
export { JdbcReportSink, type ReportWrite } from './batch/jdbc-report-sink';
export { KafkaRangeClients, sparkKafkaSource } from './batch/spark-kafka-source';
export { MysqlPools, type JdbcTarget } from './batch/mysql-pools';
export { sparkJdbcSource, columnPartition } from './batch/spark-jdbc-source';

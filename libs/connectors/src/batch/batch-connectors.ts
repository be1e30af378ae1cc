import { connectorRegistry, type ConnectorRegistry, type TableDefinition } from '@sluice/engine';
import { datagenConnector } from '../datagen/datagen.connector';
import { filesystemConnector } from '../filesystem/filesystem.connector';
import { JdbcReportSink } from './jdbc-report-sink';
import { MysqlPools } from './mysql-pools';
import { sparkJdbcSource } from './spark-jdbc-source';
import { KafkaRangeClients, sparkKafkaSource } from './spark-kafka-source';

export interface BatchConnectorOptions {
  /** MYSQL_URL: the server `USING jdbc` tables without 'url' use, and whose writes share the run's transaction. */
  readonly mysqlUrl?: string;
  /** KAFKA_BROKERS: for `USING kafka` tables without 'kafka.bootstrap.servers'. */
  readonly kafkaBrokers?: readonly string[];
}

/**
 * The data sources of batch jobs (Spark's names: json, csv, kafka, jdbc; plus datagen) and the
 * clients they share. Creating it opens no connection; close() releases whatever was opened.
 */
export class BatchConnectors {
  readonly kafka: KafkaRangeClients;
  readonly mysql: MysqlPools;
  readonly registry: ConnectorRegistry;

  constructor(options: BatchConnectorOptions = {}) {
    this.kafka = new KafkaRangeClients(options.kafkaBrokers ?? []);
    this.mysql = new MysqlPools(options.mysqlUrl);
    this.registry = connectorRegistry([
      filesystemConnector,
      datagenConnector,
      sparkKafkaSource(this.kafka),
      sparkJdbcSource(this.mysql),
    ]);
  }

  /** The transactional report writer for a `USING jdbc` table. */
  reportSink(table: TableDefinition): { sink: JdbcReportSink; isRunnerServer: boolean } {
    const target = this.mysql.target(table);
    return { sink: new JdbcReportSink(table, target), isRunnerServer: target.isRunnerServer };
  }

  async close(): Promise<void> {
    await Promise.all([this.kafka.close(), this.mysql.close()]);
  }
}

export function createBatchConnectors(options: BatchConnectorOptions = {}): BatchConnectors {
  return new BatchConnectors(options);
}

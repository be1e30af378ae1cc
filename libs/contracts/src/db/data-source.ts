import { DataSource } from 'typeorm';
import { ApiKey } from './entities/api-key.entity';
import { DemoStreamCount } from './entities/demo-stream-count.entity';
import { JobOffset } from './entities/job-offset.entity';
import { JobRun } from './entities/job-run.entity';
import { Job } from './entities/job.entity';
import { Rule } from './entities/rule.entity';
import { Alert } from './entities/alert.entity';
import { CepCheckpoint } from './entities/cep-checkpoint.entity';
import { CepPartitionOffset } from './entities/cep-partition-offset.entity';
import { CepRuleState } from './entities/cep-rule-state.entity';
import { CepRunnerTables1734200000000 } from './migrations/1734200000000-cep-runner-tables';
import { DemoStreamCounts1732183200000 } from './migrations/1732183200000-demo-stream-counts';
import { GatewayAdminTables1733500000000 } from './migrations/1733500000000-gateway-admin-tables';
import { BatchRunnerOffsets1734300000000 } from './migrations/1734300000000-batch-runner-offsets';

/** Every entity and migration, in order. New tables are added here and only here. */
export const SLUICE_ENTITIES = [DemoStreamCount, ApiKey, Rule, Job, JobRun, CepCheckpoint, CepPartitionOffset, CepRuleState, Alert, JobOffset];
export const SLUICE_MIGRATIONS = [DemoStreamCounts1732183200000, GatewayAdminTables1733500000000, CepRunnerTables1734200000000, BatchRunnerOffsets1734300000000];

export interface SluiceDataSourceOptions {
  /** mysql://user:pass@host:port/db */
  readonly url: string;
  readonly poolSize?: number;
}

/**
 * Builds (does not connect) the TypeORM data source for Sluice's own tables. Schema changes go
 * through migrations only: `synchronize` stays off on every path.
 */
export function createSluiceDataSource(options: SluiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'mysql',
    url: options.url,
    entities: SLUICE_ENTITIES,
    migrations: SLUICE_MIGRATIONS,
    migrationsTableName: 'sluice_migrations',
    synchronize: false,
    poolSize: options.poolSize ?? 10,
    supportBigNumbers: true,
    bigNumberStrings: true,
    timezone: 'Z',
    charset: 'utf8mb4',
  });
}

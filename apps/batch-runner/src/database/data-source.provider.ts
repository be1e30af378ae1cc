import { Logger } from '@nestjs/common';
import { createSluiceDataSource } from '@sluice/contracts/db';
import type { DataSource } from 'typeorm';
import type { BatchRunnerConfig } from '../config';

const logger = new Logger('Database');

/**
 * MySQL through TypeORM, connected and migrated before the runner starts its workers. Several
 * runner processes may start together: migrations run under a MySQL advisory lock.
 */
export async function openDataSource(mysql: BatchRunnerConfig['mysql']): Promise<DataSource> {
  const dataSource = createSluiceDataSource({ url: mysql.url, poolSize: 10 });
  await dataSource.initialize();
  if (!mysql.runMigrations) return dataSource;
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query(`SELECT GET_LOCK('sluice_migrations', 120)`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.log(`applied migrations: ${applied.map((m) => m.name).join(', ')}`);
  } finally {
    await lock.query(`SELECT RELEASE_LOCK('sluice_migrations')`).catch(() => undefined);
    await lock.release();
  }
  return dataSource;
}

import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createSluiceDataSource } from '@sluice/contracts/db';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, DATA_SOURCE } from '../app-tokens';
import type { GatewayConfig } from '../config';

const logger = new Logger('Database');

/**
 * MySQL through TypeORM: one data source for the app, connected and migrated before the
 * gateway listens (schema changes come from migrations only, never synchronize).
 */
async function openDataSource(config: GatewayConfig): Promise<DataSource> {
  const dataSource = createSluiceDataSource({ url: config.mysql.url, poolSize: 10 });
  await dataSource.initialize();
  if (config.mysql.runMigrations) {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.log(`applied migrations: ${applied.map((m) => m.name).join(', ')}`);
  }
  return dataSource;
}

@Global()
@Module({
  providers: [{ provide: DATA_SOURCE, inject: [APP_CONFIG], useFactory: openDataSource }],
  exports: [DATA_SOURCE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

import {
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { createBatchConnectors, type BatchConnectors } from '@sluice/connectors';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, BATCH_CONNECTORS, DATA_SOURCE } from './app-tokens';
import { AdminKeyAuthenticator } from './board/admin-key.authenticator';
import type { BatchRunnerConfig } from './config';
import { openDataSource } from './database/data-source.provider';
import { RunDispatcher } from './dispatch/run-dispatcher.service';
import { HealthController } from './health/health.controller';
import { BullMqAdapter } from './queues/bullmq.adapter';
import { RunRepository } from './runs/run.repository';
import { FireProcessor } from './scheduler/fire.processor';
import { SchedulerSync } from './scheduler/scheduler-sync.service';
import { CompiledJobs } from './tasks/compiled-jobs';
import { MapTaskProcessor } from './tasks/map-task.processor';
import { ReportWriter } from './tasks/report-writer';
import { RunPlanner } from './tasks/run-planner';
import { RunProcessor } from './tasks/run.processor';

/**
 * Closes in order: BullMQ workers first (in-flight jobs finish or are given back), then the
 * Kafka and MySQL clients they used.
 */
@Injectable()
class ShutdownOrder implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly queues: BullMqAdapter,
    @Inject(BATCH_CONNECTORS) private readonly connectors: BatchConnectors,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.queues.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connectors.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** The batch runner: cron scheduler, run dispatcher, run and map-task workers, health, Bull Board. */
@Module({})
export class BatchRunnerModule {
  static forRoot(config: BatchRunnerConfig): DynamicModule {
    return {
      module: BatchRunnerModule,
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DATA_SOURCE, useFactory: () => openDataSource(config.mysql) },
        {
          provide: BATCH_CONNECTORS,
          useFactory: () =>
            createBatchConnectors({ mysqlUrl: config.mysql.url, kafkaBrokers: config.kafka.brokers }),
        },
        { provide: BullMqAdapter, useFactory: () => new BullMqAdapter(config) },
        RunRepository,
        CompiledJobs,
        RunPlanner,
        ReportWriter,
        RunDispatcher,
        SchedulerSync,
        FireProcessor,
        RunProcessor,
        MapTaskProcessor,
        AdminKeyAuthenticator,
        ShutdownOrder,
      ],
    };
  }
}

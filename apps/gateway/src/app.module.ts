import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { StreamCatalog } from '@sluice/contracts';
import { APP_CONFIG, STREAM_CATALOG } from './app-tokens';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AuthModule } from './auth/auth.module';
import type { GatewayConfig } from './config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { KafkaModule } from './kafka/kafka.module';
import { MetricsModule } from './metrics/metrics.module';
import { ProblemDetailsFilter } from './problem/problem-details.filter';
import { RulesModule } from './rules/rules.module';
import { StreamsModule } from './streams/streams.module';

/** The gateway: built from an already validated config and stream catalog (see main.ts). */
@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, catalog: StreamCatalog): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        MetricsModule,
        DatabaseModule,
        KafkaModule,
        AuthModule,
        StreamsModule,
        RulesModule,
        JobsModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: STREAM_CATALOG, useValue: catalog },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [APP_CONFIG, STREAM_CATALOG],
    };
  }
}

import { Module, type DynamicModule } from '@nestjs/common';
import { CheckpointRepository } from '../checkpoint/checkpoint.repository';
import { CepMetrics } from '../metrics/cep-metrics';
import { CepRunner } from '../runner/cep-runner';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';

/** The runner's HTTP surface (health and metrics) around objects built by cep-runner-app.ts. */
@Module({})
export class CepRunnerModule {
  static forRoot(runner: CepRunner, repository: CheckpointRepository, metrics: CepMetrics): DynamicModule {
    return {
      module: CepRunnerModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: CepRunner, useValue: runner },
        { provide: CheckpointRepository, useValue: repository },
        { provide: CepMetrics, useValue: metrics },
      ],
    };
  }
}

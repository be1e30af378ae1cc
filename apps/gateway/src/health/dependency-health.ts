import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../app-tokens';
import { KafkaAdapter } from '../kafka/kafka.adapter';

const CHECK_TIMEOUT_MS = 2_000;

/** Terminus indicators for the two things the gateway cannot work without. */
@Injectable()
export class DependencyHealth {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaAdapter,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  kafkaReachable(): Promise<HealthIndicatorResult> {
    return this.probe('kafka', () => this.kafka.ping());
  }

  mysqlReachable(): Promise<HealthIndicatorResult> {
    return this.probe('mysql', async () => {
      await this.dataSource.query('SELECT 1');
    });
  }

  private async probe(key: string, check: () => Promise<void>): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(key);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([check(), timeout]);
      return session.up();
    } catch (error) {
      return session.down({ message: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}

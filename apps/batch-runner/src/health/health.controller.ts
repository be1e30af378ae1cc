import { Controller, Get, HttpException, Inject } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../app-tokens';
import { BullMqAdapter } from '../queues/bullmq.adapter';

/** Liveness and readiness: MySQL answers and Redis answers. */
@Controller()
export class HealthController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly queues: BullMqAdapter,
  ) {}

  @Get('health')
  async health(): Promise<{ status: 'ok'; mysql: 'up'; redis: 'up' }> {
    const [mysql, redis] = await Promise.allSettled([
      this.dataSource.query('SELECT 1'),
      this.queues.queue('runs').getJobCounts('active'),
    ]);
    if (mysql.status === 'rejected' || redis.status === 'rejected') {
      throw new HttpException(
        {
          status: 'unavailable',
          mysql: mysql.status === 'fulfilled' ? 'up' : 'down',
          redis: redis.status === 'fulfilled' ? 'up' : 'down',
        },
        503,
      );
    }
    return { status: 'ok', mysql: 'up', redis: 'up' };
  }
}

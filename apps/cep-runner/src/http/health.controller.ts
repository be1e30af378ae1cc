import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CheckpointRepository } from '../checkpoint/checkpoint.repository';
import { CepRunner, type RunnerStatus } from '../runner/cep-runner';

interface HealthReport {
  readonly status: 'ok' | 'error';
  readonly runner: RunnerStatus;
  readonly mysql: 'up' | 'down';
}

/** Liveness (the process answers) and readiness (MySQL answers and the runner is not stuck restoring). */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(CepRunner) private readonly runner: CepRunner,
    @Inject(CheckpointRepository) private readonly repository: CheckpointRepository,
  ) {}

  @Get('live')
  live(): { status: 'ok'; runner: RunnerStatus } {
    return { status: 'ok', runner: this.runner.status };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const mysql = await this.repository.ping().then(
      () => 'up' as const,
      () => 'down' as const,
    );
    const runner = this.runner.status;
    const isReady = mysql === 'up' && (runner.phase === 'running' || runner.phase === 'standby');
    if (!isReady) void reply.status(503);
    return { status: isReady ? 'ok' : 'error', runner, mysql };
  }
}

import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { RequireScope } from '../auth/require-scope.decorator';
import { DependencyHealth } from './dependency-health';

const HEALTH_SCHEMA = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'error'] },
    info: { type: 'object' },
    error: { type: 'object' },
    details: { type: 'object' },
  },
} satisfies SchemaObject;

/** Liveness (the process answers) and readiness (Kafka and MySQL answer), without auth for probes. */
@ApiTags('operations')
@RequireScope('public')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dependencies: DependencyHealth,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200 while the process serves HTTP' })
  @ApiResponse({ status: 200, schema: HEALTH_SCHEMA })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200 when Kafka and MySQL answer, else 503 with details' })
  @ApiResponse({ status: 200, schema: HEALTH_SCHEMA })
  @ApiResponse({ status: 503, schema: HEALTH_SCHEMA })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.dependencies.kafkaReachable(),
        () => this.dependencies.mysqlReachable(),
      ]);
    } catch (error) {
      // Terminus reports "not ready" by throwing; the body is the health report, not a problem.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }
}

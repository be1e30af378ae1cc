import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Job, JobRun } from '@sluice/contracts/db';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireScope } from '../auth/require-scope.decorator';
import { DatabaseUnavailableInterceptor } from '../database/database-unavailable.interceptor';
import { ApiProblemResponses } from '../problem/api-problem-responses';
import { JobRunsService } from './job-runs.service';
import {
  JOB_BODY_SCHEMA,
  JOB_LIST_SCHEMA,
  JOB_RUN_LIST_SCHEMA,
  JOB_SCHEMA,
  RUN_REQUEST_SCHEMA,
} from './job.schemas';
import { JobsService } from './jobs.service';

@ApiTags('jobs (admin)')
@ApiBearerAuth()
@RequireScope('admin')
@UseInterceptors(DatabaseUnavailableInterceptor)
@Controller('v1/jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly runs: JobRunsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List batch jobs' })
  @ApiResponse({ status: 200, schema: JOB_LIST_SCHEMA })
  @ApiProblemResponses('UNAUTHENTICATED', 'FORBIDDEN', 'DATABASE_UNAVAILABLE')
  async list(): Promise<{ jobs: Job[] }> {
    return { jobs: await this.jobs.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One batch job' })
  @ApiResponse({ status: 200, schema: JOB_SCHEMA })
  @ApiProblemResponses(
    'REQUEST_MALFORMED',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'DATABASE_UNAVAILABLE',
  )
  get(@Param('id') id: string): Promise<Job> {
    return this.jobs.get(id);
  }

  @Put(':id')
  @ApiOperation({
    summary: 'Create or replace a batch job (Spark SQL + cron + time zone + parameters)',
    description:
      '${name} placeholders are substituted before the SQL is checked; errors answer 422 with line and column in the script as written.',
  })
  @ApiBody({ schema: JOB_BODY_SCHEMA })
  @ApiResponse({ status: 201, description: 'created', schema: JOB_SCHEMA })
  @ApiResponse({ status: 200, description: 'replaced (or unchanged)', schema: JOB_SCHEMA })
  @ApiProblemResponses(
    'REQUEST_MALFORMED',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'SQL_SYNTAX',
    'PLAN_INVALID',
    'NOT_SUPPORTED',
    'DATABASE_UNAVAILABLE',
  )
  async put(
    @Param('id') id: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Job> {
    const saved = await this.jobs.deploy(id, body);
    void reply.status(saved.isCreated ? 201 : 200);
    return saved.job;
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a batch job and its run history' })
  @ApiResponse({ status: 204, description: 'deleted' })
  @ApiProblemResponses(
    'REQUEST_MALFORMED',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'DATABASE_UNAVAILABLE',
  )
  async delete(@Param('id') id: string): Promise<void> {
    await this.jobs.delete(id);
  }

  @Post(':id/runs')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Trigger a run now, for a given logical time, or backfill a range',
    description:
      'Records the requested runs for the batch runner. A run is identified by (job, scheduledFor): one already ' +
      'queued or running is returned as is; a finished one is queued again (its output partition is replaced).',
  })
  @ApiBody({ schema: RUN_REQUEST_SCHEMA, required: false })
  @ApiResponse({ status: 202, description: 'runs queued', schema: JOB_RUN_LIST_SCHEMA })
  @ApiProblemResponses(
    'REQUEST_MALFORMED',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'DATABASE_UNAVAILABLE',
  )
  async requestRuns(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ runs: JobRun[] }> {
    return { runs: await this.runs.request(id, body, principal.keyId) };
  }

  @Get(':id/runs')
  @ApiOperation({ summary: 'Runs of a job, newest scheduled time first' })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  })
  @ApiQuery({
    name: 'status',
    required: false,
    schema: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed'] },
  })
  @ApiResponse({ status: 200, schema: JOB_RUN_LIST_SCHEMA })
  @ApiProblemResponses(
    'REQUEST_MALFORMED',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'DATABASE_UNAVAILABLE',
  )
  async listRuns(
    @Param('id') id: string,
    @Query('limit') limit?: string,
    @Query('status') status?: string,
  ): Promise<{ runs: JobRun[] }> {
    return { runs: await this.runs.list(id, limit, status) };
  }
}

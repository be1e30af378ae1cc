import { Inject, Injectable } from '@nestjs/common';
import { SluiceError, type JobRunStatus } from '@sluice/contracts';
import type { Job, JobRun, JobRunTrigger } from '@sluice/contracts/db';
import { APP_CONFIG } from '../app-tokens';
import { compileBodyValidator } from '../common/body-validator';
import type { GatewayConfig } from '../config';
import { fireTimesBetween, previousFireTime } from './cron-schedule';
import { JobRunRepository, type RunPlan } from './job-run.repository';
import { RUN_REQUEST_SCHEMA, type RunRequest } from './job.schemas';
import { checkParameterNames, JobsService } from './jobs.service';

const parseRunRequest = compileBodyValidator<RunRequest>(RUN_REQUEST_SCHEMA);
const STATUSES: readonly JobRunStatus[] = ['queued', 'running', 'succeeded', 'failed'];

/**
 * Triggers and backfills: turns a request into run rows for the batch runner. A job with a
 * cron gets Airflow-style data intervals: the run at t covers [previous fire time, t).
 */
@Injectable()
export class JobRunsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    private readonly jobs: JobsService,
    private readonly runs: JobRunRepository,
  ) {}

  async request(jobId: string, body: unknown, requestedBy: string, now = new Date()): Promise<JobRun[]> {
    const request = parseRunRequest(body ?? {});
    const parameters = request.parameters ?? {};
    checkParameterNames(parameters);
    const job = await this.jobs.get(jobId);
    const { trigger, plans } = await planRuns(job, request, now, this.config.maxBackfillRuns);
    return this.runs.request(plans, {
      jobId,
      jobVersion: job.version,
      trigger,
      parameters,
      requestedBy,
      requestedAt: now,
    });
  }

  async list(jobId: string, limitText?: string, status?: string): Promise<JobRun[]> {
    const limit = limitText === undefined ? 50 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw malformed('/limit', 'limit must be a whole number from 1 to 500');
    if (status !== undefined && !STATUSES.includes(status as JobRunStatus)) {
      throw malformed('/status', `status must be one of ${STATUSES.join(', ')}`);
    }
    await this.jobs.get(jobId);
    return this.runs.list(jobId, limit, status as JobRunStatus | undefined);
  }
}

export async function planRuns(
  job: Job,
  request: RunRequest,
  now: Date,
  maxRuns: number,
): Promise<{ trigger: JobRunTrigger; plans: RunPlan[] }> {
  if (request.backfill && request.scheduledFor)
    throw malformed('', 'give either scheduledFor or backfill, not both');
  if (request.backfill) {
    if (!job.cron)
      throw malformed(
        '/backfill',
        `job '${job.id}' has no cron schedule to backfill; trigger single runs with scheduledFor`,
      );
    const from = new Date(request.backfill.from);
    const to = new Date(request.backfill.to);
    if (from >= to) throw malformed('/backfill', 'backfill.from must be before backfill.to');
    const times = await fireTimesBetween(job.cron, job.timezone, from, to, maxRuns);
    if (times.length === 0) throw malformed('/backfill', 'no cron fire time falls in [from, to)');
    // Each run's data interval starts at the fire before it: only the first needs a lookup.
    const starts = [previousFireTime(job.cron, job.timezone, times[0]!), ...times.slice(0, -1)];
    return {
      trigger: 'backfill',
      plans: times.map((t, i) => ({ scheduledFor: t, windowStart: starts[i]!, windowEnd: t })),
    };
  }
  // "Now" is truncated to the second so a double-clicked trigger yields one run, not two.
  const at = request.scheduledFor
    ? new Date(request.scheduledFor)
    : new Date(Math.floor(now.getTime() / 1000) * 1000);
  return { trigger: 'manual', plans: [planAt(job, at)] };
}

function planAt(job: Job, at: Date): RunPlan {
  if (!job.cron) return { scheduledFor: at, windowStart: null, windowEnd: null };
  return { scheduledFor: at, windowStart: previousFireTime(job.cron, job.timezone, at), windowEnd: at };
}

function malformed(pointer: string, message: string): SluiceError {
  return new SluiceError('REQUEST_MALFORMED', message, { details: [{ pointer, message }] });
}

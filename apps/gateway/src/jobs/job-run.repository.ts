import { Inject, Injectable } from '@nestjs/common';
import type { JobRunStatus } from '@sluice/contracts';
import { JobRun, type JobRunTrigger } from '@sluice/contracts/db';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { DATA_SOURCE } from '../app-tokens';

/** A run to request: its identity is (job, scheduledFor). */
export interface RunPlan {
  readonly scheduledFor: Date;
  readonly windowStart: Date | null;
  readonly windowEnd: Date | null;
}

export interface RunRequestContext {
  readonly jobId: string;
  readonly jobVersion: number;
  readonly trigger: JobRunTrigger;
  readonly parameters: Record<string, string>;
  readonly requestedBy: string;
  readonly requestedAt: Date;
}

/** A run that is queued or running is left alone; only a finished one is requeued. */
const KEEP = `status IN ('queued', 'running')`;

/** MySQL access for job runs (sluice_job_runs), the table the batch runner consumes. */
@Injectable()
export class JobRunRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * Requests runs in one statement. A (job, scheduledFor) that already has a queued or running
   * run keeps it (no duplicate); a finished one goes back to 'queued' with the new request's
   * details, which re-runs it. Returns the rows as they are afterwards, oldest first.
   */
  async request(plans: readonly RunPlan[], context: RunRequestContext): Promise<JobRun[]> {
    const params = JSON.stringify(context.parameters);
    const rows = plans.map((p) => [
      context.jobId,
      p.scheduledFor,
      context.trigger,
      p.windowStart,
      p.windowEnd,
      params,
      context.jobVersion,
      'queued',
      0,
      context.requestedBy,
      context.requestedAt,
    ]);
    const placeholders = rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
    // `status` is assigned last: MySQL evaluates the assignments left to right.
    await this.dataSource.query(
      `INSERT INTO sluice_job_runs
         (job_id, scheduled_for, trigger_kind, window_start, window_end, parameters, job_version, status, attempts, requested_by, requested_at)
       VALUES ${placeholders}
       ON DUPLICATE KEY UPDATE
         trigger_kind = IF(${KEEP}, trigger_kind, VALUES(trigger_kind)),
         window_start = IF(${KEEP}, window_start, VALUES(window_start)),
         window_end = IF(${KEEP}, window_end, VALUES(window_end)),
         parameters = IF(${KEEP}, parameters, VALUES(parameters)),
         job_version = IF(${KEEP}, job_version, VALUES(job_version)),
         requested_by = IF(${KEEP}, requested_by, VALUES(requested_by)),
         requested_at = IF(${KEEP}, requested_at, VALUES(requested_at)),
         started_at = IF(${KEEP}, started_at, NULL),
         finished_at = IF(${KEEP}, finished_at, NULL),
         error = IF(${KEEP}, error, NULL),
         status = IF(${KEEP}, status, 'queued')`,
      rows.flat(),
    );
    return this.dataSource.getRepository(JobRun).find({
      where: { jobId: context.jobId, scheduledFor: In(plans.map((p) => p.scheduledFor)) },
      order: { scheduledFor: 'ASC' },
    });
  }

  list(jobId: string, limit: number, status?: JobRunStatus): Promise<JobRun[]> {
    return this.dataSource.getRepository(JobRun).find({
      where: { jobId, ...(status ? { status } : {}) },
      order: { scheduledFor: 'DESC', id: 'DESC' },
      take: limit,
    });
  }
}

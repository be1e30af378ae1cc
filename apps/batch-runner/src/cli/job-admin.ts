import { SluiceError } from '@sluice/contracts';
import { Job, JobRun, type JobRunTrigger } from '@sluice/contracts/db';
import { In, type DataSource } from 'typeorm';
import { fireTimesBetween, previousFireTime } from '../scheduler/cron-times';

export interface JobChange {
  readonly sql: string;
  readonly cron: string | null;
  readonly timezone: string;
  readonly parameters: Record<string, string>;
  readonly enabled: boolean;
}

/**
 * Job and run requests from the command line, written exactly as the gateway's admin API writes
 * them (sluice_jobs rows with a version that changes with the definition; sluice_job_runs rows
 * in status 'queued'), for operators and the demo when no gateway runs.
 */
export class JobAdmin {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates or replaces a job; an unchanged definition keeps its version. */
  async save(id: string, change: JobChange, now = new Date()): Promise<{ job: Job; isCreated: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const jobs = manager.getRepository(Job);
      const existing = await jobs.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!existing) {
        const job = jobs.create({ id, ...change, version: 1, createdAt: now, updatedAt: now });
        await jobs.insert(job);
        return { job, isCreated: true };
      }
      const isSame =
        existing.sql === change.sql &&
        existing.cron === change.cron &&
        existing.timezone === change.timezone &&
        existing.enabled === change.enabled &&
        JSON.stringify(existing.parameters) === JSON.stringify(change.parameters);
      if (isSame) return { job: existing, isCreated: false };
      const patch = { ...change, version: existing.version + 1, updatedAt: now };
      await jobs.update({ id }, patch);
      return { job: Object.assign(existing, patch), isCreated: false };
    });
  }

  /**
   * Requests one run at `scheduledFor` (default: now, to the second) or one per cron fire in
   * [from, to). A run already queued or running is left alone; a finished one is queued again.
   */
  async request(
    jobId: string,
    request: {
      scheduledFor?: Date;
      backfill?: { from: Date; to: Date };
      parameters?: Record<string, string>;
    },
    requestedBy = 'cli',
    now = new Date(),
  ): Promise<JobRun[]> {
    const job = await this.dataSource.getRepository(Job).findOneBy({ id: jobId });
    if (!job) throw new SluiceError('NOT_FOUND', `no job '${jobId}'`);
    let trigger: JobRunTrigger = 'manual';
    let times: Date[];
    if (request.backfill) {
      if (!job.cron)
        throw new SluiceError('REQUEST_MALFORMED', `job '${jobId}' has no cron schedule to backfill`);
      times = fireTimesBetween(job.cron, job.timezone, request.backfill.from, request.backfill.to, 1000);
      if (times.length === 0)
        throw new SluiceError('REQUEST_MALFORMED', 'no cron fire time falls in [from, to)');
      trigger = 'backfill';
    } else times = [request.scheduledFor ?? new Date(Math.floor(now.getTime() / 1000) * 1000)];
    const keep = `status IN ('queued', 'running')`;
    const rows = times.map((t) => {
      const start = job.cron ? previousFireTime(job.cron, job.timezone, t) : null;
      return [
        jobId,
        t,
        trigger,
        start,
        job.cron ? t : null,
        JSON.stringify(request.parameters ?? {}),
        job.version,
        'queued',
        0,
        requestedBy,
        now,
      ];
    });
    await this.dataSource.query(
      `INSERT INTO sluice_job_runs
         (job_id, scheduled_for, trigger_kind, window_start, window_end, parameters, job_version, status, attempts, requested_by, requested_at)
       VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE
         trigger_kind = IF(${keep}, trigger_kind, VALUES(trigger_kind)),
         window_start = IF(${keep}, window_start, VALUES(window_start)),
         window_end = IF(${keep}, window_end, VALUES(window_end)),
         parameters = IF(${keep}, parameters, VALUES(parameters)),
         job_version = IF(${keep}, job_version, VALUES(job_version)),
         requested_by = IF(${keep}, requested_by, VALUES(requested_by)),
         requested_at = IF(${keep}, requested_at, VALUES(requested_at)),
         started_at = IF(${keep}, started_at, NULL),
         finished_at = IF(${keep}, finished_at, NULL),
         error = IF(${keep}, error, NULL),
         status = IF(${keep}, status, 'queued')`,
      rows.flat(),
    );
    return this.runs(jobId, times);
  }

  runs(jobId: string, times?: readonly Date[], limit = 50): Promise<JobRun[]> {
    return this.dataSource.getRepository(JobRun).find({
      where: { jobId, ...(times ? { scheduledFor: In([...times]) } : {}) },
      order: { scheduledFor: 'DESC' },
      take: limit,
    });
  }
}

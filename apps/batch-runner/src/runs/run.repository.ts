import { Inject, Injectable } from '@nestjs/common';
import { Job, JobRun } from '@sluice/contracts/db';
import type { DataSource, QueryRunner } from 'typeorm';
import { DATA_SOURCE } from '../app-tokens';

/** A queued run the dispatcher may hand to BullMQ. */
export interface QueuedRun {
  readonly id: string;
  readonly jobId: string;
  readonly scheduledFor: Date;
  readonly requestedAt: Date;
}

/** A run request's identity: the row plus the request (a re-requested run gets a new requestedAt). */
export interface RunRequestKey {
  readonly runId: string;
  readonly requestedAtMs: number;
}

/** What a successful run records, in the transaction that writes its output. */
export interface RunOutcome {
  readonly inputRanges: unknown;
  readonly rowsWritten: number;
}

/** Position changes of an incremental run: range key -> [planned start, new next position]. */
export type OffsetAdvance = ReadonlyMap<string, { readonly start: string; readonly end: string }>;

export class SupersededRunError extends Error {
  override readonly name = 'SupersededRunError';
}

/**
 * MySQL access for runs (sluice_job_runs, written by the gateway and by this runner's scheduler)
 * and incremental positions (sluice_job_offsets). Status changes are guarded by the request's
 * requestedAt, so a stale worker never touches a run that was requested again meanwhile.
 */
@Injectable()
export class RunRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  findJob(id: string): Promise<Job | null> {
    return this.dataSource.getRepository(Job).findOneBy({ id });
  }

  findRun(id: string): Promise<JobRun | null> {
    return this.dataSource.getRepository(JobRun).findOneBy({ id });
  }

  listJobs(): Promise<Job[]> {
    return this.dataSource.getRepository(Job).find({ order: { id: 'ASC' } });
  }

  /**
   * A cron fire: one row per (job, scheduled time). A second fire of the same slot (BullMQ
   * schedulers can fire twice) finds the row and changes nothing, whatever its status.
   */
  async insertScheduledRun(run: {
    jobId: string;
    jobVersion: number;
    scheduledFor: Date;
    windowStart: Date | null;
    windowEnd: Date | null;
    requestedAt: Date;
  }): Promise<boolean> {
    // IGNORE: the unique key (job, scheduled time) turns a repeated fire into a no-op.
    const result = (await this.dataSource.query(
      `INSERT IGNORE INTO sluice_job_runs
         (job_id, scheduled_for, trigger_kind, window_start, window_end, parameters, job_version, status, attempts, requested_by, requested_at)
       VALUES (?, ?, 'schedule', ?, ?, '{}', ?, 'queued', 0, 'scheduler', ?)`,
      [run.jobId, run.scheduledFor, run.windowStart, run.windowEnd, run.jobVersion, run.requestedAt],
    )) as { affectedRows?: number };
    return result.affectedRows === 1;
  }

  /**
   * Claims queued runs, oldest request first, under a MySQL advisory lock so that only one
   * dispatcher (of any runner process) decides at a time and per-job limits hold across
   * processes. `enqueue` runs inside the transaction: if it throws, the run stays queued; if the
   * commit fails after it, the next claim enqueues the same BullMQ job id again, a no-op.
   */
  async claimQueued(
    limit: number,
    admit: (run: QueuedRun, running: Map<string, number>) => Promise<boolean>,
    enqueue: (run: QueuedRun) => Promise<void>,
  ): Promise<QueuedRun[]> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query(`SELECT GET_LOCK('sluice_batch_dispatch', 0) AS locked`)) as {
        locked: number | string;
      }[];
      if (Number(locked) !== 1) return [];
      try {
        return await this.claimLocked(runner, limit, admit, enqueue);
      } finally {
        await runner.query(`SELECT RELEASE_LOCK('sluice_batch_dispatch')`);
      }
    } finally {
      await runner.release();
    }
  }

  private async claimLocked(
    runner: QueryRunner,
    limit: number,
    admit: (run: QueuedRun, running: Map<string, number>) => Promise<boolean>,
    enqueue: (run: QueuedRun) => Promise<void>,
  ): Promise<QueuedRun[]> {
    await runner.startTransaction();
    try {
      const rows = (await runner.query(
        `SELECT id, job_id, scheduled_for, requested_at FROM sluice_job_runs WHERE status = 'queued' ORDER BY requested_at, id LIMIT ? FOR UPDATE SKIP LOCKED`,
        [limit],
      )) as { id: string; job_id: string; scheduled_for: Date; requested_at: Date }[];
      const counts = (await runner.query(
        `SELECT job_id, COUNT(*) AS n FROM sluice_job_runs WHERE status = 'running' GROUP BY job_id`,
      )) as { job_id: string; n: string }[];
      const running = new Map(counts.map((c) => [c.job_id, Number(c.n)]));
      const claimed: QueuedRun[] = [];
      for (const row of rows) {
        const run: QueuedRun = {
          id: String(row.id),
          jobId: row.job_id,
          scheduledFor: row.scheduled_for,
          requestedAt: row.requested_at,
        };
        if (!(await admit(run, running))) continue;
        await enqueue(run);
        await runner.query(
          `UPDATE sluice_job_runs SET status = 'running', started_at = NULL, finished_at = NULL, error = NULL WHERE id = ?`,
          [run.id],
        );
        running.set(run.jobId, (running.get(run.jobId) ?? 0) + 1);
        claimed.push(run);
      }
      await runner.commitTransaction();
      return claimed;
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  }

  /** Runs marked running, for the recovery sweep (their BullMQ job may have been lost). */
  async running(): Promise<QueuedRun[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, job_id, scheduled_for, requested_at FROM sluice_job_runs WHERE status = 'running'`,
    )) as {
      id: string;
      job_id: string;
      scheduled_for: Date;
      requested_at: Date;
    }[];
    return rows.map((r) => ({
      id: String(r.id),
      jobId: r.job_id,
      scheduledFor: r.scheduled_for,
      requestedAt: r.requested_at,
    }));
  }

  /** Back to queued (its BullMQ job vanished, e.g. Redis was flushed). */
  async requeue(key: RunRequestKey): Promise<void> {
    await this.dataSource.query(
      `UPDATE sluice_job_runs SET status = 'queued' WHERE id = ? AND requested_at = ? AND status = 'running'`,
      [key.runId, new Date(key.requestedAtMs)],
    );
  }

  /** A worker starts (or retries) the run: false when the run was requested again or is gone. */
  async markStarted(key: RunRequestKey): Promise<boolean> {
    const result = (await this.dataSource.query(
      `UPDATE sluice_job_runs SET status = 'running', started_at = NOW(3), finished_at = NULL, error = NULL, attempts = attempts + 1
       WHERE id = ? AND requested_at = ? AND status IN ('queued', 'running')`,
      [key.runId, new Date(key.requestedAtMs)],
    )) as { affectedRows?: number };
    return (result.affectedRows ?? 0) > 0;
  }

  async markFailed(key: RunRequestKey, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE sluice_job_runs SET status = 'failed', finished_at = NOW(3), error = ? WHERE id = ? AND requested_at = ? AND status IN ('queued', 'running')`,
      [error.slice(0, 60_000), key.runId, new Date(key.requestedAtMs)],
    );
  }

  async offsets(jobId: string): Promise<Map<string, string>> {
    const rows = (await this.dataSource.query(
      `SELECT range_key, next_position FROM sluice_job_offsets WHERE job_id = ?`,
      [jobId],
    )) as { range_key: string; next_position: string }[];
    return new Map(rows.map((r) => [r.range_key, r.next_position]));
  }

  /**
   * The commit of a run: one transaction that checks the run is still this request, checks and
   * advances the incremental positions, lets `write` put the output, and marks the run
   * succeeded with its input ranges. Throws SupersededRunError (nothing written) when the run
   * was requested again meanwhile; an error when another run moved the positions first.
   */
  async commit(
    key: RunRequestKey,
    jobId: string,
    advance: OffsetAdvance,
    write: (runner: QueryRunner) => Promise<void>,
    outcome: () => RunOutcome,
  ): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      try {
        const rows = (await runner.query(
          `SELECT status, requested_at FROM sluice_job_runs WHERE id = ? FOR UPDATE`,
          [key.runId],
        )) as { status: string; requested_at: Date }[];
        if (
          rows.length === 0 ||
          rows[0]!.requested_at.getTime() !== key.requestedAtMs ||
          rows[0]!.status !== 'running'
        )
          throw new SupersededRunError(
            `run ${key.runId} was requested again or finished meanwhile; this attempt writes nothing`,
          );
        await this.advanceOffsets(runner, key, jobId, advance);
        await write(runner);
        const { inputRanges, rowsWritten } = outcome();
        await runner.query(
          `UPDATE sluice_job_runs SET status = 'succeeded', finished_at = NOW(3), error = NULL, input_ranges = ?, rows_written = ? WHERE id = ?`,
          [JSON.stringify(inputRanges), rowsWritten, key.runId],
        );
        await runner.commitTransaction();
      } catch (error) {
        await runner.rollbackTransaction();
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  private async advanceOffsets(
    runner: QueryRunner,
    key: RunRequestKey,
    jobId: string,
    advance: OffsetAdvance,
  ): Promise<void> {
    if (advance.size === 0) return;
    const rows = (await runner.query(
      `SELECT range_key, next_position FROM sluice_job_offsets WHERE job_id = ? FOR UPDATE`,
      [jobId],
    )) as { range_key: string; next_position: string }[];
    const stored = new Map(rows.map((r) => [r.range_key, r.next_position]));
    for (const [rangeKey, { start, end }] of advance) {
      const current = stored.get(rangeKey);
      if (current !== undefined && current !== start)
        throw new Error(
          `incremental input ${rangeKey} moved to ${current} after this run planned to read from ${start}: another run of job '${jobId}' committed first; request this run again`,
        );
      await runner.query(
        `INSERT INTO sluice_job_offsets (job_id, range_key, next_position, run_id, updated_at) VALUES (?, ?, ?, ?, NOW(3))
         ON DUPLICATE KEY UPDATE next_position = VALUES(next_position), run_id = VALUES(run_id), updated_at = VALUES(updated_at)`,
        [jobId, rangeKey, end, key.runId],
      );
    }
  }
}

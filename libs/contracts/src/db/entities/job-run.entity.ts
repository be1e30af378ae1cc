import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { JobRunStatus } from '../../definitions';
import { jsonTextColumn } from './json-text-column';

/** Why a run exists: a cron fire (batch runner), a manual trigger, or one step of a backfill. */
export type JobRunTrigger = 'schedule' | 'manual' | 'backfill';

/**
 * One requested or executed run of a batch job. The gateway inserts rows with status 'queued'
 * (trigger/backfill); the batch runner inserts its cron fires the same way and claims work with
 *
 *   SELECT ... FROM sluice_job_runs WHERE status = 'queued' ORDER BY requested_at, id
 *   LIMIT n FOR UPDATE SKIP LOCKED;  UPDATE ... SET status = 'running', attempts = attempts + 1
 *
 * A run's identity is (job, scheduled time) (DESIGN.md, batch runner): the unique key makes a
 * double fire or a repeated trigger land on the same row, and a finished run that is triggered
 * again goes back to 'queued' and replaces its output partition when it runs.
 */
@Entity({ name: 'sluice_job_runs' })
@Index('uq_job_runs_job_time', ['jobId', 'scheduledFor'], { unique: true })
@Index('ix_job_runs_status', ['status', 'requestedAt'])
export class JobRun {
  /** BIGINT, handed out as a string (the data source keeps big numbers exact). */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'job_id', type: 'varchar', length: 128 })
  jobId!: string;

  /** Logical time of the run (the cron fire time it stands for); run_date derives from it. */
  @Column({ name: 'scheduled_for', type: 'datetime', precision: 3 })
  scheduledFor!: Date;

  @Column({ name: 'trigger_kind', type: 'varchar', length: 16 })
  trigger!: JobRunTrigger;

  /** Data interval [windowStart, windowEnd): previous cron fire to this one; null without cron. */
  @Column({ name: 'window_start', type: 'datetime', precision: 3, nullable: true })
  windowStart!: Date | null;

  @Column({ name: 'window_end', type: 'datetime', precision: 3, nullable: true })
  windowEnd!: Date | null;

  /** Overrides of the job's default parameters for this run only. */
  @Column({ type: 'text', transformer: jsonTextColumn<Record<string, string>>() })
  parameters!: Record<string, string>;

  /** The job definition's version when the run was requested. */
  @Column({ name: 'job_version', type: 'int' })
  jobVersion!: number;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status!: JobRunStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /** API key id (gateway) or 'scheduler' (batch runner). */
  @Column({ name: 'requested_by', type: 'varchar', length: 64, nullable: true })
  requestedBy!: string | null;

  @Column({ name: 'requested_at', type: 'datetime', precision: 3 })
  requestedAt!: Date;

  @Column({ name: 'started_at', type: 'datetime', precision: 3, nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** Written by the batch runner: the Kafka offset / primary-key ranges the run read (JSON). */
  @Column({ name: 'input_ranges', type: 'text', nullable: true, transformer: jsonTextColumn<unknown>() })
  inputRanges!: unknown;

  @Column({
    name: 'rows_written',
    type: 'bigint',
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  rowsWritten!: number | null;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Where an incremental batch job's next run starts reading (Spark's Trigger.AvailableNow with a
 * checkpoint): one row per job and input range key, e.g. `kafka:orders/3` -> next offset. The
 * batch runner advances it in the transaction that writes the run's output and marks the run
 * succeeded, so across runs every event is read exactly once.
 */
@Entity({ name: 'sluice_job_offsets' })
export class JobOffset {
  @PrimaryColumn({ name: 'job_id', type: 'varchar', length: 128 })
  jobId!: string;

  /** `<scope>:<key>`, e.g. `kafka:orders/3`. */
  @PrimaryColumn({ name: 'range_key', type: 'varchar', length: 255 })
  rangeKey!: string;

  /** First position the next run reads (a Kafka offset, as decimal text). */
  @Column({ name: 'next_position', type: 'varchar', length: 64 })
  nextPosition!: string;

  /** The run that advanced it (sluice_job_runs.id). */
  @Column({ name: 'run_id', type: 'bigint' })
  runId!: string;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}

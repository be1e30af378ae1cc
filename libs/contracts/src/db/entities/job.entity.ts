import { Column, Entity, PrimaryColumn } from 'typeorm';
import { jsonTextColumn } from './json-text-column';

/**
 * A scheduled batch job (Spark SQL + cron) deployed through the gateway's admin API. The batch
 * runner turns `cron`/`timezone` into a BullMQ job scheduler and re-reads the row when
 * `version` changes.
 */
@Entity({ name: 'sluice_jobs' })
export class Job {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  id!: string;

  @Column({ name: 'sql_text', type: 'mediumtext' })
  sql!: string;

  /** 5- or 6-field cron expression; null for jobs that only run when triggered. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  cron!: string | null;

  /** IANA time zone the cron expression is read in. */
  @Column({ type: 'varchar', length: 64 })
  timezone!: string;

  /** Default values of `${name}` placeholders. */
  @Column({ type: 'text', transformer: jsonTextColumn<Record<string, string>>() })
  parameters!: Record<string, string>;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}

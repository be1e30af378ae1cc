/** A scheduled batch job: a Spark SQL script with a cron schedule and parameters. */
export interface JobDefinition {
  readonly id: string;
  readonly sql: string;
  /** Cron expression (5 or 6 fields); absent for jobs that only run on demand. */
  readonly cron?: string;
  /** IANA time zone the cron expression is read in. */
  readonly timezone: string;
  /** Default values for `${name}` placeholders; `run_date`, `window_start`, `window_end` are always set. */
  readonly parameters: Readonly<Record<string, string>>;
  readonly enabled: boolean;
}

export type JobRunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

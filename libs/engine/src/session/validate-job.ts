import type { ConnectorRegistry } from '../connector/connector';
import { compileBatchJob } from './batch-job';

export interface ValidateJobOptions {
  /**
   * The batch runner's connectors (libs/connectors `batchConnectors()`), so data source names and
   * options are checked and Kafka tables get their fixed schema. Only their I/O-free parts are
   * called. Without them, any data source name is accepted and column-less tables stay unbound.
   */
  readonly connectors?: ConnectorRegistry;
  /**
   * Accept statements over tables the script does not declare (they are only parsed). The batch
   * runner has no catalog beyond the script, so such a job fails at run time: default false.
   */
  readonly allowUndeclaredTables?: boolean;
}

export interface ValidatedJob {
  /** One per INSERT / bare SELECT that was planned. */
  readonly stages: readonly ValidatedStage[];
  /** Statements only parsed (tables whose schema is read from data at run time, or undeclared). */
  readonly uncheckedStatements: number;
}

export interface ValidatedStage {
  readonly line: number;
  readonly column: number;
  /** INSERT target; undefined for a bare SELECT. */
  readonly target?: string;
  /** The table whose splits run as parallel map tasks; undefined: the statement runs as one task. */
  readonly splitBy?: string;
  /** True when the map tasks ship partial aggregates (merged by the reduce side). */
  readonly isPartialAggregate: boolean;
}

/** Sample values for the parameters every run sets, so scripts using them can be checked. */
const SAMPLE_RUN_PARAMETERS: Readonly<Record<string, string>> = {
  run_date: '2000-01-01',
  window_start: '2000-01-01 00:00:00',
  window_end: '2000-01-02 00:00:00',
};

/**
 * Deploy-time check of a batch job (Spark SQL with `${name}` parameters), without I/O: the
 * parameters are substituted as the batch runner does (values as SQL literals), the script is
 * parsed and every statement whose tables have a known schema is planned exactly as a run plans
 * it. Throws a SluiceError (SQL_SYNTAX, PLAN_*, NOT_SUPPORTED, CONFIG_INVALID) whose `position`
 * is the line:column in the script as written.
 */
export async function validateJob(
  sql: string,
  parameters: Readonly<Record<string, string>> = {},
  options: ValidateJobOptions = {},
): Promise<ValidatedJob> {
  const job = await compileBatchJob(sql, {
    connectors: options.connectors,
    parameters: { ...SAMPLE_RUN_PARAMETERS, ...parameters },
    offline: true,
    allowUndeclaredTables: options.allowUndeclaredTables ?? false,
    nowMs: 0,
  });
  return {
    stages: job.stages.map((s) => ({
      ...job.originalPosition(s.pos),
      target: s.target?.name,
      splitBy: s.split.driving?.name,
      isPartialAggregate: s.isPartialAggregate,
    })),
    uncheckedStatements: job.uncheckedStatements,
  };
}

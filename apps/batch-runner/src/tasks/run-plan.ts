import type { InputRange, InputSplit } from '@sluice/engine';

/** What one run reads from one table, decided once when the run is planned. */
export interface PlannedInput {
  readonly table: string;
  readonly connector: string;
  /** Splits of a splittable table (Kafka ranges, JDBC strides); absent: the table is read whole. */
  readonly splits?: readonly InputSplit[];
  readonly ranges: readonly InputRange[];
  readonly isIncremental: boolean;
}

/** Everything a task or the merge needs, fixed for every retry of one run request. */
export interface RunContext {
  readonly sql: string;
  readonly parameters: Readonly<Record<string, string>>;
  /** "Now" of the run (its scheduled time): CURRENT_TIMESTAMP is the same in every task and retry. */
  readonly nowMs: number;
  readonly deadlineMs: number;
  /** By lower-cased table name. */
  readonly inputs: Readonly<Record<string, PlannedInput>>;
}

export interface PlannedTask {
  readonly stage: number;
  /** Index into the driving table's splits; null: the stage runs as one task over whole tables. */
  readonly split: number | null;
}

export interface RunPlan extends RunContext {
  readonly tasks: readonly PlannedTask[];
  /** Incremental positions this run moves: `<connector>:<range key>` -> [start, end). */
  readonly advance: readonly (readonly [string, { readonly start: string; readonly end: string }])[];
  /** A re-run of a run that succeeded before: reads its recorded incremental ranges again. */
  readonly isReplay: boolean;
}

/** Data of a job on the runs queue. */
export interface RunJobData {
  readonly runId: string;
  readonly jobId: string;
  readonly requestedAtMs: number;
  readonly plan?: RunPlan;
  /** True once the map tasks were added (a retry must not add them again). */
  readonly isSpawned?: boolean;
}

/** Data of a job on the tasks queue. */
export interface MapTaskData {
  readonly runId: string;
  readonly jobId: string;
  readonly requestedAtMs: number;
  readonly stage: number;
  readonly split: number | null;
  readonly context: RunContext;
}

/** What sluice_job_runs.input_ranges records for a successful run. */
export interface RecordedInputs {
  readonly inputs: readonly {
    readonly table: string;
    readonly connector: string;
    readonly splits: number;
    readonly ranges: readonly InputRange[];
    readonly isIncremental: boolean;
  }[];
}

/** BullMQ job id of a run request (ids may not contain ':'). */
export function runJobId(runId: string, requestedAtMs: number): string {
  return `run-${runId}-${requestedAtMs}`;
}

export function taskJobId(runJob: string, task: PlannedTask): string {
  return `${runJob}-s${task.stage}-${task.split === null ? 'all' : `t${task.split}`}`;
}

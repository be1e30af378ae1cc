import { Inject, Injectable } from '@nestjs/common';
import type { Job, JobRun } from '@sluice/contracts/db';
import { isSplittableConnector, type InputRange } from '@sluice/engine';
import { APP_CONFIG } from '../app-tokens';
import type { BatchRunnerConfig } from '../config';
import { jobSettings } from '../runs/job-settings';
import { runParameters } from '../runs/run-parameters';
import { RunRepository } from '../runs/run.repository';
import { CompiledJobs } from './compiled-jobs';
import type { PlannedInput, PlannedTask, RecordedInputs, RunPlan } from './run-plan';

/**
 * Plans a run, Spark-style: compiles the job with the run's parameters, asks every splittable
 * table for its splits (resolving `latest` offsets and JDBC strides once, for all tasks), and
 * lists one map task per split of each statement's driving table. Incremental tables start where
 * the job's last successful run stopped; a run that succeeded before reads its recorded ranges
 * again, so re-running it reproduces its output.
 */
@Injectable()
export class RunPlanner {
  constructor(
    @Inject(APP_CONFIG) private readonly config: BatchRunnerConfig,
    private readonly compiled: CompiledJobs,
    private readonly runs: RunRepository,
  ) {}

  async plan(job: Job, run: JobRun, now = Date.now()): Promise<RunPlan> {
    const parameters = runParameters(job, run);
    const nowMs = run.scheduledFor.getTime();
    const settings = jobSettings(job.sql, parameters, {
      maxConcurrentPerJob: this.config.runs.maxConcurrentPerJob,
      attempts: this.config.runs.attempts,
      timeoutMs: this.config.runs.timeoutMs,
    });
    const compiled = await this.compiled.compile(job.sql, parameters, nowMs);
    const registry = this.compiled.connectors.registry;
    const stored = await this.runs.offsets(job.id);
    const recorded = recordedRanges(run.inputRanges);
    const inputs: Record<string, PlannedInput> = {};
    const advance: [string, { start: string; end: string }][] = [];
    let isReplay = false;
    for (const table of compiled.sourceTables) {
      const connector = table.options.get('connector') ?? '';
      const factory = registry.get(connector);
      const name = table.name.toLowerCase();
      if (!isSplittableConnector(factory)) {
        inputs[name] = { table: table.name, connector, ranges: [], isIncremental: false };
        continue;
      }
      const replay = recorded.get(name);
      const resumeFrom = new Map(
        [...stored]
          .filter(([k]) => k.startsWith(`${connector}:`))
          .map(([k, v]) => [k.slice(connector.length + 1), v]),
      );
      const planned = await factory.planSplits(table, compiled.connectorContext, { resumeFrom, replay });
      inputs[name] = {
        table: table.name,
        connector,
        splits: planned.splits,
        ranges: planned.ranges,
        isIncremental: planned.isIncremental,
      };
      if (!planned.isIncremental) continue;
      if (replay) isReplay = true;
      else
        for (const r of planned.ranges)
          advance.push([`${connector}:${r.key}`, { start: r.start, end: r.end }]);
    }
    const tasks: PlannedTask[] = compiled.stages.flatMap((stage): PlannedTask[] => {
      const driving = stage.split.driving;
      if (!driving) return [{ stage: stage.index, split: null }];
      return (inputs[driving.name.toLowerCase()]?.splits ?? []).map((_, i) => ({
        stage: stage.index,
        split: i,
      }));
    });
    return {
      sql: job.sql,
      parameters,
      nowMs,
      deadlineMs: now + settings.timeoutMs,
      inputs,
      tasks,
      advance,
      isReplay,
    };
  }
}

/** Incremental ranges a previous successful attempt of this run recorded, by table. */
function recordedRanges(inputRanges: unknown): Map<string, readonly InputRange[]> {
  const recorded = inputRanges as Partial<RecordedInputs> | null;
  const ranges = new Map<string, readonly InputRange[]>();
  for (const input of recorded?.inputs ?? [])
    if (input.isIncremental) ranges.set(input.table.toLowerCase(), input.ranges);
  return ranges;
}

/** What the run row records: per table, its ranges and split count. */
export function recordInputs(plan: RunPlan): RecordedInputs {
  return {
    inputs: Object.values(plan.inputs).map((i) => ({
      table: i.table,
      connector: i.connector,
      splits: i.splits?.length ?? 1,
      ranges: i.ranges,
      isIncremental: i.isIncremental,
    })),
  };
}

import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SluiceError } from '@sluice/contracts';
import { UnrecoverableError, type Job } from 'bullmq';
import { APP_CONFIG } from '../app-tokens';
import type { BatchRunnerConfig } from '../config';
import { BullMqAdapter } from '../queues/bullmq.adapter';
import { RunRepository } from '../runs/run.repository';
import { CompiledJobs } from './compiled-jobs';
import { encodeMapOutput, type EncodedMapOutput } from './map-output-codec';
import type { MapTaskData } from './run-plan';
import { plannedTableReader } from './table-readers';
import { withDeadline } from './with-deadline';

/**
 * Map tasks (children of a run's BullMQ flow): read one split of the statement's driving table
 * and compute the map side, a partial aggregate or rows, returned to Redis for the merge. Tasks
 * write nothing, so a task retried after a crash simply computes the same output again.
 */
@Injectable()
export class MapTaskProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(MapTaskProcessor.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: BatchRunnerConfig,
    private readonly queues: BullMqAdapter,
    private readonly compiled: CompiledJobs,
    private readonly runs: RunRepository,
  ) {}

  onApplicationBootstrap(): void {
    const worker = this.queues.startWorker<MapTaskData, EncodedMapOutput>(
      'tasks',
      (job) => this.process(job),
      { concurrency: this.config.queues.taskConcurrency },
    );
    worker.on('failed', (job, error) => void this.onFailed(job, error));
  }

  async process(job: Job<MapTaskData>): Promise<EncodedMapOutput> {
    const { context, stage: index, split } = job.data;
    if (Date.now() > context.deadlineMs)
      throw new UnrecoverableError(`the run timed out before this task started`);
    try {
      const compiled = await this.compiled.compile(context.sql, context.parameters, context.nowMs);
      const stage = compiled.stages[index]!;
      const driving = stage.split.driving;
      const inputSplit =
        split === null || !driving ? undefined : context.inputs[driving.name.toLowerCase()]?.splits?.[split];
      const started = Date.now();
      const output = await withDeadline(
        stage.runMap(plannedTableReader(compiled, this.compiled.connectors.registry, context), inputSplit),
        context.deadlineMs,
        'the run timed out',
      );
      this.logger.debug({
        jobId: job.data.jobId,
        runId: job.data.runId,
        stage: index,
        split: inputSplit?.key ?? 'all',
        ms: Date.now() - started,
        msg: 'map task done',
      });
      return encodeMapOutput(output);
    } catch (error) {
      throw asBullMqError(error);
    }
  }

  /** A task out of attempts fails its run with the task's own error (the parent would only say "child failed"). */
  private async onFailed(job: Job<MapTaskData> | undefined, error: Error): Promise<void> {
    if (!job || !isFinalFailure(job, error)) return;
    const message = taskFailureMessage(job.data, error.message);
    this.logger.warn({ jobId: job.data.jobId, runId: job.data.runId, msg: `map task failed: ${message}` });
    await this.runs
      .markFailed({ runId: job.data.runId, requestedAtMs: job.data.requestedAtMs }, message)
      .catch((e: unknown) => {
        this.logger.error({
          runId: job.data.runId,
          msg: `could not record the failure: ${(e as Error).message}`,
        });
      });
  }
}

/** The run's error when a task failed: which statement and split, then the task's error. */
export function taskFailureMessage(task: Pick<MapTaskData, 'stage' | 'split'>, reason: string): string {
  const where =
    task.split === null
      ? `statement ${task.stage + 1}`
      : `statement ${task.stage + 1}, split ${task.split + 1}`;
  return `${where}: ${reason}`;
}

/** Retriable SluiceErrors (a broker or database away) are retried with backoff; the rest fail at once. */
export function asBullMqError(error: unknown): Error {
  if (error instanceof UnrecoverableError) return error;
  if (error instanceof SluiceError && !error.retriable) {
    const where = error.position ? ` (line ${error.position.line}, column ${error.position.column})` : '';
    return new UnrecoverableError(`${error.code}: ${error.message}${where}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

export function isFinalFailure(job: Job, error: Error): boolean {
  return error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
}

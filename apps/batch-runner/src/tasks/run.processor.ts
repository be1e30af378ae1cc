import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InternalError } from '@sluice/contracts';
import type { MapOutput } from '@sluice/engine';
import { UnrecoverableError, WaitingChildrenError, type Job } from 'bullmq';
import { APP_CONFIG } from '../app-tokens';
import type { BatchRunnerConfig } from '../config';
import { BullMqAdapter } from '../queues/bullmq.adapter';
import { jobSettings } from '../runs/job-settings';
import { RunRepository, SupersededRunError, type RunRequestKey } from '../runs/run.repository';
import { CompiledJobs } from './compiled-jobs';
import { asBullMqError, isFinalFailure, taskFailureMessage } from './map-task.processor';
import { decodeMapOutput, type EncodedMapOutput } from './map-output-codec';
import { ReportWriter } from './report-writer';
import { taskJobId, type MapTaskData, type RunJobData, type RunPlan } from './run-plan';
import { RunPlanner } from './run-planner';
import { plannedTableReader } from './table-readers';
import { withDeadline } from './with-deadline';

export interface RunResult {
  readonly outcome: 'succeeded' | 'superseded' | 'discarded';
  readonly rowsWritten?: number;
}

/**
 * A run as one BullMQ job with children (the BullMQ flow of DESIGN.md): it plans the run and
 * stores the plan in its own data before adding one child per map task, waits for them
 * (WaitingChildrenError), then merges their outputs and writes the report in one MySQL
 * transaction with the run record. A retry of any step reuses the stored plan, so the tasks,
 * their input ranges and the report are those of the first attempt.
 */
@Injectable()
export class RunProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(RunProcessor.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: BatchRunnerConfig,
    private readonly queues: BullMqAdapter,
    private readonly planner: RunPlanner,
    private readonly compiled: CompiledJobs,
    private readonly runs: RunRepository,
    private readonly writer: ReportWriter,
  ) {}

  onApplicationBootstrap(): void {
    const worker = this.queues.startWorker<RunJobData, RunResult>(
      'runs',
      (job, token) => this.process(job, token),
      { concurrency: this.config.queues.runConcurrency },
    );
    worker.on('failed', (job, error) => void this.onFailed(job, error));
  }

  async process(job: Job<RunJobData>, token?: string): Promise<RunResult> {
    const key: RunRequestKey = { runId: job.data.runId, requestedAtMs: job.data.requestedAtMs };
    try {
      const plan = job.data.plan ?? (await this.planFirstAttempt(job, key));
      if (!plan) return { outcome: 'discarded' };
      if (!job.data.isSpawned) await this.spawnTasks(job, plan);
      if (plan.tasks.length > 0 && (await job.moveToWaitingChildren(token!)))
        throw new WaitingChildrenError();
      return await this.mergeAndWrite(job, key, plan);
    } catch (error) {
      if (error instanceof WaitingChildrenError) throw error;
      if (error instanceof SupersededRunError) {
        this.logger.warn({ runId: key.runId, msg: error.message });
        return { outcome: 'superseded' };
      }
      throw asBullMqError(error);
    }
  }

  /** Marks the run started and plans it; undefined when the request is stale (requested again, job deleted). */
  private async planFirstAttempt(job: Job<RunJobData>, key: RunRequestKey): Promise<RunPlan | undefined> {
    const [run, definition] = await Promise.all([
      this.runs.findRun(key.runId),
      this.runs.findJob(job.data.jobId),
    ]);
    if (!run || !definition || run.requestedAt.getTime() !== key.requestedAtMs) return undefined;
    if (!(await this.runs.markStarted(key))) return undefined;
    const plan = await this.planner.plan(definition, run);
    await job.updateData({ ...job.data, plan });
    this.logger.log({
      jobId: job.data.jobId,
      runId: key.runId,
      tasks: plan.tasks.length,
      msg: `planned run of '${job.data.jobId}' for ${run.scheduledFor.toISOString()}`,
    });
    return plan;
  }

  private async spawnTasks(job: Job<RunJobData>, plan: RunPlan): Promise<void> {
    const settings = jobSettings(plan.sql, plan.parameters, {
      maxConcurrentPerJob: 1,
      attempts: this.config.runs.attempts,
      timeoutMs: this.config.runs.timeoutMs,
    });
    const parent = { id: job.id!, queue: job.queueQualifiedName };
    const context = {
      sql: plan.sql,
      parameters: plan.parameters,
      nowMs: plan.nowMs,
      deadlineMs: plan.deadlineMs,
      inputs: plan.inputs,
    };
    await this.queues.queue('tasks').addBulk(
      plan.tasks.map((task) => ({
        name: 'map',
        data: {
          runId: job.data.runId,
          jobId: job.data.jobId,
          requestedAtMs: job.data.requestedAtMs,
          stage: task.stage,
          split: task.split,
          context,
        } satisfies MapTaskData,
        opts: {
          jobId: taskJobId(job.id!, task),
          parent,
          failParentOnFailure: true,
          attempts: settings.attempts,
          backoff: { type: 'exponential', delay: this.config.runs.backoffMs },
          removeOnComplete: { age: 86_400 },
          removeOnFail: { age: 7 * 86_400 },
        },
      })),
    );
    await job.updateData({ ...job.data, isSpawned: true });
  }

  private async mergeAndWrite(job: Job<RunJobData>, key: RunRequestKey, plan: RunPlan): Promise<RunResult> {
    if (Date.now() > plan.deadlineMs) throw new UnrecoverableError('the run timed out before its merge');
    const values = await job.getChildrenValues<EncodedMapOutput>();
    const byId = new Map(Object.entries(values).map(([k, v]) => [k.slice(k.lastIndexOf(':') + 1), v]));
    const compiled = await this.compiled.compile(plan.sql, plan.parameters, plan.nowMs);
    const reader = plannedTableReader(compiled, this.compiled.connectors.registry, plan);
    const results = [];
    for (const stage of compiled.stages) {
      const outputs: MapOutput[] = plan.tasks
        .filter((t) => t.stage === stage.index)
        .map((t) => {
          const value = byId.get(taskJobId(job.id!, t));
          if (!value) throw new InternalError(`the output of map task ${taskJobId(job.id!, t)} is missing`);
          return decodeMapOutput(value);
        });
      results.push(
        await withDeadline(
          stage.runReduce(outputs, reader),
          plan.deadlineMs,
          'the run timed out during its merge',
        ),
      );
    }
    const rowsWritten = await this.writer.write(key, job.data.jobId, compiled, results, plan);
    this.logger.log({
      jobId: job.data.jobId,
      runId: key.runId,
      rowsWritten,
      msg: `run of '${job.data.jobId}' succeeded`,
    });
    return { outcome: 'succeeded', rowsWritten };
  }

  /** BullMQ fails a parent with "child <key> failed": the run records the child's own error instead. */
  private async failureMessage(error: Error): Promise<string> {
    const child = /^child (\S+) failed$/.exec(error.message)?.[1];
    if (!child) return error.message;
    const task = await this.queues
      .queue('tasks')
      .getJob(child.slice(child.lastIndexOf(':') + 1))
      .catch(() => undefined);
    return task?.failedReason
      ? taskFailureMessage(task.data as MapTaskData, task.failedReason)
      : error.message;
  }

  private async onFailed(job: Job<RunJobData> | undefined, error: Error): Promise<void> {
    if (!job || !isFinalFailure(job, error)) {
      if (job)
        this.logger.warn({
          jobId: job.data.jobId,
          runId: job.data.runId,
          attempt: job.attemptsMade,
          msg: `run attempt failed, will retry: ${error.message}`,
        });
      return;
    }
    const message = await this.failureMessage(error);
    this.logger.warn({ jobId: job.data.jobId, runId: job.data.runId, msg: `run failed: ${message}` });
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

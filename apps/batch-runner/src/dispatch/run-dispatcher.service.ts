import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Job } from '@sluice/contracts/db';
import { APP_CONFIG } from '../app-tokens';
import type { BatchRunnerConfig } from '../config';
import { BullMqAdapter } from '../queues/bullmq.adapter';
import { jobSettings, type JobSettings } from '../runs/job-settings';
import { RunRepository, type QueuedRun } from '../runs/run.repository';
import { runJobId, type RunJobData } from '../tasks/run-plan';

/** Every this many dispatch ticks, runs marked running are checked against their BullMQ jobs. */
const RECOVERY_EVERY_TICKS = 10;

/**
 * Hands queued runs (requested by the gateway, or by this runner's cron fires) to BullMQ, oldest
 * request first, within each job's limit of concurrent runs (incremental jobs: one, so their
 * runs read consecutive offset ranges). Claims happen under a MySQL lock, so any number of
 * runner processes can dispatch. A periodic sweep records runs whose BullMQ job failed and
 * requeues runs whose job vanished from Redis.
 */
@Injectable()
export class RunDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RunDispatcher.name);
  private timer: NodeJS.Timeout | undefined;
  private tick: Promise<void> | undefined;
  private isPending = false;
  private isStopped = false;
  private ticks = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: BatchRunnerConfig,
    private readonly queues: BullMqAdapter,
    private readonly runs: RunRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.poke(), this.config.runs.dispatchIntervalMs);
    this.poke();
  }

  /** Stops before the workers and MySQL close, after the tick in progress. */
  async onModuleDestroy(): Promise<void> {
    this.isStopped = true;
    clearInterval(this.timer);
    await this.tick;
  }

  /** Dispatches now (after a cron fire); ticks never overlap, a poke during one runs another after it. */
  poke(): void {
    if (this.isStopped) return;
    if (this.tick) {
      this.isPending = true;
      return;
    }
    this.tick = (async () => {
      try {
        do {
          this.isPending = false;
          await this.dispatch();
          if (++this.ticks % RECOVERY_EVERY_TICKS === 0) await this.recover();
        } while (this.isPending && !this.isStopped);
      } catch (error) {
        this.logger.warn(`dispatch failed, will retry: ${(error as Error).message}`);
      } finally {
        this.tick = undefined;
      }
    })();
  }

  async dispatch(): Promise<QueuedRun[]> {
    const jobs = new Map<string, { job: Job | null; settings?: JobSettings }>();
    const lookup = async (id: string) => {
      let entry = jobs.get(id);
      if (!entry) {
        const job = await this.runs.findJob(id);
        entry = { job, settings: job ? jobSettings(job.sql, job.parameters, this.defaults()) : undefined };
        jobs.set(id, entry);
      }
      return entry;
    };
    const claimed = await this.runs.claimQueued(
      50,
      async (run, running) => {
        const { settings } = await lookup(run.jobId);
        return settings !== undefined && (running.get(run.jobId) ?? 0) < settings.maxConcurrentRuns;
      },
      async (run) => {
        const { settings } = await lookup(run.jobId);
        const data: RunJobData = {
          runId: run.id,
          jobId: run.jobId,
          requestedAtMs: run.requestedAt.getTime(),
        };
        await this.queues.queue('runs').add('run', data, {
          jobId: runJobId(run.id, data.requestedAtMs),
          attempts: settings!.attempts,
          backoff: { type: 'exponential', delay: this.config.runs.backoffMs },
          removeOnComplete: { age: 86_400, count: 1_000 },
          removeOnFail: { age: 7 * 86_400 },
        });
      },
    );
    for (const run of claimed)
      this.logger.log({
        jobId: run.jobId,
        runId: run.id,
        msg: `dispatched run of '${run.jobId}' for ${run.scheduledFor.toISOString()}`,
      });
    return claimed;
  }

  /** Runs marked running whose BullMQ job failed (recorded here if no worker did) or vanished (requeued). */
  async recover(): Promise<void> {
    const queue = this.queues.queue('runs');
    for (const run of await this.runs.running()) {
      const key = { runId: run.id, requestedAtMs: run.requestedAt.getTime() };
      const id = runJobId(run.id, key.requestedAtMs);
      const state = await queue.getJobState(id);
      if (state === 'unknown') {
        this.logger.warn({
          runId: run.id,
          msg: `run ${run.id} has no BullMQ job (Redis lost it?): queued again`,
        });
        await this.runs.requeue(key);
      } else if (state === 'failed') {
        const job = await queue.getJob(id);
        await this.runs.markFailed(key, job?.failedReason || 'the run failed');
      }
    }
  }

  private defaults() {
    return {
      maxConcurrentPerJob: this.config.runs.maxConcurrentPerJob,
      attempts: this.config.runs.attempts,
      timeoutMs: this.config.runs.timeoutMs,
    };
  }
}

import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { APP_CONFIG } from '../app-tokens';
import type { BatchRunnerConfig } from '../config';
import { BullMqAdapter } from '../queues/bullmq.adapter';
import { RunRepository } from '../runs/run.repository';

/** Data of a cron fire on the schedules queue. */
export interface FireData {
  readonly jobId: string;
}

/**
 * Keeps BullMQ job schedulers (`upsertJobScheduler`, one per job, id = job id) in step with the
 * job definitions in MySQL: added for enabled jobs with a cron, changed when cron or time zone
 * change, removed for jobs deleted, disabled or without cron. Every runner process syncs; the
 * operations are idempotent, so concurrent syncs agree.
 */
@Injectable()
export class SchedulerSync implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SchedulerSync.name);
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: BatchRunnerConfig,
    private readonly queues: BullMqAdapter,
    private readonly runs: RunRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.syncLogged(), this.config.runs.scheduleSyncIntervalMs);
    void this.syncLogged();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.syncing;
  }

  private syncLogged(): Promise<void> {
    this.syncing ??= this.sync()
      .catch((error: unknown) =>
        this.logger.warn(`scheduler sync failed, will retry: ${(error as Error).message}`),
      )
      .finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  async sync(): Promise<void> {
    const queue = this.queues.queue('schedules');
    const desired = new Map(
      (await this.runs.listJobs()).filter((j) => j.enabled && j.cron).map((j) => [j.id, j]),
    );
    const existing = new Map((await queue.getJobSchedulers(0, -1)).map((s) => [s.key, s]));
    for (const [id, job] of desired) {
      const current = existing.get(id);
      if (current && current.pattern === job.cron && (current.tz ?? 'UTC') === job.timezone) continue;
      await queue.upsertJobScheduler(
        id,
        { pattern: job.cron!, tz: job.timezone },
        {
          name: 'fire',
          data: { jobId: id } satisfies FireData,
          opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
        },
      );
      this.logger.log({ jobId: id, msg: `scheduled '${id}': ${job.cron} (${job.timezone})` });
    }
    for (const id of existing.keys()) {
      if (desired.has(id)) continue;
      await queue.removeJobScheduler(id);
      this.logger.log({ jobId: id, msg: `unscheduled '${id}'` });
    }
  }
}

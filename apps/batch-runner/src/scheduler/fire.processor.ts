import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { RunDispatcher } from '../dispatch/run-dispatcher.service';
import { BullMqAdapter } from '../queues/bullmq.adapter';
import { RunRepository } from '../runs/run.repository';
import { cronSlot, previousFireTime } from './cron-times';
import type { FireData } from './scheduler-sync.service';

/**
 * Cron fires become runs: the fire is snapped to its cron slot, which with the job id is the
 * run's identity, and inserted as a queued run (the same row shape the gateway writes for manual
 * runs). A second fire of the same slot finds the row and adds nothing.
 */
@Injectable()
export class FireProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(FireProcessor.name);

  constructor(
    private readonly queues: BullMqAdapter,
    private readonly runs: RunRepository,
    private readonly dispatcher: RunDispatcher,
  ) {}

  onApplicationBootstrap(): void {
    this.queues.startWorker<FireData, boolean>('schedules', (job) => this.process(job), { concurrency: 4 });
  }

  async process(job: Job<FireData>): Promise<boolean> {
    const definition = await this.runs.findJob(job.data.jobId);
    if (!definition || !definition.enabled || !definition.cron) return false;
    const fireMs = job.opts.prevMillis ?? Number(String(job.id).split(':').pop());
    const scheduledFor = cronSlot(
      definition.cron,
      definition.timezone,
      Number.isFinite(fireMs) ? fireMs : job.timestamp,
    );
    const isNew = await this.runs.insertScheduledRun({
      jobId: definition.id,
      jobVersion: definition.version,
      scheduledFor,
      windowStart: previousFireTime(definition.cron, definition.timezone, scheduledFor),
      windowEnd: scheduledFor,
      requestedAt: new Date(),
    });
    if (isNew)
      this.logger.log({
        jobId: definition.id,
        msg: `cron fire of '${definition.id}' for ${scheduledFor.toISOString()}`,
      });
    else
      this.logger.warn({
        jobId: definition.id,
        msg: `second fire of '${definition.id}' for ${scheduledFor.toISOString()} ignored`,
      });
    this.dispatcher.poke();
    return isNew;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { Job } from '@sluice/contracts/db';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../app-tokens';
import { retryOnDuplicateKey } from '../database/retry-on-duplicate-key';

export interface JobChange {
  readonly sql: string;
  readonly cron: string | null;
  readonly timezone: string;
  readonly parameters: Record<string, string>;
  readonly enabled: boolean;
}

export interface SavedJob {
  readonly job: Job;
  readonly isCreated: boolean;
}

/** MySQL access for batch job definitions (sluice_jobs). */
@Injectable()
export class JobRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  find(id: string): Promise<Job | null> {
    return this.dataSource.getRepository(Job).findOneBy({ id });
  }

  list(): Promise<Job[]> {
    return this.dataSource.getRepository(Job).find({ order: { id: 'ASC' } });
  }

  /** Creates or replaces a job; an unchanged definition keeps its version (no reschedule). */
  save(id: string, change: JobChange, now = new Date()): Promise<SavedJob> {
    return retryOnDuplicateKey(() =>
      this.dataSource.transaction(async (manager) => {
        const jobs = manager.getRepository(Job);
        const existing = await jobs.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!existing) {
          const job = jobs.create({ id, ...change, version: 1, createdAt: now, updatedAt: now });
          await jobs.insert(job);
          return { job, isCreated: true };
        }
        if (isSameDefinition(existing, change)) return { job: existing, isCreated: false };
        const patch = { ...change, version: existing.version + 1, updatedAt: now };
        await jobs.update({ id }, patch);
        return { job: Object.assign(existing, patch), isCreated: false };
      }),
    );
  }

  /** Deletes the job and, by the foreign key's cascade, its runs. */
  async delete(id: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(Job).delete({ id });
    return (result.affected ?? 0) > 0;
  }
}

function isSameDefinition(job: Job, change: JobChange): boolean {
  return (
    job.sql === change.sql &&
    job.cron === change.cron &&
    job.timezone === change.timezone &&
    job.enabled === change.enabled &&
    JSON.stringify(sortKeys(job.parameters)) === JSON.stringify(sortKeys(change.parameters))
  );
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

import { Inject, Injectable } from '@nestjs/common';
import type { BatchConnectors } from '@sluice/connectors';
import { compileBatchJob, type BatchJob } from '@sluice/engine';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { APP_CONFIG, BATCH_CONNECTORS } from '../app-tokens';
import type { BatchRunnerConfig } from '../config';

const MAX_CACHED = 32;

/**
 * Compiled job scripts, cached by (script, parameters, now): every task of a run compiles the
 * same script, and compiled plans are immutable, so one compile serves them all.
 */
@Injectable()
export class CompiledJobs {
  private readonly cache = new Map<string, Promise<BatchJob>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: BatchRunnerConfig,
    @Inject(BATCH_CONNECTORS) readonly connectors: BatchConnectors,
  ) {}

  compile(sql: string, parameters: Readonly<Record<string, string>>, nowMs: number): Promise<BatchJob> {
    const key = createHash('sha256')
      .update(JSON.stringify([sql, Object.entries(parameters).sort(), nowMs]))
      .digest('hex');
    let job = this.cache.get(key);
    if (!job) {
      if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
      job = compileBatchJob(sql, {
        connectors: this.connectors.registry,
        parameters,
        nowMs,
        baseDirectory: resolve(this.config.runs.filesDirectory),
      });
      job.catch(() => this.cache.delete(key));
      this.cache.set(key, job);
    }
    return job;
  }
}

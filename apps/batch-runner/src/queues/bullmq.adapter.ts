import { Logger } from '@nestjs/common';
import {
  FlowProducer,
  Queue,
  Worker,
  type ConnectionOptions,
  type Processor,
  type WorkerOptions,
} from 'bullmq';
import type { BatchRunnerConfig } from '../config';

/** The three queues: cron fires, runs (plan, wait, merge, write), map tasks. */
export type QueueKind = 'schedules' | 'runs' | 'tasks';
export const QUEUE_KINDS: readonly QueueKind[] = ['schedules', 'runs', 'tasks'];

/** ioredis options from REDIS_URL; BullMQ workers block on Redis, so maxRetriesPerRequest is null. */
export function redisConnection(url: string): ConnectionOptions {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db === undefined ? {} : { db }),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/**
 * The batch runner's one adapter to BullMQ/Redis (STYLE.md rule 5): queues by kind, workers,
 * and closing everything in the right order (workers before the queues they read).
 */
export class BullMqAdapter {
  private readonly logger = new Logger(BullMqAdapter.name);
  private readonly queues: Record<QueueKind, Queue>;
  private readonly workers: Worker[] = [];
  readonly flows: FlowProducer;
  private readonly connection: ConnectionOptions;

  constructor(private readonly config: BatchRunnerConfig) {
    this.connection = redisConnection(config.redis.url);
    this.queues = {
      schedules: new Queue(this.name('schedules'), { connection: this.connection }),
      runs: new Queue(this.name('runs'), { connection: this.connection }),
      tasks: new Queue(this.name('tasks'), { connection: this.connection }),
    };
    for (const queue of Object.values(this.queues))
      queue.on('error', (error) => this.logger.warn(`queue ${queue.name}: ${error.message}`));
    this.flows = new FlowProducer({ connection: this.connection });
  }

  name(kind: QueueKind): string {
    return `${this.config.queues.prefix}-${kind}`;
  }

  queue(kind: QueueKind): Queue {
    return this.queues[kind];
  }

  allQueues(): Queue[] {
    return QUEUE_KINDS.map((k) => this.queues[k]);
  }

  /** Starts a worker; its errors are logged, never thrown into the event loop. */
  startWorker<D, R>(
    kind: QueueKind,
    processor: Processor<D, R>,
    options: Omit<WorkerOptions, 'connection'>,
  ): Worker<D, R> {
    const worker = new Worker<D, R>(this.name(kind), processor, {
      connection: this.connection,
      lockDuration: this.config.queues.lockDurationMs,
      stalledInterval: this.config.queues.stalledIntervalMs,
      maxStalledCount: 2,
      ...options,
    });
    worker.on('error', (error) => this.logger.warn(`worker ${kind}: ${error.message}`));
    this.workers.push(worker as unknown as Worker);
    return worker;
  }

  /** Workers first (they finish or give back their jobs), then the queues. */
  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.close()));
    await Promise.all([...this.allQueues().map((q) => q.close()), this.flows.close()]);
  }
}

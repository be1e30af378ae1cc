import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { encodeEnvelope } from '@sluice/contracts';
import { createSluiceDataSource, type JobRun } from '@sluice/contracts/db';
import { Queue } from 'bullmq';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CompressionTypes } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { createBatchRunnerApp } from '../../../apps/batch-runner/src/batch-runner-app';
import { JobAdmin, type JobChange } from '../../../apps/batch-runner/src/cli/job-admin';
import { loadConfig, type BatchRunnerConfig } from '../../../apps/batch-runner/src/config';
import { openDataSource } from '../../../apps/batch-runner/src/database/data-source.provider';
import { QUEUE_KINDS } from '../../../apps/batch-runner/src/queues/bullmq.adapter';
import { findRepoRoot } from '../../harness/repo-root';
import {
  createTestDatabase,
  createTopic,
  testKafka,
  testRedisOptions,
  testServices,
  uniqueName,
  type TestDatabase,
} from '../../harness/test-context';
import { waitUntil } from '../../harness/wait-until';

/** One order event's payload, as the gateway would wrap it in an envelope. */
export interface OrderPayload {
  readonly orderId: string;
  readonly product: string;
  readonly quantity: number;
  /** Decimal text with two digits, e.g. "12.50". */
  readonly unitPrice: string;
  /** ISO time, e.g. 2024-03-01T08:00:00Z. */
  readonly ts: string;
}

const PRODUCTS = ['gadget', 'widget', 'gizmo', 'doohickey'];

/** Deterministic orders: product, quantity and price cycle; times spread over `days` from `firstDay`. */
export function makeOrders(count: number, firstDay: string, days = 1, salt = ''): OrderPayload[] {
  const start = Date.parse(`${firstDay}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => ({
    orderId: `o${salt}-${i}`,
    product: PRODUCTS[(i * 7 + salt.length) % PRODUCTS.length]!,
    quantity: (i % 5) + 1,
    unitPrice: `${(i % 9) + 1}.${String((i * 13) % 100).padStart(2, '0')}`,
    ts: new Date(start + Math.floor((i * days * 86_400_000) / count)).toISOString(),
  }));
}

/** The report by hand (cents as integers): per product, orders, units, revenue as "d.dd". */
export function expectedReport(
  orders: readonly OrderPayload[],
): Record<string, { orders: number; units: number; revenue: string }> {
  const byProduct = new Map<string, { orders: number; units: number; cents: number }>();
  for (const o of orders) {
    const r = byProduct.get(o.product) ?? { orders: 0, units: 0, cents: 0 };
    const [whole, fraction] = o.unitPrice.split('.');
    r.orders++;
    r.units += o.quantity;
    r.cents += (Number(whole) * 100 + Number(fraction)) * o.quantity;
    byProduct.set(o.product, r);
  }
  return Object.fromEntries(
    [...byProduct]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([p, r]) => [
        p,
        {
          orders: r.orders,
          units: r.units,
          revenue: `${Math.floor(r.cents / 100)}.${String(r.cents % 100).padStart(2, '0')}`,
        },
      ]),
  );
}

/**
 * One test file's world: a fresh database (migrated), unique queue names, helpers to produce
 * order events, deploy jobs, request runs, start runners in-process or as separate processes,
 * and read report tables. close() stops everything it started and drops the database.
 */
export class BatchFixture {
  private readonly apps: NestFastifyApplication[] = [];
  private readonly processes: ChildProcess[] = [];

  private constructor(
    readonly db: TestDatabase,
    readonly dataSource: DataSource,
    readonly admin: JobAdmin,
    readonly env: Record<string, string>,
  ) {}

  static async create(overrides: Record<string, string> = {}): Promise<BatchFixture> {
    const db = await createTestDatabase();
    const dataSource = await openDataSource({ url: db.url, runMigrations: true });
    const services = testServices();
    const env = {
      MYSQL_URL: db.url,
      REDIS_URL: services.redisUrl,
      KAFKA_BROKERS: services.kafkaBrokers.join(','),
      PORT: '0',
      HOST: '127.0.0.1',
      BATCH_QUEUE_PREFIX: uniqueName('batch'),
      BATCH_DISPATCH_INTERVAL_MS: '200',
      BATCH_SCHEDULE_SYNC_INTERVAL_MS: '500',
      BATCH_BACKOFF_MS: '200',
      BATCH_LOCK_DURATION_MS: '4000',
      BATCH_STALLED_INTERVAL_MS: '1000',
      LOG_LEVEL: 'warn',
      ...overrides,
    };
    return new BatchFixture(db, dataSource, new JobAdmin(dataSource), env);
  }

  get config(): BatchRunnerConfig {
    return loadConfig(this.env);
  }

  /** A topic holding `orders` as gateway envelopes (gzip batches), spread round-robin over partitions. */
  async produceOrders(topic: string, orders: readonly OrderPayload[]): Promise<void> {
    const producer = testKafka().producer();
    await producer.connect();
    try {
      const partitions = await this.partitionCount(topic);
      for (let i = 0; i < orders.length; i += 5_000) {
        const messages = orders.slice(i, i + 5_000).map((payload, j) => ({
          partition: (i + j) % partitions,
          key: payload.orderId,
          value: encodeEnvelope({
            eventId: randomUUID(),
            stream: 'orders',
            key: payload.orderId,
            eventTime: Date.parse(payload.ts),
            ingestTime: Date.now(),
            payload: { ...payload },
            headers: {},
          }),
        }));
        await producer.send({ topic, acks: -1, compression: CompressionTypes.GZIP, messages });
      }
    } finally {
      await producer.disconnect();
    }
  }

  async ordersTopic(partitions: number): Promise<string> {
    const topic = uniqueName('orders');
    await createTopic(topic, partitions);
    this.topicPartitions.set(topic, partitions);
    return topic;
  }

  private readonly topicPartitions = new Map<string, number>();
  private async partitionCount(topic: string): Promise<number> {
    return this.topicPartitions.get(topic) ?? 1;
  }

  deploy(id: string, change: Partial<JobChange> & { sql: string }): Promise<unknown> {
    return this.admin.save(id, { cron: null, timezone: 'UTC', parameters: {}, enabled: true, ...change });
  }

  /** Starts a runner in this process (its workers and timers run until close()). */
  async startRunner(overrides: Record<string, string> = {}): Promise<NestFastifyApplication> {
    const app = await createBatchRunnerApp(loadConfig({ ...this.env, ...overrides }));
    this.apps.push(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    return app;
  }

  /** Starts a runner as its own process (vite-node on the TypeScript entry), as a deployment would. */
  spawnRunner(overrides: Record<string, string> = {}): ChildProcess {
    const root = findRepoRoot();
    const child = spawn(
      process.execPath,
      [
        join(root, 'node_modules/vite-node/vite-node.mjs'),
        '--config',
        join(root, 'vitest.config.ts'),
        join(root, 'apps/batch-runner/src/main.ts'),
      ],
      {
        cwd: root,
        env: { ...process.env, ...this.env, ...overrides },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    Object.defineProperty(child, 'output', { get: () => output });
    this.processes.push(child);
    return child;
  }

  async waitForListening(child: ChildProcess, timeoutMs = 90_000): Promise<void> {
    await waitUntil(() => (child as ChildProcess & { output: string }).output.includes('listening on'), {
      timeoutMs,
      intervalMs: 100,
      description: 'a batch runner process to start',
      abortIf: () =>
        child.exitCode !== null
          ? new Error(
              `runner exited ${child.exitCode}: ${(child as ChildProcess & { output: string }).output}`,
            )
          : undefined,
    });
  }

  queue(kind: (typeof QUEUE_KINDS)[number]): Queue {
    const queue = new Queue(`${this.env.BATCH_QUEUE_PREFIX}-${kind}`, { connection: testRedisOptions() });
    this.queues.push(queue);
    return queue;
  }

  private readonly queues: Queue[] = [];

  async runs(jobId: string): Promise<JobRun[]> {
    return (await this.admin.runs(jobId, undefined, 1_000)).reverse();
  }

  /** Waits until the job has `count` runs that finished; returns them oldest scheduled first. */
  async waitForFinishedRuns(jobId: string, count: number, timeoutMs = 45_000): Promise<JobRun[]> {
    let runs: JobRun[] = [];
    await waitUntil(
      async () => {
        runs = (await this.runs(jobId)).filter((r) => r.status === 'succeeded' || r.status === 'failed');
        return runs.length >= count;
      },
      { timeoutMs, intervalMs: 100, description: `${count} finished run(s) of '${jobId}'` },
    );
    return runs;
  }

  /** A report table as plain objects (dates as text, numbers as they come), sorted by its columns. */
  async rows(table: string, orderBy: string): Promise<Record<string, unknown>[]> {
    const connection = createSluiceDataSource({ url: this.db.url, poolSize: 1 });
    await connection.initialize();
    try {
      const rows = (await connection.query(`SELECT * FROM \`${table}\` ORDER BY ${orderBy}`)) as Record<
        string,
        unknown
      >[];
      return rows.map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString().slice(0, 10) : v]),
        ),
      );
    } finally {
      await connection.destroy();
    }
  }

  async close(): Promise<void> {
    for (const child of this.processes.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(this.apps.splice(0).map((app) => app.close()));
    for (const kind of QUEUE_KINDS) {
      const queue = this.queue(kind);
      await queue.obliterate({ force: true }).catch(() => undefined);
    }
    await Promise.all(this.queues.splice(0).map((q) => q.close()));
    await this.dataSource.destroy();
    await this.db.drop();
  }
}

/** The report of the tests: revenue per product from order events in Kafka, one partition per run date. */
export function reportJobSql(
  topic: string,
  options: { where?: string; table?: string; kafkaOptions?: string } = {},
): string {
  const table = options.table ?? 'product_revenue';
  return `-- revenue per product (Spark SQL)
CREATE TABLE orders (orderId STRING, product STRING, quantity INT, unitPrice DECIMAL(10, 2), ts TIMESTAMP)
USING kafka OPTIONS (subscribe '${topic}', format 'sluice-envelope'${options.kafkaOptions ? `, ${options.kafkaOptions}` : ''});

CREATE TABLE ${table} (report_date DATE, product STRING, orders BIGINT, units BIGINT, revenue DECIMAL(20, 2))
USING jdbc PARTITIONED BY (report_date) OPTIONS (dbtable '${table}');

INSERT OVERWRITE TABLE ${table} PARTITION (report_date = '\${run_date}')
SELECT product, count(*), sum(quantity), sum(unitPrice * quantity)
FROM orders
${options.where ? `WHERE ${options.where}\n` : ''}GROUP BY product;
`;
}

/** Report rows as the expectation's shape, for one date. */
export function reportRows(
  date: string,
  expected: ReturnType<typeof expectedReport>,
): Record<string, unknown>[] {
  return Object.entries(expected).map(([product, r]) => ({
    report_date: date,
    product,
    orders: String(r.orders),
    units: String(r.units),
    revenue: r.revenue,
  }));
}

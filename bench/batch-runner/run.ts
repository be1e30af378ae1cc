// `npm run bench -- batch-runner`: a daily revenue report over 2M order events in Kafka, run by the
// batch runner with 1 and with 2 worker processes (each runs one map task at a time). Figures:
// events/s of the run (from the moment it is requested until its report is committed, workers
// already started), median of the rounds, and the speed-up (median of the rounds' 2/1 ratios). The mock broker keeps about 5 MiB per partition, so the
// events go out gzip-compressed over 32 partitions. Writes bench/results/batch-runner.json.
// Env: BENCH_EVENTS (default 2000000), BENCH_PARTITIONS (32), BENCH_ROUNDS (3, median reported).
import { encodeEnvelope } from '@sluice/contracts';
import { createSluiceDataSource } from '@sluice/contracts/db';
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { JobAdmin } from '../../apps/batch-runner/src/cli/job-admin';
import { openDataSource } from '../../apps/batch-runner/src/database/data-source.provider';
import { KafkaRangeClients } from '@sluice/connectors';
import { startServices, type StartedServices } from '../../test/harness/services';
import { waitUntil } from '../../test/harness/wait-until';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2_000_000);
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const root = join(__dirname, '../..');
const run = Date.now().toString(36);
const topic = `bench.batch.${run}`;
const PRODUCTS = ['gadget', 'widget', 'gizmo', 'doohickey', 'sprocket', 'thingamajig', 'whatsit', 'gubbins'];

const JOB_SQL = `CREATE TABLE orders (orderId STRING, customerId STRING, product STRING, unitPrice DECIMAL(10, 2), quantity INT, ts TIMESTAMP)
USING kafka OPTIONS (subscribe '${topic}', format 'sluice-envelope');

CREATE TABLE bench_daily_revenue (run_date DATE, day DATE, product STRING, orders BIGINT, units BIGINT, revenue DECIMAL(20, 2))
USING jdbc PARTITIONED BY (run_date) OPTIONS (dbtable 'bench_daily_revenue');

INSERT OVERWRITE TABLE bench_daily_revenue PARTITION (run_date = '\${run_date}')
SELECT to_date(ts), product, count(*), sum(quantity), sum(unitPrice * quantity)
FROM orders
GROUP BY to_date(ts), product;`;

/** 2M events over 30 days; the expected totals are kept for checking the report. */
async function produce(kafka: Kafka): Promise<{ orders: number; units: number; cents: number; ms: number }> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const started = Date.now();
  const totals = { orders: 0, units: 0, cents: 0 };
  const start = Date.parse('2024-03-01T00:00:00Z');
  const perSend = 4_000;
  for (let i = 0; i < EVENTS; i += perSend) {
    const messages = [];
    for (let j = i; j < Math.min(EVENTS, i + perSend); j++) {
      const quantity = (j % 5) + 1;
      const cents = 100 + ((j * 37) % 9_900);
      totals.orders++;
      totals.units += quantity;
      totals.cents += cents * quantity;
      const ts = start + Math.floor((j * 30 * 86_400_000) / EVENTS);
      const payload = {
        orderId: `o${j}`,
        customerId: `c${j % 5_000}`,
        product: PRODUCTS[j % PRODUCTS.length],
        unitPrice: (cents / 100).toFixed(2),
        quantity,
        ts: new Date(ts).toISOString(),
      };
      const envelope = {
        eventId: `e${run}-${j}`,
        stream: 'orders',
        key: payload.customerId,
        eventTime: ts,
        ingestTime: ts,
        payload,
        headers: {},
      };
      messages.push({
        partition: Math.floor(j / perSend) % PARTITIONS,
        key: payload.customerId,
        value: encodeEnvelope(envelope),
      });
    }
    await producer.send({ topic, acks: -1, compression: CompressionTypes.GZIP, messages });
  }
  await producer.disconnect();
  return { ...totals, ms: Date.now() - started };
}

function spawnWorker(env: Record<string, string>): { child: ChildProcess; output: () => string } {
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
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, output: () => output };
}

interface Round {
  readonly workers: number;
  readonly ms: number;
  readonly eventsPerSecond: number;
  readonly tasks: number;
}

async function measure(
  admin: JobAdmin,
  env: Record<string, string>,
  workers: number,
  round: number,
): Promise<Round> {
  const processes = Array.from({ length: workers }, () =>
    spawnWorker({ ...env, PORT: '0', BATCH_TASK_CONCURRENCY: '1', LOG_LEVEL: 'log' }),
  );
  try {
    for (const p of processes)
      await waitUntil(() => p.output().includes('listening on'), {
        timeoutMs: 120_000,
        description: 'a worker process',
        abortIf: () => (p.child.exitCode !== null ? new Error(p.output()) : undefined),
      });
    const scheduledFor = new Date(Date.UTC(2024, 3, 1 + workers * 10 + round));
    const started = Date.now();
    const [requested] = await admin.request('bench-report', { scheduledFor });
    let finished = requested!;
    await waitUntil(
      async () => {
        finished = (await admin.runs('bench-report', [scheduledFor], 1))[0]!;
        return finished.status === 'succeeded' || finished.status === 'failed';
      },
      { timeoutMs: 900_000, intervalMs: 50, description: 'the run' },
    );
    if (finished.status !== 'succeeded') throw new Error(`run failed: ${finished.error}`);
    const ms = Date.now() - started;
    const tasks = (finished.inputRanges as { inputs: { splits: number }[] }).inputs[0]!.splits;
    return { workers, ms, eventsPerSecond: Math.round((EVENTS * 1000) / ms), tasks };
  } finally {
    for (const p of processes) p.child.kill('SIGTERM');
    await Promise.all(
      processes.map(
        (p) =>
          new Promise((resolve) =>
            p.child.exitCode !== null ? resolve(null) : p.child.once('exit', resolve),
          ),
      ),
    );
  }
}

async function main(): Promise<void> {
  const load = loadavg()[0]!;
  console.log(
    `batch-runner: ${EVENTS} events, ${PARTITIONS} partitions, ${ROUNDS} round(s) per worker count; ${cpus().length} cores, load ${load.toFixed(2)}`,
  );
  const services: StartedServices = await startServices({
    topics: [{ name: topic, partitions: PARTITIONS }],
  });
  const dbName = `bench_batch_${run}`;
  try {
    const admin = await createConnection(services.mysqlUrl);
    await admin.query(`CREATE DATABASE \`${dbName}\``);
    await admin.end();
    const dbUrl = new URL(services.mysqlUrl);
    dbUrl.pathname = `/${dbName}`;
    const kafka = new Kafka({
      clientId: 'bench-batch',
      brokers: services.kafkaBrokers,
      logLevel: logLevel.ERROR,
    });
    const produced = await produce(kafka);
    const clients = new KafkaRangeClients(services.kafkaBrokers);
    const offsets = await clients.client([]).offsets(topic);
    await clients.close();
    const kept = offsets.reduce((n, p) => n + p.high - p.low, 0);
    console.log(
      `produced ${EVENTS} events in ${(produced.ms / 1000).toFixed(1)} s; the broker holds ${kept} (log start offsets ${offsets.every((p) => p.low === 0) ? 'all 0' : 'moved: events lost'})`,
    );
    if (kept !== EVENTS) throw new Error(`the broker kept ${kept} of ${EVENTS} events: use more partitions`);

    const dataSource = await openDataSource({ url: dbUrl.toString(), runMigrations: true });
    const jobs = new JobAdmin(dataSource);
    await jobs.save('bench-report', {
      sql: JOB_SQL,
      cron: null,
      timezone: 'UTC',
      parameters: {},
      enabled: true,
    });
    const env = {
      MYSQL_URL: dbUrl.toString(),
      REDIS_URL: services.redisUrl,
      KAFKA_BROKERS: services.kafkaBrokers.join(','),
      BATCH_QUEUE_PREFIX: `bench-${run}`,
      BATCH_DISPATCH_INTERVAL_MS: '100',
      HOST: '127.0.0.1',
    };
    // Worker counts alternate round by round, so a burst of other work on the machine does not
    // land on one side only; the speed-up is the median of the rounds' ratios.
    const rounds: Round[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const workers of [1, 2]) {
        const r = await measure(jobs, env, workers, round);
        rounds.push(r);
        console.log(
          `round ${round + 1}, ${workers} worker process(es): ${(r.ms / 1000).toFixed(2)} s, ${(r.eventsPerSecond / 1000).toFixed(0)}k events/s (${r.tasks} map tasks)`,
        );
      }
    }
    const check = await checkReport(dbUrl.toString(), produced);
    await dataSource.destroy();
    const median = (workers: number) => {
      const xs = rounds
        .filter((r) => r.workers === workers)
        .sort((a, b) => a.eventsPerSecond - b.eventsPerSecond);
      return xs[Math.floor(xs.length / 2)]!;
    };
    const [one, two] = [median(1), median(2)];
    const ratios = Array.from(
      { length: ROUNDS },
      (_, i) => rounds[2 * i + 1]!.eventsPerSecond / rounds[2 * i]!.eventsPerSecond,
    ).sort((a, b) => a - b);
    const speedUp = +ratios[Math.floor(ratios.length / 2)]!.toFixed(2);
    console.log(
      `median: 1 worker ${(one.eventsPerSecond / 1000).toFixed(0)}k events/s, 2 workers ${(two.eventsPerSecond / 1000).toFixed(0)}k events/s, speed-up ${speedUp}; report check: ${check.ok ? 'every run equals the expected totals' : check.detail}`,
    );
    mkdirSync(join(root, 'bench/results'), { recursive: true });
    const result = {
      benchmark: 'batch-runner',
      date: new Date().toISOString(),
      node: process.version,
      cores: cpus().length,
      loadAverageAtStart: +load.toFixed(2),
      events: EVENTS,
      partitions: PARTITIONS,
      compression: 'gzip',
      query:
        'daily revenue per product (GROUP BY to_date(ts), product) over all events, INSERT OVERWRITE of the run partition in MySQL',
      produceSeconds: +(produced.ms / 1000).toFixed(1),
      oneWorker: { ...one, seconds: +(one.ms / 1000).toFixed(2) },
      twoWorkers: { ...two, seconds: +(two.ms / 1000).toFixed(2) },
      speedUp,
      rounds,
      reportCheck: check,
      note: 'Wall time from requesting the run to its committed report, worker processes already started; MySQL, Redis and the mock Kafka broker run on the same machine.',
    };
    writeFileSync(join(root, 'bench/results/batch-runner.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log('wrote bench/results/batch-runner.json');
    if (!check.ok) process.exitCode = 1;
  } finally {
    const admin = await createConnection(services.mysqlUrl).catch(() => undefined);
    await admin?.query(`DROP DATABASE IF EXISTS \`${dbName}\``).catch(() => undefined);
    await admin?.end();
    await services.stop();
  }
}

/** Every run's partition must hold exactly the produced totals (no event lost or counted twice). */
async function checkReport(
  url: string,
  expected: { orders: number; units: number; cents: number },
): Promise<{ ok: boolean; detail: string }> {
  const dataSource = createSluiceDataSource({ url, poolSize: 1 });
  await dataSource.initialize();
  try {
    const rows = (await dataSource.query(
      `SELECT run_date, SUM(orders) AS orders, SUM(units) AS units, SUM(revenue) AS revenue, COUNT(*) AS n FROM bench_daily_revenue GROUP BY run_date`,
    )) as { run_date: Date; orders: string; units: string; revenue: string; n: string }[];
    const revenue = `${Math.floor(expected.cents / 100)}.${String(expected.cents % 100).padStart(2, '0')}`;
    const bad = rows.filter(
      (r) =>
        Number(r.orders) !== expected.orders ||
        Number(r.units) !== expected.units ||
        r.revenue !== revenue ||
        Number(r.n) !== 30 * PRODUCTS.length,
    );
    return {
      ok: bad.length === 0 && rows.length > 0,
      detail:
        bad.length === 0
          ? `${rows.length} run(s), each ${expected.orders} orders, revenue ${revenue}`
          : `mismatch: ${JSON.stringify(bad)}`,
    };
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

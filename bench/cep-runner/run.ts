// `npm run bench -- cep-runner`: the CEP runner on real services (harness: local processes,
// containers or external), as a child process built like the crash tests build it.
//  1. throughput: a backlog of BENCH_EVENTS (240k) order events on BENCH_PARTITIONS (16; the mock
//     broker keeps ~5 MiB per partition) drained through a TUMBLE
//     aggregation (10 s windows per product) into a MySQL upsert table; events/s from the
//     runner's first batch until its checkpoint covers the whole backlog, checked exact.
//  2. latency: events posted one per request to the gateway at BENCH_RATE events/s for
//     BENCH_LATENCY_S seconds, each run through a stateless rule into MySQL; latency from the
//     gateway's 202 to the row being visible (MySQL polled every 5 ms), per checkpoint interval.
// Writes bench/results/cep-runner.json.
import { createApiKey, createSluiceDataSource } from '@sluice/contracts/db';
import { encodeEnvelope } from '@sluice/contracts';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { createConnection } from 'mysql2/promise';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { loadConfig as loadGatewayConfig } from '../../apps/gateway/src/config';
import { createGatewayApp } from '../../apps/gateway/src/gateway-app';
import { readStreamCatalog } from '../../apps/gateway/src/streams/read-stream-catalog';
import { createTopics } from '../../test/harness/kafka-topics';
import { startServices, type StartedServices } from '../../test/harness/services';
import { buildRunner } from '../../test/integration/cep-runner/runner-build';
import { RunnerProcess } from '../../test/integration/cep-runner/runner-process';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 240_000);
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 16);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const LATENCY_S = Number(process.env.BENCH_LATENCY_S ?? 15);
const CHECKPOINT_INTERVALS_MS = (process.env.BENCH_CHECKPOINT_INTERVALS_MS ?? '1000,200').split(',').map(Number);
const PRODUCTS = ['gadget', 'widget', 'gizmo', 'doohickey', 'sprocket', 'thing', 'bolt', 'nut'];
const T0 = Date.UTC(2024, 2, 1);
const run = Date.now().toString(36);

function streamsYaml(topic: string): string {
  return `
streams:
  - name: orders
    topic: ${topic}
    partitions: ${PARTITIONS}
    key: customerId
    eventTime: ts
    maxOutOfOrderness: 1s
    schema:
      type: object
      required: [customerId, product, amount, ts]
      properties:
        eventId: { type: string }
        customerId: { type: string }
        product: { type: string }
        amount: { type: number }
        ts: { type: string, format: date-time }
`;
}

async function database(serverUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = await createConnection(serverUrl);
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = createSluiceDataSource({ url: url.toString(), poolSize: 1 });
  await db.initialize();
  await db.runMigrations();
  await db.destroy();
  return {
    url: url.toString(),
    drop: async () => {
      const c = await createConnection(serverUrl);
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

function jdbcOptions(mysqlUrl: string): string {
  const u = new URL(mysqlUrl);
  return `'url' = 'jdbc:mysql://${u.host}${u.pathname}'`;
}

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = await createConnection({ uri: url, supportBigNumbers: true, bigNumberStrings: true });
  try {
    return (await c.query(sql, params))[0] as T[];
  } finally {
    await c.end();
  }
}

function runnerEnv(services: StartedServices, mysqlUrl: string, streamsFile: string, checkpointMs: number): Record<string, string> {
  return {
    MYSQL_URL: mysqlUrl,
    KAFKA_BROKERS: services.kafkaBrokers.join(','),
    SLUICE_STREAMS: streamsFile,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    CEP_GROUP_ID: `bench-${run}-${checkpointMs}`,
    CEP_CHECKPOINT_INTERVAL_MS: String(checkpointMs),
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    KAFKA_HEARTBEAT_INTERVAL_MS: '500',
  };
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** Produces the backlog once; every round drains it with a fresh group into a fresh database. */
async function throughput(services: StartedServices, mainJs: string, dir: string) {
  const topic = `bench.cep.${run}`;
  await createTopics(services, [{ name: topic, partitions: PARTITIONS }]);
  const streamsFile = join(dir, 'throughput-streams.yaml');
  writeFileSync(streamsFile, streamsYaml(topic));
  const kafka = new Kafka({ brokers: [...services.kafkaBrokers], logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const produceStarted = Date.now();
  const now = Date.now();
  for (let i = 0; i < EVENTS; i += 2_000) {
    const messages = [];
    for (let j = i; j < Math.min(EVENTS, i + 2_000); j++) {
      const customerId = `c${j % 997}`;
      const payload = { eventId: `e${j}`, customerId, product: PRODUCTS[j % PRODUCTS.length], amount: (j % 100) + 0.5, ts: new Date(T0 + j * 10).toISOString() };
      messages.push({ key: customerId, value: encodeEnvelope({ eventId: payload.eventId, stream: 'orders', key: customerId, eventTime: T0 + j * 10, ingestTime: now, payload, headers: {} }) });
    }
    await producer.send({ topic, acks: -1, messages });
  }
  // One far-future event per partition closes every window of the backlog.
  const flushAt = T0 + EVENTS * 10 + 3_600_000;
  await producer.send({ topic, acks: -1, messages: Array.from({ length: PARTITIONS }, (_, p) => ({ partition: p, key: `flush${p}`, value: encodeEnvelope({ eventId: `flush${p}`, stream: 'orders', key: `flush${p}`, eventTime: flushAt, ingestTime: now, payload: { customerId: `flush${p}`, product: 'flush', amount: 0, ts: new Date(flushAt).toISOString() }, headers: {} }) })) });
  const produceSeconds = (Date.now() - produceStarted) / 1000;
  await producer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  const high = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
  await admin.disconnect();
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) rounds.push(await drain(services, mainJs, dir, streamsFile, high, round));
  const sorted = [...rounds].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond);
  return { events: EVENTS, partitions: PARTITIONS, windows: '10 s TUMBLE per product', produceSeconds, rounds, eventsPerSecond: sorted[Math.floor(sorted.length / 2)].eventsPerSecond, statistic: 'median round' };
}

async function drain(services: StartedServices, mainJs: string, dir: string, streamsFile: string, high: Map<number, number>, round: number) {
  const db = await database(services.mysqlUrl, `bench_cep_tp_${run}_${round}`);
  try {
    const rule = `CREATE TABLE sales (product STRING, window_start TIMESTAMP(3), orders BIGINT, amount DOUBLE, PRIMARY KEY (product, window_start) NOT ENFORCED)
      WITH ('connector' = 'jdbc', ${jdbcOptions(db.url)}, 'table-name' = 'sales');
      INSERT INTO sales SELECT product, window_start, COUNT(*), SUM(amount) FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY product, window_start, window_end`;
    await query(db.url, "INSERT INTO sluice_rules (id, sql_text, enabled, version, status, created_at, updated_at) VALUES ('sales', ?, 1, 1, 'pending', NOW(3), NOW(3))", [rule]);
    const env = { ...runnerEnv(services, db.url, streamsFile, 1_000), CEP_GROUP_ID: `bench-${run}-tp-${round}` };
    const runner = RunnerProcess.start(mainJs, env, join(dir, `throughput-runner-${round}.log`), 'bench-runner');
    try {
      await runner.waitFor('restored: processing', 120_000);
      const started = Date.now();
      for (;;) {
        const rows = await query<{ partition_id: number; next_offset: string }>(db.url, 'SELECT partition_id, next_offset FROM sluice_cep_offsets');
        if (rows.length === PARTITIONS && rows.every((r) => Number(r.next_offset) >= high.get(r.partition_id)!)) break;
        if (runner.hasExited) throw new Error(`runner exited:\n${runner.tail()}`);
        await delay(20);
      }
      const seconds = (Date.now() - started) / 1000;
      const [{ n }] = await query<{ n: string }>(db.url, "SELECT SUM(orders) AS n FROM sales WHERE product <> 'flush'");
      if (Number(n) !== EVENTS) throw new Error(`sales counts ${n} events, expected ${EVENTS}`);
      const [head] = await query<{ checkpoint_id: string }>(db.url, 'SELECT checkpoint_id FROM sluice_cep_checkpoints');
      return { drainSeconds: seconds, eventsPerSecond: Math.round(EVENTS / seconds), checkpoints: Number(head?.checkpoint_id ?? 0), exact: true };
    } finally {
      await runner.stop();
    }
  } finally {
    await db.drop();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function latency(services: StartedServices, mainJs: string, dir: string, checkpointMs: number) {
  const topic = `bench.cep.lat.${checkpointMs}.${run}`;
  await createTopics(services, [{ name: topic, partitions: PARTITIONS }]);
  const streamsFile = join(dir, `latency-streams-${checkpointMs}.yaml`);
  writeFileSync(streamsFile, streamsYaml(topic));
  const db = await database(services.mysqlUrl, `bench_cep_lat_${checkpointMs}_${run}`);
  const gatewayConfig = loadGatewayConfig({ MYSQL_URL: db.url, KAFKA_BROKERS: services.kafkaBrokers.join(','), SLUICE_STREAMS: streamsFile, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', GATEWAY_RUN_MIGRATIONS: 'false' });
  const gateway = await createGatewayApp(gatewayConfig, await readStreamCatalog(streamsFile));
  await gateway.listen({ port: 0, host: '127.0.0.1' });
  const url = await gateway.getUrl();
  const dataSource = createSluiceDataSource({ url: db.url, poolSize: 1 });
  await dataSource.initialize();
  const { token } = await createApiKey(dataSource, { scopes: ['ingest:orders'], name: 'bench' });
  await dataSource.destroy();
  await query(db.url, 'CREATE TABLE probe (seq BIGINT AUTO_INCREMENT PRIMARY KEY, event_id VARCHAR(64) NOT NULL, ts DATETIME(3) NULL)');
  const rule = `CREATE TABLE probe (event_id STRING, ts TIMESTAMP(3)) WITH ('connector' = 'jdbc', ${jdbcOptions(db.url)}, 'table-name' = 'probe');
    INSERT INTO probe SELECT eventId, ts FROM orders`;
  await query(db.url, "INSERT INTO sluice_rules (id, sql_text, enabled, version, status, created_at, updated_at) VALUES ('probe', ?, 1, 1, 'pending', NOW(3), NOW(3))", [rule]);
  const runner = RunnerProcess.start(mainJs, runnerEnv(services, db.url, streamsFile, checkpointMs), join(dir, `latency-runner-${checkpointMs}.log`), 'bench-runner');
  const acked = new Map<string, number>();
  const seen = new Map<string, number>();
  let polling = true;
  const poller = (async () => {
    const c = await createConnection(db.url);
    let last = 0;
    while (polling) {
      const [rows] = await c.query('SELECT seq, event_id FROM probe WHERE seq > ? ORDER BY seq', [last]);
      const now = Date.now();
      for (const r of rows as { seq: number; event_id: string }[]) {
        last = Number(r.seq);
        if (!seen.has(r.event_id)) seen.set(r.event_id, now);
      }
      await delay(5);
    }
    await c.end();
  })();
  try {
    await runner.waitFor('restored: processing', 120_000);
    const total = RATE * LATENCY_S;
    const started = Date.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / RATE;
      if (due > Date.now()) await delay(due - Date.now());
      const eventId = `lat-${i}`;
      const body = JSON.stringify({ eventId, customerId: `c${i % 97}`, product: 'probe', amount: 1, ts: new Date().toISOString() });
      inFlight.push(
        fetch(`${url}/v1/streams/orders/events`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body }).then(async (response) => {
          await response.text();
          if (response.status === 202) acked.set(eventId, Date.now());
        }),
      );
    }
    await Promise.all(inFlight);
    const deadline = Date.now() + 30_000;
    while (seen.size < acked.size && Date.now() < deadline) await delay(50);
    const latencies = [...acked].filter(([id]) => seen.has(id)).map(([id, at]) => seen.get(id)! - at).sort((a, b) => a - b);
    return {
      checkpointIntervalMs: checkpointMs,
      ratePerSecond: RATE,
      seconds: LATENCY_S,
      accepted: acked.size,
      visible: latencies.length,
      latencyMs: { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), max: latencies.at(-1) },
    };
  } finally {
    polling = false;
    await poller;
    await runner.stop();
    await gateway.close();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const loadAtStart = loadavg();
  const services = await startServices();
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-cep-'));
  try {
    const mainJs = await buildRunner();
    const tp = await throughput(services, mainJs, dir);
    console.log(`throughput: ${tp.eventsPerSecond} events/s, median of ${tp.rounds.length} rounds (${tp.rounds.map((r) => r.eventsPerSecond).join(', ')}); ${tp.events} events on ${tp.partitions} partitions, every window exact`);
    const latencies = [];
    for (const interval of CHECKPOINT_INTERVALS_MS) {
      const result = await latency(services, mainJs, dir, interval);
      console.log(`latency (checkpoint every ${interval} ms, ${RATE} events/s): p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms (${result.visible}/${result.accepted} visible)`);
      latencies.push(result);
    }
    const results = {
      benchmark: 'cep-runner',
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model.trim(), node: process.version, services: services.mode, loadAverageAtStart: loadAtStart.map((l) => Math.round(l * 100) / 100), loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
      throughput: tp,
      latency: latencies,
      notes: 'Latency = gateway 202 -> row visible in MySQL (polled every 5 ms); it is dominated by the checkpoint interval, since rows become visible when their checkpoint commits.',
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/cep-runner.json', `${JSON.stringify(results, null, 2)}\n`);
    console.log('wrote bench/results/cep-runner.json');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await services.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

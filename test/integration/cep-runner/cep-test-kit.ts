import type { StreamDefinition } from '@sluice/contracts';
import type { AlertRecord } from '@sluice/connectors';
import { createSluiceDataSource } from '@sluice/contracts/db';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { createConnection, type Connection } from 'mysql2/promise';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startCepRunner, type StartedCepRunner } from '../../../apps/cep-runner/src/cep-runner-app';
import { loadConfig } from '../../../apps/cep-runner/src/config';
import { readStreamCatalog } from '../../../apps/cep-runner/src/streams/read-stream-catalog';
import { createTestDatabase, createTopic, testServices, uniqueName, type TestDatabase } from '../../harness/test-context';
import { waitUntil } from '../../harness/wait-until';
import { DIMENSION_TABLES_SQL, envelopeOf, ORDERS_PARTITIONS, PAYMENTS_PARTITIONS, partitionOf, scenarioStreams, streamsYaml, type ScenarioEvent, type ScenarioRule, type ScenarioTopics } from './cep-scenario';

/** A migrated database, the scenario's topics and a streams file, for one test. */
export interface CepTestEnv {
  readonly database: TestDatabase;
  readonly topics: ScenarioTopics;
  readonly streams: StreamDefinition[];
  readonly dir: string;
  readonly streamsFile: string;
  /** jdbc WITH options ('url', 'username', 'password') of the test database, for the rules' sinks. */
  readonly jdbc: string;
  readonly groupId: string;
  /** Environment of a runner on these services; deterministic settings (no idleness). */
  runnerEnv(extra?: Record<string, string>): Record<string, string>;
  cleanup(): Promise<void>;
}

export async function createCepTestEnv(): Promise<CepTestEnv> {
  const database = await createTestDatabase();
  await migrate(database.url);
  await createDimensionTables(database.url);
  const topics = { orders: await createTopic(uniqueName('orders'), ORDERS_PARTITIONS), payments: await createTopic(uniqueName('payments'), PAYMENTS_PARTITIONS) };
  const dir = await mkdtemp(join(tmpdir(), 'sluice-cep-test-'));
  const streamsFile = join(dir, 'streams.yaml');
  await writeFile(streamsFile, streamsYaml(topics));
  const groupId = uniqueName('cep');
  return {
    database,
    topics,
    streams: scenarioStreams(topics),
    dir,
    streamsFile,
    jdbc: jdbcOptionsOf(database.url),
    groupId,
    runnerEnv: (extra = {}) => ({
      MYSQL_URL: database.url,
      KAFKA_BROKERS: testServices().kafkaBrokers.join(','),
      SLUICE_STREAMS: streamsFile,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      CEP_GROUP_ID: groupId,
      CEP_CHECKPOINT_INTERVAL_MS: '200',
      CEP_IDLE_TIMEOUT_MS: '0',
      CEP_RULE_POLL_INTERVAL_MS: '300',
      CEP_RETRY_INITIAL_MS: '100',
      CEP_RETRY_MAX_MS: '1000',
      KAFKA_SESSION_TIMEOUT_MS: '3000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '300',
      KAFKA_MAX_WAIT_MS: '100',
      ...extra,
    }),
    cleanup: async () => {
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Business tables the rules look up (see DIMENSION_TABLES_SQL). */
export async function createDimensionTables(url: string): Promise<void> {
  await withConnection(url, async (c) => {
    for (const sql of DIMENSION_TABLES_SQL) await c.query(sql);
  });
}

export async function migrate(url: string): Promise<void> {
  const db = createSluiceDataSource({ url, poolSize: 2 });
  await db.initialize();
  try {
    await db.runMigrations({ transaction: 'each' });
  } finally {
    await db.destroy();
  }
}

/** `mysql://u:p@h:port/db` -> `'url' = 'jdbc:mysql://h:port/db', 'username' = 'u', 'password' = 'p'`. */
export function jdbcOptionsOf(mysqlUrl: string): string {
  const u = new URL(mysqlUrl);
  return `'url' = 'jdbc:mysql://${u.host}${u.pathname}', 'username' = '${decodeURIComponent(u.username)}', 'password' = '${decodeURIComponent(u.password)}'`;
}

export async function withConnection<T>(url: string, work: (c: Connection) => Promise<T>): Promise<T> {
  const connection = await createConnection({ uri: url, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

/** Stores rules as the gateway does (sluice_rules). */
export async function deployRules(url: string, rules: readonly ScenarioRule[], jdbc: string, version = 1): Promise<void> {
  await withConnection(url, async (c) => {
    for (const rule of rules) {
      await c.query(
        `INSERT INTO sluice_rules (id, sql_text, enabled, version, status, created_at, updated_at) VALUES (?, ?, 1, ?, 'pending', NOW(3), NOW(3))
         ON DUPLICATE KEY UPDATE sql_text = VALUES(sql_text), version = VALUES(version), status = 'pending', status_detail = NULL`,
        [rule.id, rule.sql(jdbc), version],
      );
    }
  });
}

export async function ruleStatuses(url: string): Promise<Record<string, { status: string; detail: string | null }>> {
  return withConnection(url, async (c) => {
    const [rows] = await c.query('SELECT id, status, status_detail FROM sluice_rules');
    return Object.fromEntries((rows as { id: string; status: string; status_detail: string | null }[]).map((r) => [r.id, { status: r.status, detail: r.status_detail }]));
  });
}

export async function scenarioProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return producer;
}

/** Produces envelopes as the gateway would (key = the stream's key field, all replicas acking). */
export async function produceEvents(producer: Producer, topics: ScenarioTopics, events: readonly ScenarioEvent[]): Promise<void> {
  const byTopic = new Map<string, { key: string; value: Buffer; partition: number }[]>();
  const now = Date.now();
  for (const event of events) {
    const topic = event.stream === 'orders' ? topics.orders : topics.payments;
    const list = byTopic.get(topic) ?? [];
    list.push({ key: event.key, value: Buffer.from(JSON.stringify(envelopeOf(event, now))), partition: partitionOf(topics, event) });
    byTopic.set(topic, list);
  }
  await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
}

/** Produces `events` in `chunks` pieces spread over `durationMs`. */
export async function produceOverTime(producer: Producer, topics: ScenarioTopics, events: readonly ScenarioEvent[], chunks: number, durationMs: number): Promise<void> {
  const size = Math.ceil(events.length / chunks);
  for (let i = 0; i < events.length; i += size) {
    await produceEvents(producer, topics, events.slice(i, i + size));
    await delay(durationMs / chunks);
  }
}

/** Waits until the runner's checkpoint covers everything in the topics (offsets at the end). */
export async function waitForCheckpointAtEnd(kafka: Kafka, env: CepTestEnv, timeoutMs: number, abortIf?: () => Error | undefined): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map<string, number>();
    for (const topic of [env.topics.orders, env.topics.payments]) {
      for (const o of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${o.partition}`, Number(o.high));
    }
    await waitUntil(
      () =>
        withConnection(env.database.url, async (c) => {
          const [rows] = await c.query('SELECT topic, partition_id, next_offset FROM sluice_cep_offsets WHERE group_id = ?', [env.groupId]);
          const stored = new Map((rows as { topic: string; partition_id: number; next_offset: string }[]).map((r) => [`${r.topic}/${r.partition_id}`, Number(r.next_offset)]));
          return [...ends].every(([k, end]) => (stored.get(k) ?? -1) >= end);
        }),
      { timeoutMs, intervalMs: 200, description: 'the runner to checkpoint every partition up to its end', abortIf },
    );
  } finally {
    await admin.disconnect();
  }
}

/** A table's rows as sorted JSON arrays (times as MySQL prints them). */
export async function tableRows(url: string, table: string): Promise<string[]> {
  return withConnection(url, async (c) => {
    const [rows] = await c.query({ sql: `SELECT * FROM \`${table}\``, rowsAsArray: true });
    return (rows as unknown[][]).map((r) => JSON.stringify(r)).sort();
  });
}

const ALERT_COLUMNS = 'id, rule_id, alert_type, alert_key, event_time, window_start, window_end, payload';

/** sluice_alerts without created_at (wall-clock time of the checkpoint), sorted. */
export async function alertRows(url: string): Promise<string[]> {
  return withConnection(url, async (c) => {
    const [rows] = await c.query({ sql: `SELECT ${ALERT_COLUMNS} FROM sluice_alerts`, rowsAsArray: true });
    return (rows as unknown[][]).map((r) => JSON.stringify(r)).sort();
  });
}

export function expectedAlertRows(records: readonly AlertRecord[]): string[] {
  const unique = new Map(records.map((r) => [r.id, JSON.stringify([r.id, r.ruleId, r.alertType, r.alertKey, r.eventTime, r.windowStart, r.windowEnd, r.payload])]));
  return [...unique.values()].sort();
}

/** A runner inside the test process (no SIGKILL needed): faster to start, status readable. */
export async function startInProcessRunner(env: CepTestEnv, extra: Record<string, string> = {}): Promise<StartedCepRunner> {
  const config = loadConfig(env.runnerEnv({ LOG_LEVEL: 'warn', ...extra }));
  const started = await startCepRunner(config, await readStreamCatalog(config.streamsFile));
  await waitUntil(() => started.runner.status.phase === 'running', { timeoutMs: 60_000, description: 'the runner to own the partitions' });
  return started;
}

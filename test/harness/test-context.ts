import { randomUUID } from 'node:crypto';
import type { RedisOptions } from 'ioredis';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { createConnection } from 'mysql2/promise';
import { inject } from 'vitest';
import { KafkaFaults } from './kafka-faults';
import { createTopics } from './kafka-topics';
import { SERVICES_CONTEXT_KEY } from './provided-context';
import type { ServiceEndpoints } from './service-types';

/**
 * Helpers for integration tests (inside vitest workers). The services themselves are started
 * once per run by global-setup.ts; these only read their addresses and create isolated names.
 */

/** Addresses of the run's MySQL, Redis and Kafka. */
export function testServices(): ServiceEndpoints {
  const services = inject(SERVICES_CONTEXT_KEY);
  if (!services)
    throw new Error('no services: run integration tests with `vitest run --project integration`');
  return services;
}

/** A name no other test uses: `uniqueName('topic')` -> `test-topic-<uuid>` (topics, queues, groups). */
export function uniqueName(prefix?: string): string {
  return ['test', prefix, randomUUID()].filter(Boolean).join('-');
}

/** A MySQL identifier no other test uses: `test_<32 hex digits>`. */
export function uniqueDatabaseName(): string {
  return `test_${randomUUID().replace(/-/g, '')}`;
}

/** The mock broker's fault injection, or undefined when Kafka is a real broker (containers, external). */
export function kafkaFaults(): KafkaFaults | undefined {
  const control = testServices().kafkaControl;
  return control ? KafkaFaults.fromAddress(control) : undefined;
}

/** Creates a topic (mock broker: control port; real Kafka: admin API) and returns its name. */
export async function createTopic(name: string, partitions: number): Promise<string> {
  await createTopics(testServices(), [{ name, partitions }]);
  return name;
}

/** A kafkajs client for the run's brokers; quiet unless something is wrong. */
export function testKafka(config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: uniqueName('client'),
    brokers: [...testServices().kafkaBrokers],
    logLevel: logLevel.ERROR,
    ...config,
  });
}

/**
 * ioredis options for the run's Redis, as BullMQ's `connection` wants them. BullMQ workers
 * block on Redis, so it requires maxRetriesPerRequest: null.
 */
export function testRedisOptions(): RedisOptions {
  const url = new URL(testServices().redisUrl);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined;
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(db === undefined ? {} : { db }),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

export interface TestDatabase {
  readonly name: string;
  /** The run's MySQL URL with this database in the path. */
  readonly url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database (CREATE DATABASE test_<uuid>) so a test file never sees another's tables. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = testServices().mysqlUrl;
  const name = uniqueDatabaseName();
  const connection = await createConnection(serverUrl);
  try {
    await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  } finally {
    await connection.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const admin = await createConnection(serverUrl);
      try {
        await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await admin.end();
      }
    },
  };
}

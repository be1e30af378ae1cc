import { KafkaContainer } from '@testcontainers/kafka';
import { MySqlContainer } from '@testcontainers/mysql';
import { RedisContainer } from '@testcontainers/redis';
import type { StartedServices } from './service-types';

// Pinned so every machine tests against the same server versions (DESIGN.md: MySQL 8, Redis 7).
export const CONTAINER_IMAGES = {
  mysql: 'mysql:8.0',
  redis: 'redis:7-alpine',
  // @testcontainers/kafka drives Confluent's image (its start script); KRaft, no ZooKeeper.
  kafka: 'confluentinc/cp-kafka:7.9.0',
} as const;

// Port of the PLAINTEXT listener that @testcontainers/kafka advertises to the host.
const KAFKA_CLIENT_PORT = 9093;

interface Stoppable {
  stop(): Promise<unknown>;
}

/**
 * MySQL, Redis and Kafka in containers, started in parallel. The MySQL URL is root's, on
 * database `sluice`, so tests may create their own databases as they do with local MariaDB.
 */
export async function containerServices(): Promise<StartedServices> {
  const results = await Promise.allSettled([
    new MySqlContainer(CONTAINER_IMAGES.mysql).withDatabase('sluice').withRootPassword('sluice').start(),
    new RedisContainer(CONTAINER_IMAGES.redis).start(),
    new KafkaContainer(CONTAINER_IMAGES.kafka).withKraft().start(),
  ]);
  const [mysql, redis, kafka] = results;
  if (mysql.status !== 'fulfilled' || redis.status !== 'fulfilled' || kafka.status !== 'fulfilled') {
    const started = results.flatMap((result) =>
      result.status === 'fulfilled' ? [result.value as Stoppable] : [],
    );
    await Promise.all(started.map((container) => container.stop()));
    const reasons = results.flatMap((result) =>
      result.status === 'rejected' ? [String(result.reason)] : [],
    );
    throw new Error(`could not start containers:\n- ${reasons.join('\n- ')}`);
  }
  const containers: Stoppable[] = [mysql.value, redis.value, kafka.value];
  return {
    mode: 'containers',
    mysqlUrl: mysql.value.getConnectionUri(true),
    redisUrl: redis.value.getConnectionUrl(),
    kafkaBrokers: [`${kafka.value.getHost()}:${kafka.value.getMappedPort(KAFKA_CLIENT_PORT)}`],
    kafkaControl: null,
    kafka: undefined,
    stop: async () => {
      await Promise.all(containers.map((container) => container.stop()));
    },
  };
}

import { KafkaFaults } from './kafka-faults';
import type { StartedServices } from './service-types';

/** The three variables that select external services; all must be set. */
export const EXTERNAL_SERVICE_VARIABLES = ['MYSQL_URL', 'REDIS_URL', 'KAFKA_BROKERS'] as const;

export function externalServicesConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return EXTERNAL_SERVICE_VARIABLES.every((name) => (env[name] ?? '').trim() !== '');
}

function requireUrl(env: NodeJS.ProcessEnv, name: string, protocols: readonly string[]): string {
  const value = (env[name] ?? '').trim();
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    throw new Error(`${name} is not a URL: "${value}"`);
  }
  if (!protocols.includes(protocol))
    throw new Error(`${name} must start with ${protocols.join(' or ')}//, got "${value}"`);
  return value;
}

/**
 * Services someone else runs (CI services, `sluice services up`, a shared cluster), named by
 * MYSQL_URL, REDIS_URL and KAFKA_BROKERS. SLUICE_KAFKA_CONTROL (host:port), printed by
 * `sluice services env`, enables fault injection when the broker is the local mock.
 */
export function externalServices(env: NodeJS.ProcessEnv = process.env): StartedServices {
  const kafkaBrokers = (env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  if (kafkaBrokers.some((broker) => !/^[^:\s]+:\d+$/.test(broker))) {
    throw new Error(`KAFKA_BROKERS must be a comma list of host:port, got "${env.KAFKA_BROKERS ?? ''}"`);
  }
  const control = (env.SLUICE_KAFKA_CONTROL ?? '').trim() || null;
  return {
    mode: 'external',
    mysqlUrl: requireUrl(env, 'MYSQL_URL', ['mysql:']),
    redisUrl: requireUrl(env, 'REDIS_URL', ['redis:', 'rediss:']),
    kafkaBrokers,
    kafkaControl: control,
    kafka: control ? KafkaFaults.fromAddress(control) : undefined,
    // Not ours to stop.
    stop: async () => undefined,
  };
}

import { isDockerEngineReachable } from './docker-engine';
import { externalServices, externalServicesConfigured } from './external-services';
import { KafkaFaults } from './kafka-faults';
import { createTopics } from './kafka-topics';
import { startLocalServices, stopLocalServices } from './local/local-services';
import { startOrphanWatchdog } from './local/orphan-watchdog';
import type { ServicesMode, ServicesOptions, StartedServices } from './service-types';

export type { ServiceEndpoints, ServicesMode, ServicesOptions, StartedServices } from './service-types';
export { KafkaFaults, KafkaApiKey } from './kafka-faults';
export type { TopicSpec } from './topic-spec';

const MODES: readonly ServicesMode[] = ['external', 'containers', 'local'];

/**
 * Which way services will be obtained, in the order DESIGN.md gives: external when MYSQL_URL,
 * REDIS_URL and KAFKA_BROKERS are all set, Testcontainers when a Docker engine answers, local
 * processes otherwise. SLUICE_SERVICES=external|containers|local overrides the detection.
 */
export async function detectServicesMode(env: NodeJS.ProcessEnv = process.env): Promise<ServicesMode> {
  const forced = env.SLUICE_SERVICES?.trim();
  if (forced) {
    if (!MODES.includes(forced as ServicesMode))
      throw new Error(`SLUICE_SERVICES must be one of ${MODES.join(', ')}, got "${forced}"`);
    return forced as ServicesMode;
  }
  if (externalServicesConfigured(env)) return 'external';
  if (await isDockerEngineReachable()) return 'containers';
  return 'local';
}

async function localServices(options: ServicesOptions): Promise<StartedServices> {
  const state = await startLocalServices({
    detached: false,
    topics: options.topics,
    kafkaBrokerCount: options.kafkaBrokerCount,
  });
  const watchdog = startOrphanWatchdog(state.processes);
  return {
    mode: 'local',
    mysqlUrl: state.mysqlUrl,
    redisUrl: state.redisUrl,
    kafkaBrokers: state.kafkaBrokers,
    kafkaControl: state.kafkaControl,
    kafka: KafkaFaults.fromAddress(state.kafkaControl),
    stop: async () => {
      watchdog.stop();
      await stopLocalServices(state.processes);
    },
  };
}

async function withTopics(services: StartedServices, options: ServicesOptions): Promise<StartedServices> {
  try {
    await createTopics(services, options.topics ?? []);
    return services;
  } catch (error) {
    await services.stop();
    throw error;
  }
}

/**
 * MySQL, Redis and Kafka for tests and local runs; see detectServicesMode for which ones.
 * Always call stop(): it ends whatever this call started (processes or containers) and
 * removes temporary directories; local processes are also killed if this process exits first.
 */
export async function startServices(options: ServicesOptions = {}): Promise<StartedServices> {
  const mode = options.mode ?? (await detectServicesMode());
  switch (mode) {
    case 'external':
      return withTopics(externalServices(), options);
    case 'containers': {
      // Loaded only here: Testcontainers is heavy and useless without an engine.
      const { containerServices } = await import('./container-services');
      return withTopics(await containerServices(), options);
    }
    case 'local':
      // The mock broker creates options.topics itself at start.
      return localServices(options);
  }
}

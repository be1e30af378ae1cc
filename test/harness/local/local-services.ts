import type { TopicSpec } from '../topic-spec';
import { startMariaDb } from './mariadb';
import { startMockKafka } from './mock-kafka';
import { startRedis } from './redis';
import { forgetOnExit, stopServiceProcess, type ServiceProcess } from './service-process';

export interface LocalServicesOptions {
  /**
   * Start in their own session so they can outlive this process (`sluice services up`). They
   * are still killed if this process exits before the caller hands them over with
   * keepRunningAfterExit(), e.g. once their state file is written.
   */
  readonly detached: boolean;
  readonly topics?: readonly TopicSpec[];
  readonly kafkaBrokerCount?: number;
}

/** Everything needed to use and later stop local services; `sluice services up` stores it as JSON. */
export interface LocalServicesState {
  readonly mysqlUrl: string;
  readonly redisUrl: string;
  readonly kafkaBrokers: string[];
  readonly kafkaControl: string;
  readonly processes: ServiceProcess[];
}

/** Lets detached services outlive this process (see LocalServicesOptions.detached). */
export function keepRunningAfterExit(processes: readonly ServiceProcess[]): void {
  for (const service of processes) forgetOnExit(service);
}

/** Stops every process (by PID) and removes its temporary directory. */
export async function stopLocalServices(processes: readonly ServiceProcess[]): Promise<void> {
  await Promise.all(processes.map((service) => stopServiceProcess(service)));
}

/**
 * MariaDB, Redis and the mock Kafka broker as local processes on 127.0.0.1, started in
 * parallel. If one fails the others are stopped before the error is thrown.
 */
export async function startLocalServices(options: LocalServicesOptions): Promise<LocalServicesState> {
  const [mysql, redis, kafka] = await Promise.allSettled([
    startMariaDb({ detached: options.detached }),
    startRedis({ detached: options.detached }),
    startMockKafka({
      detached: options.detached,
      brokerCount: options.kafkaBrokerCount,
      topics: options.topics,
    }),
  ]);
  if (mysql.status === 'fulfilled' && redis.status === 'fulfilled' && kafka.status === 'fulfilled') {
    return {
      mysqlUrl: mysql.value.url,
      redisUrl: redis.value.url,
      kafkaBrokers: kafka.value.brokers,
      kafkaControl: kafka.value.control,
      processes: [mysql.value.process, redis.value.process, kafka.value.process],
    };
  }
  const started: ServiceProcess[] = [];
  const errors: string[] = [];
  for (const result of [mysql, redis, kafka]) {
    if (result.status === 'fulfilled') started.push(result.value.process);
    else errors.push(result.reason instanceof Error ? result.reason.message : String(result.reason));
  }
  await stopLocalServices(started);
  throw new Error(`could not start local services:\n- ${errors.join('\n- ')}`);
}

import type { TestProject } from 'vitest/node';
import { SERVICES_CONTEXT_KEY } from './provided-context';
import { startServices } from './services';
import type { ServiceEndpoints } from './service-types';

/**
 * Vitest globalSetup of the "integration" project: starts MySQL, Redis and Kafka once per run
 * in the main vitest process and hands their addresses to test workers through provide/inject
 * (read them with test-context.ts). Workers are other processes, hence plain data only; fault
 * injection reaches the mock broker over its control port.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const services = await startServices();
  const endpoints: ServiceEndpoints = {
    mode: services.mode,
    mysqlUrl: services.mysqlUrl,
    redisUrl: services.redisUrl,
    kafkaBrokers: [...services.kafkaBrokers],
    kafkaControl: services.kafkaControl,
  };
  project.provide(SERVICES_CONTEXT_KEY, endpoints);
  process.stderr.write(
    `[harness] ${services.mode} services ready in ${Date.now() - started} ms: ` +
      `mysql ${new URL(services.mysqlUrl).host}, redis ${new URL(services.redisUrl).host}, ` +
      `kafka ${services.kafkaBrokers.join(',')}${services.kafkaControl ? ` (control ${services.kafkaControl})` : ''}\n`,
  );
  return async () => {
    await services.stop();
  };
}

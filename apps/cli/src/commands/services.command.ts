import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  keepRunningAfterExit,
  startLocalServices,
  stopLocalServices,
} from '../../../../test/harness/local/local-services';
import {
  DEFAULT_STATE_DIR,
  deadProcesses,
  formatEnvExports,
  readServicesState,
  removeServicesState,
  stateFilePath,
  writeServicesState,
} from '../../../../test/harness/local/services-state';
import { parseTopicSpecs } from '../../../../test/harness/topic-spec';

export interface ServicesUpOptions {
  readonly stateDir: string;
  readonly topics?: string;
  readonly brokers?: string;
}

const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/**
 * `sluice services up`: MySQL (MariaDB), Redis and the mock Kafka broker as detached local
 * processes, the same code the test harness uses; they outlive this command until `down`.
 */
export async function servicesUp(options: ServicesUpOptions): Promise<void> {
  const topics = parseTopicSpecs(options.topics ?? '');
  const brokers = options.brokers === undefined ? undefined : Number(options.brokers);
  if (brokers !== undefined && (!Number.isInteger(brokers) || brokers < 1 || brokers > 16)) {
    throw new Error(`--brokers must be 1..16, got "${options.brokers}"`);
  }
  const existing = await readServicesState(options.stateDir);
  if (existing) {
    if (deadProcesses(existing).length === 0) {
      say(
        `services already running (${stateFilePath(options.stateDir)}); \`sluice services down\` stops them`,
      );
      return;
    }
    // Some died (reboot, OOM): clear what is left and start a fresh set.
    await stopLocalServices(existing.processes);
    await removeServicesState(options.stateDir);
  }
  const state = await startLocalServices({ detached: true, topics, kafkaBrokerCount: brokers });
  try {
    await writeServicesState(options.stateDir, state);
  } catch (error) {
    await stopLocalServices(state.processes);
    throw error;
  }
  // Only now can `down` find them, so only now may they outlive this command.
  keepRunningAfterExit(state.processes);
  say(`MySQL  ${state.mysqlUrl}`);
  say(`Redis  ${state.redisUrl}`);
  say(`Kafka  ${state.kafkaBrokers.join(',')} (fault control ${state.kafkaControl})`);
  say(`state in ${stateFilePath(options.stateDir)}; use them with: eval "$(sluice services env)"`);
}

/** `sluice services env`: shell exports for the running services. */
export async function servicesEnv(options: { readonly stateDir: string }): Promise<string> {
  const state = await readServicesState(options.stateDir);
  if (!state) throw new Error('no services are running here; start them with `sluice services up`');
  const dead = deadProcesses(state);
  if (dead.length > 0) {
    throw new Error(
      `${dead.map((service) => service.name).join(', ')} stopped; run \`sluice services down\` then \`sluice services up\``,
    );
  }
  return formatEnvExports(state);
}

/** `sluice services down`: kills the processes by PID and removes their temporary directories. */
export async function servicesDown(options: { readonly stateDir: string }): Promise<void> {
  const state = await readServicesState(options.stateDir);
  if (!state) {
    say('no services are running here');
    return;
  }
  await stopLocalServices(state.processes);
  await removeServicesState(options.stateDir);
  say(`stopped ${state.processes.map((service) => `${service.name} (pid ${service.pid})`).join(', ')}`);
}

export function registerServicesCommand(program: Command): void {
  const services = program
    .command('services')
    .description('start, stop or show the local MySQL, Redis and Kafka services');
  const stateDirOption = ['--state-dir <dir>', 'where the state file lives', DEFAULT_STATE_DIR] as const;

  services
    .command('up')
    .description('start MariaDB, Redis and a mock Kafka cluster on 127.0.0.1 (detached)')
    .option('--topics <list>', 'topics to create, e.g. orders:4,payments:2')
    .option('--brokers <n>', 'brokers in the mock Kafka cluster', '3')
    .option(...stateDirOption)
    .action(async (options: { topics?: string; brokers: string; stateDir: string }) => {
      await servicesUp({ ...options, stateDir: resolve(options.stateDir) });
    });

  services
    .command('env')
    .description('print `export NAME=value` lines for the running services (eval "$(sluice services env)")')
    .option(...stateDirOption)
    .action(async (options: { stateDir: string }) => {
      process.stdout.write(await servicesEnv({ stateDir: resolve(options.stateDir) }));
    });

  services
    .command('down')
    .description('stop the services started by `up` and remove their data')
    .option(...stateDirOption)
    .action(async (options: { stateDir: string }) => {
      await servicesDown({ stateDir: resolve(options.stateDir) });
    });
}

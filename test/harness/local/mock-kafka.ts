import { readFileSync } from 'node:fs';
import { buildMockBroker } from '../kafka-mock/build-mock-broker';
import type { TopicSpec } from '../topic-spec';
import { waitUntil } from '../wait-until';
import { logTail } from './log-tail';
import {
  forgetProcessOnExit,
  killOnExit,
  makeServiceDir,
  removeServiceDir,
  spawnService,
  terminateServiceProcess,
  type ServiceProcess,
} from './service-process';

export interface LocalMockKafka {
  readonly brokers: string[];
  /** host:port of the control port (KafkaFaults). */
  readonly control: string;
  readonly process: ServiceProcess;
}

export interface MockKafkaOptions {
  readonly detached: boolean;
  readonly brokerCount?: number;
  readonly topics?: readonly TopicSpec[];
}

interface Banner {
  bootstrap?: string;
  control?: string;
  controllerProblem?: string;
  ready: boolean;
}

/** Reads the start-up lines the broker prints (see mock-broker.c); librdkafka's own log lines are ignored. */
function readBanner(logFile: string): Banner {
  const banner: Banner = { ready: false };
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (line.startsWith('bootstrap ')) banner.bootstrap = line.slice('bootstrap '.length).trim();
    else if (line.startsWith('control ')) banner.control = line.slice('control '.length).trim();
    else if (line.startsWith('controller-unset '))
      banner.controllerProblem = line.slice('controller-unset '.length);
    else if (line.trim() === 'ready') banner.ready = true;
  }
  return banner;
}

/**
 * A Kafka-protocol cluster from librdkafka's mock (mock-broker.c): brokers 1..N on ephemeral
 * loopback ports chosen by the broker itself, topics created up front because it has no
 * CreateTopics API, and a control port for fault injection.
 */
export async function startMockKafka(options: MockKafkaOptions): Promise<LocalMockKafka> {
  const binary = await buildMockBroker();
  const dir = await makeServiceDir('kafka');
  const args = [
    '--brokers',
    String(options.brokerCount ?? 3),
    // Attached brokers also die with their parent even if it is SIGKILLed and cannot clean up.
    ...(options.detached ? [] : ['--exit-with-parent']),
    ...(options.topics ?? []).map((topic) => `${topic.name}:${topic.partitions}`),
  ];
  const spawned = spawnService({
    name: 'mock-broker',
    executable: binary,
    args,
    dir,
    detached: options.detached,
  });
  killOnExit(spawned.process);
  try {
    let banner: Banner = { ready: false };
    await waitUntil(
      () => {
        banner = readBanner(spawned.process.logFile);
        return banner.ready;
      },
      { timeoutMs: 30_000, intervalMs: 20, description: 'the mock Kafka broker', abortIf: spawned.exitError },
    );
    if (!banner.bootstrap || !banner.control)
      throw new Error(`mock broker printed no bootstrap/control line:\n${logTail(spawned.process.logFile)}`);
    if (banner.controllerProblem) {
      // Plain produce/consume still work; kafkajs admin and idempotent producers will not.
      process.emitWarning(
        `mock Kafka broker reports controller 0 (${banner.controllerProblem}); kafkajs admin and idempotent producers will fail`,
      );
    }
    return { brokers: banner.bootstrap.split(','), control: banner.control, process: spawned.process };
  } catch (error) {
    await terminateServiceProcess(spawned.process, 2_000);
    forgetProcessOnExit(spawned.process);
    await removeServiceDir(dir);
    throw error;
  }
}

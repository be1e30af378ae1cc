import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { createConnection } from 'mysql2/promise';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  forgetOnExit,
  isRunning,
  killOnExit,
  makeServiceDir,
  removeServiceDir,
} from '../../harness/local/service-process';
import type { ServicesStateFile } from '../../harness/local/services-state';
import { findRepoRoot } from '../../harness/repo-root';

const run = promisify(execFile);
const root = findRepoRoot();

/** `sluice services ...` as a separate process, from the TS sources, in `cwd`. */
function sluice(cwd: string, args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return run(
    join(root, 'node_modules', '.bin', 'vite-node'),
    [
      '--root',
      root,
      '--config',
      join(root, 'vitest.config.ts'),
      join(__dirname, 'fixtures', 'services-cli.ts'),
      ...args,
    ],
    { cwd, timeout: 60_000 },
  );
}

/** What a shell sees after `eval "$(sluice services env)"`. */
async function evalInShell(exports: string): Promise<Record<string, string>> {
  const script = `eval "$EXPORTS"; printf '%s\\n' "$MYSQL_URL" "$REDIS_URL" "$KAFKA_BROKERS" "$SLUICE_KAFKA_CONTROL"`;
  const { stdout } = await run('bash', ['-c', script], { env: { PATH: process.env.PATH, EXPORTS: exports } });
  const [MYSQL_URL, REDIS_URL, KAFKA_BROKERS, SLUICE_KAFKA_CONTROL] = stdout.split('\n');
  return {
    MYSQL_URL: MYSQL_URL!,
    REDIS_URL: REDIS_URL!,
    KAFKA_BROKERS: KAFKA_BROKERS!,
    SLUICE_KAFKA_CONTROL: SLUICE_KAFKA_CONTROL!,
  };
}

describe('sluice services', () => {
  let cwd: string;

  beforeEach(async () => {
    // A service dir: removed even if the run is interrupted before afterEach.
    cwd = await makeServiceDir('cli-test');
  });

  afterEach(async () => {
    // Stops whatever a failed test left running; a no-op after a successful `down`.
    await sluice(cwd, ['services', 'down']);
    await removeServiceDir(cwd);
  });

  it('starts services that outlive the command, prints their environment and stops them by PID', async () => {
    await sluice(cwd, ['services', 'up', '--topics', 'orders:4', '--brokers', '1']);
    const state = JSON.parse(
      await readFile(join(cwd, '.sluice', 'services.json'), 'utf8'),
    ) as ServicesStateFile;
    // Should this worker be killed before `down`, it takes the detached services with it.
    state.processes.forEach(killOnExit);

    // The `up` process has exited; its services have not.
    expect(state.processes.map((service) => service.name).sort()).toEqual([
      'mariadb',
      'mock-broker',
      'redis',
    ]);
    expect(state.processes.every((service) => isRunning(service.pid))).toBe(true);

    const env = await evalInShell((await sluice(cwd, ['services', 'env'])).stdout);
    expect(env).toEqual({
      MYSQL_URL: state.mysqlUrl,
      REDIS_URL: state.redisUrl,
      KAFKA_BROKERS: state.kafkaBrokers.join(','),
      SLUICE_KAFKA_CONTROL: state.kafkaControl,
    });

    const mysql = await createConnection(env.MYSQL_URL!);
    const [rows] = await mysql.query('SELECT DATABASE() AS db');
    await mysql.end();
    expect(rows).toEqual([{ db: 'sluice' }]);
    const redis = new Redis(env.REDIS_URL!);
    expect(await redis.ping()).toBe('PONG');
    redis.disconnect();
    const admin = new Kafka({ brokers: env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: ['orders'] }).finally(() => admin.disconnect());
    expect(metadata.topics[0]!.partitions).toHaveLength(4);

    await sluice(cwd, ['services', 'down']);
    state.processes.forEach(forgetOnExit);

    expect(state.processes.filter((service) => isRunning(service.pid))).toEqual([]);
    expect(state.processes.filter((service) => existsSync(service.dir))).toEqual([]);
    expect(existsSync(join(cwd, '.sluice', 'services.json'))).toBe(false);
  });

  it('refuses to print an environment when nothing runs', async () => {
    await expect(sluice(cwd, ['services', 'env'])).rejects.toThrow(/no services are running here/);
  });
});

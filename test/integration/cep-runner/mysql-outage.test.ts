import { mulberry32 } from '@sluice/connectors';
import type { Producer } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKafka } from '../../harness/test-context';
import { flushEvents, generateEvents, SCENARIO_RULES } from './cep-scenario';
import { join } from 'node:path';
import { createCepTestEnv, deployRules, jdbcOptionsOf, produceEvents, produceOverTime, scenarioProducer, waitForCheckpointAtEnd, type CepTestEnv } from './cep-test-kit';
import { buildRunner } from './runner-build';
import { RunnerProcess } from './runner-process';
import { expectTablesOfReference } from './scenario-assertions';
import { TcpProxy } from './tcp-proxy';

describe('CEP runner while MySQL is unreachable', () => {
  const kafka = testKafka();
  let env: CepTestEnv;
  let producer: Producer;
  let proxy: TcpProxy;
  let runner: RunnerProcess | undefined;
  let mainJs: string;

  beforeAll(async () => {
    // A child process: lookups block the runner's thread while they wait for MySQL, and the
    // proxy must keep forwarding meanwhile.
    [env, mainJs] = await Promise.all([createCepTestEnv(), buildRunner()]);
    producer = await scenarioProducer(kafka);
    const direct = new URL(env.database.url);
    proxy = await TcpProxy.start(direct.hostname, Number(direct.port));
  });

  afterAll(async () => {
    await RunnerProcess.killAll();
    proxy?.restore();
    await runner?.stop();
    await proxy?.close();
    await producer?.disconnect();
    await env?.cleanup();
  });

  it('retries through repeated outages (commits cut mid-flight included) and still ends exact', { timeout: 120_000 }, async () => {
    // The runner and its rules see MySQL only through the proxy.
    const viaProxy = proxy.rewrite(env.database.url);
    await deployRules(env.database.url, SCENARIO_RULES, jdbcOptionsOf(viaProxy));
    runner = RunnerProcess.start(mainJs, env.runnerEnv({ MYSQL_URL: viaProxy, CEP_RETRY_MAX_MS: '500' }), join(process.env.CEP_TEST_LOG_DIR ?? env.dir, 'outage-runner.log'));
    await runner.waitFor('restored: processing', 60_000);
    const events = generateEvents(900, 41);
    const random = mulberry32(5);
    const producing = produceOverTime(producer, env.topics, events, 30, 9_000);
    for (let outage = 0; outage < 3; outage++) {
      await delay(500 + random() * 1_500);
      proxy.cut();
      await delay(1_000 + random() * 2_000);
      proxy.restore();
    }
    await producing;
    await produceEvents(producer, env.topics, flushEvents(env.topics, events));
    const running = runner;
    await waitForCheckpointAtEnd(kafka, env, 60_000, () => (running.hasExited ? new Error(`runner exited:\n${running.tail()}`) : undefined));

    // The outages were noticed (restores retried) and the runner came back by itself.
    expect(runner.count('restore failed')).toBeGreaterThan(0);
    expect(runner.count('restored: processing')).toBeGreaterThan(1);
    await expectTablesOfReference(env, events);
  });
});

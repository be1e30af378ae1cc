import { mulberry32 } from '@sluice/connectors';
import type { Producer } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedCepRunner } from '../../../apps/cep-runner/src/cep-runner-app';
import { testKafka } from '../../harness/test-context';
import { flushEvents, generateEvents, SCENARIO_RULES } from './cep-scenario';
import { createCepTestEnv, deployRules, jdbcOptionsOf, produceEvents, produceOverTime, scenarioProducer, startInProcessRunner, waitForCheckpointAtEnd, type CepTestEnv } from './cep-test-kit';
import { expectTablesOfReference } from './scenario-assertions';
import { TcpProxy } from './tcp-proxy';

describe('CEP runner while MySQL is unreachable', () => {
  const kafka = testKafka();
  let env: CepTestEnv;
  let producer: Producer;
  let proxy: TcpProxy;
  let runner: StartedCepRunner | undefined;

  beforeAll(async () => {
    env = await createCepTestEnv();
    producer = await scenarioProducer(kafka);
    const direct = new URL(env.database.url);
    proxy = await TcpProxy.start(direct.hostname, Number(direct.port));
  });

  afterAll(async () => {
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
    runner = await startInProcessRunner(env, { MYSQL_URL: viaProxy, CEP_RETRY_MAX_MS: '500' });
    const events = generateEvents(900, 41);
    const random = mulberry32(5);
    const producing = produceOverTime(producer, env.topics, events, 30, 9_000);
    let sawRestoring = false;
    for (let outage = 0; outage < 3; outage++) {
      await delay(500 + random() * 1_500);
      proxy.cut();
      await delay(1_000 + random() * 2_000);
      sawRestoring ||= runner.runner.status.phase === 'restoring';
      proxy.restore();
    }
    await producing;
    await produceEvents(producer, env.topics, flushEvents(env.topics, events));
    await waitForCheckpointAtEnd(kafka, env, 60_000);

    expect(sawRestoring).toBe(true);
    const metrics = await (await fetch(`${runner.url}/metrics`)).text();
    expect(Number(/sluice_cep_recoveries_total\{reason="restore"\} (\d+)/.exec(metrics)?.[1] ?? 0)).toBeGreaterThan(0);
    await expectTablesOfReference(env, events, SCENARIO_RULES.map((rule) => ({ ...rule, sql: () => rule.sql(jdbcOptionsOf(env.database.url)) })));
  });
});

import { mulberry32 } from '@sluice/connectors';
import type { Producer } from 'kafkajs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKafka } from '../../harness/test-context';
import { flushEvents, generateEvents, SCENARIO_RULES } from './cep-scenario';
import { alertRows, createCepTestEnv, deployRules, produceEvents, produceOverTime, scenarioProducer, tableRows, waitForCheckpointAtEnd, type CepTestEnv } from './cep-test-kit';
import { buildRunner } from './runner-build';
import { RunnerProcess } from './runner-process';
import { expectTablesOfReference } from './scenario-assertions';

// `npm run chaos` sets CEP_CHAOS_KILLS=100 (and more events); the normal suite kills 10 times.
const KILLS = Number(process.env.CEP_CHAOS_KILLS ?? 10);
const ORDERS = Number(process.env.CEP_CHAOS_ORDERS ?? 1200);
const SEED = Number(process.env.CEP_CHAOS_SEED ?? Date.now() % 1_000_000);

describe('CEP runner killed with SIGKILL at random moments', () => {
  const kafka = testKafka();
  let env: CepTestEnv;
  let mainJs: string;
  let producer: Producer;

  beforeAll(async () => {
    [env, mainJs] = await Promise.all([createCepTestEnv(), buildRunner()]);
    producer = await scenarioProducer(kafka);
  });

  afterAll(async () => {
    await RunnerProcess.killAll();
    await producer?.disconnect();
    await env?.cleanup();
  });

  it(`ends with exactly the tables of an uninterrupted run after ${KILLS} kills (seed ${SEED})`, { timeout: 120_000 + KILLS * 15_000 }, async () => {
    await deployRules(env.database.url, SCENARIO_RULES, env.jdbc);
    const events = generateEvents(ORDERS, 11);
    const random = mulberry32(SEED);
    const logFile = join(process.env.CEP_TEST_LOG_DIR ?? env.dir, 'crash-runners.log');
    // Events keep arriving while runners die: kills hit restores, warm-ups, batches and commits.
    const producing = produceOverTime(producer, env.topics, events, 5 * KILLS, KILLS * 3_500);
    let restoredKills = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const runner = RunnerProcess.start(mainJs, env.runnerEnv(), logFile, `runner-${kill}`);
      if (random() < 0.75) {
        await runner.waitFor('restored: processing', 60_000);
        restoredKills++;
        await delay(random() * 1_500);
      } else {
        await delay(random() * 4_000);
      }
      await runner.killNow();
    }
    await producing;
    await produceEvents(producer, env.topics, flushEvents(env.topics, events));

    const last = RunnerProcess.start(mainJs, env.runnerEnv(), logFile, 'runner-final');
    try {
      await waitForCheckpointAtEnd(kafka, env, 120_000, () => (last.hasExited ? new Error(`final runner exited:\n${last.tail()}`) : undefined));
    } finally {
      await last.stop();
    }

    await expectTablesOfReference(env, events);
    // Not vacuous: every rule wrote rows, some events were retries, most kills hit a running runner.
    expect((await tableRows(env.database.url, 'paid_orders')).length).toBeGreaterThan(ORDERS / 2);
    expect((await tableRows(env.database.url, 'large_orders')).length).toBeGreaterThan(0);
    expect((await tableRows(env.database.url, 'tiered_orders')).length).toBeGreaterThan(ORDERS / 2);
    expect((await alertRows(env.database.url)).length).toBeGreaterThan(0);
    expect(events.some((e) => e.isDuplicate)).toBe(true);
    expect(restoredKills).toBeGreaterThan(0);
  });
});

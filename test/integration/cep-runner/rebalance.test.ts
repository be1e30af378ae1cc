import type { Producer } from 'kafkajs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKafka } from '../../harness/test-context';
import { flushEvents, generateEvents, SCENARIO_RULES } from './cep-scenario';
import { createCepTestEnv, deployRules, produceEvents, produceOverTime, scenarioProducer, waitForCheckpointAtEnd, withConnection, type CepTestEnv } from './cep-test-kit';
import { buildRunner } from './runner-build';
import { RunnerProcess } from './runner-process';
import { expectTablesOfReference } from './scenario-assertions';

const RESTORED = 'restored: processing';
const STANDBY = 'no partitions assigned: standing by';

describe('CEP runner group rebalances', () => {
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

  it('hands the partitions and state over when a second runner joins, the first dies and the second leaves', { timeout: 180_000 }, async () => {
    await deployRules(env.database.url, SCENARIO_RULES, env.jdbc);
    const events = generateEvents(900, 23);
    const part = Math.floor(events.length / 4);
    const logFile = join(process.env.CEP_TEST_LOG_DIR ?? env.dir, 'rebalance-runners.log');
    const epochs = async () =>
      withConnection(env.database.url, async (c) => Number(((await c.query('SELECT epoch FROM sluice_cep_checkpoints WHERE group_id = ?', [env.groupId]))[0] as { epoch: string }[])[0]?.epoch ?? 0));

    const a = RunnerProcess.start(mainJs, env.runnerEnv(), logFile, 'runner-a');
    await a.waitFor(RESTORED, 60_000);
    await produceOverTime(producer, env.topics, events.slice(0, part), 4, 1_000);

    // B joins mid-stream: the group rebalances, A keeps the partitions (sticky), B stands by.
    const b = RunnerProcess.start(mainJs, env.runnerEnv(), logFile, 'runner-b');
    await b.waitFor(STANDBY, 60_000);
    await a.waitFor(RESTORED, 60_000, 2);
    await produceOverTime(producer, env.topics, events.slice(part, 2 * part), 4, 1_000);

    // A dies without a word: B takes over from A's last checkpoint once A's session expires.
    await a.killNow();
    const produceWhileFailingOver = produceOverTime(producer, env.topics, events.slice(2 * part, 3 * part), 6, 3_000);
    await b.waitFor(RESTORED, 60_000);
    await produceWhileFailingOver;

    // A comes back as a standby; B leaves cleanly (final checkpoint) and A takes over again.
    const a2 = RunnerProcess.start(mainJs, env.runnerEnv(), logFile, 'runner-a2');
    await a2.waitFor(STANDBY, 60_000);
    const epochBeforeLeaving = await epochs();
    const produceWhileLeaving = produceOverTime(producer, env.topics, events.slice(3 * part), 6, 2_000);
    expect(await b.stop()).toBe(0);
    await a2.waitFor(RESTORED, 60_000);
    await produceWhileLeaving;
    await produceEvents(producer, env.topics, flushEvents(env.topics, events));
    try {
      await waitForCheckpointAtEnd(kafka, env, 60_000, () => (a2.hasExited ? new Error(`runner-a2 exited:\n${a2.tail()}`) : undefined));
    } finally {
      await a2.stop();
    }

    expect(await epochs()).toBeGreaterThan(epochBeforeLeaving);
    await expectTablesOfReference(env, events);
  });
});

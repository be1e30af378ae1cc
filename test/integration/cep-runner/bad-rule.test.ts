import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedCepRunner } from '../../../apps/cep-runner/src/cep-runner-app';
import { testKafka } from '../../harness/test-context';
import { waitUntil } from '../../harness/wait-until';
import { flushEvents, generateEvents, LARGE_RULE, PAID_RULE, REVENUE_RULE, RISING_RULE, type ScenarioRule } from './cep-scenario';
import {
  createCepTestEnv,
  deployRules,
  produceEvents,
  ruleStatuses,
  scenarioProducer,
  startInProcessRunner,
  waitForCheckpointAtEnd,
  withConnection,
  type CepTestEnv,
} from './cep-test-kit';
import { expectTablesOfReference } from './scenario-assertions';

const GOOD_RULES = [REVENUE_RULE, PAID_RULE, RISING_RULE, LARGE_RULE];

/** Rules that cannot run, each for another reason. */
const BAD_RULES: ScenarioRule[] = [
  { id: 'bad-column', tables: [], sql: () => `INSERT INTO alerts\nSELECT customerId, ts, amout FROM orders` },
  { id: 'bad-cast', tables: [], sql: () => `INSERT INTO alerts SELECT customerId, ts, CAST(CAST(orderId AS INT) AS STRING) FROM orders` },
  { id: 'bad-sink-data', tables: [], sql: (jdbc) => `CREATE TABLE short_ids (orderId STRING) WITH ('connector' = 'jdbc', ${jdbc}, 'table-name' = 'short_ids');\nINSERT INTO short_ids SELECT orderId FROM orders` },
  { id: 'bad-server', tables: [], sql: () => `CREATE TABLE elsewhere (orderId STRING) WITH ('connector' = 'jdbc', 'url' = 'jdbc:mysql://db.example:3306/x', 'table-name' = 't');\nINSERT INTO elsewhere SELECT orderId FROM orders` },
];

describe('a bad rule deployed while others run', () => {
  const kafka = testKafka();
  let env: CepTestEnv;
  let producer: Producer;
  let runner: StartedCepRunner | undefined;

  beforeAll(async () => {
    env = await createCepTestEnv();
    producer = await scenarioProducer(kafka);
    // A sink table that exists with a column too narrow for the rule's rows (MySQL error 1406).
    await withConnection(env.database.url, (c) => c.query('CREATE TABLE short_ids (orderId VARCHAR(3))'));
  });

  afterAll(async () => {
    await runner?.stop();
    await producer?.disconnect();
    await env?.cleanup();
  });

  it('is marked failed with its error while the other rules keep producing exactly their rows', { timeout: 120_000 }, async () => {
    await deployRules(env.database.url, GOOD_RULES, env.jdbc);
    runner = await startInProcessRunner(env);
    const events = generateEvents(600, 31);
    const half = Math.floor(events.length / 2);
    await produceEvents(producer, env.topics, events.slice(0, half));

    await deployRules(env.database.url, BAD_RULES, env.jdbc);
    await waitUntil(async () => Object.values(await ruleStatuses(env.database.url)).filter((s) => s.status === 'failed').length === BAD_RULES.length - 2, {
      timeoutMs: 30_000,
      description: 'the rules that fail at deploy time to be reported',
    });
    await produceEvents(producer, env.topics, events.slice(half));
    await produceEvents(producer, env.topics, flushEvents(env.topics, events));
    await waitForCheckpointAtEnd(kafka, env, 60_000);

    const statuses = await ruleStatuses(env.database.url);
    for (const rule of GOOD_RULES) expect(statuses[rule.id], rule.id).toEqual({ status: 'running', detail: null });
    expect(statuses['bad-column'].status).toBe('failed');
    expect(statuses['bad-column'].detail).toMatch(/^2:\d+: unknown column 'amout'.*\(PLAN_UNKNOWN_COLUMN\)$/);
    expect(statuses['bad-cast']).toEqual({ status: 'failed', detail: expect.stringContaining('CAST_INVALID') });
    expect(statuses['bad-sink-data']).toEqual({ status: 'failed', detail: expect.stringMatching(/too long/i) });
    expect(statuses['bad-server']).toEqual({ status: 'failed', detail: expect.stringContaining('can only write to its own MySQL server') });
    expect(await withConnection(env.database.url, async (c) => (await c.query('SELECT COUNT(*) AS n FROM short_ids'))[0])).toEqual([{ n: '0' }]);

    await expectTablesOfReference(env, events, GOOD_RULES);

    // Fixing the rule (a new version) starts it again.
    await deployRules(env.database.url, [{ ...BAD_RULES[0], sql: () => 'INSERT INTO alerts SELECT customerId, ts, orderId FROM orders' }], env.jdbc, 2);
    await waitUntil(async () => (await ruleStatuses(env.database.url))['bad-column'].status === 'running', { timeoutMs: 30_000, description: 'the fixed rule to run' });
  });
});

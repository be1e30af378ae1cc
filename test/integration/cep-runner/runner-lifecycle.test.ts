import type { Producer } from 'kafkajs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StartedCepRunner } from '../../../apps/cep-runner/src/cep-runner-app';
import { testKafka } from '../../harness/test-context';
import { waitUntil } from '../../harness/wait-until';
import { flushEvents, generateEvents, LARGE_RULE, REVENUE_RULE, RISING_RULE, SCENARIO_T0, type ScenarioEvent, type ScenarioRule } from './cep-scenario';
import { createCepTestEnv, deployRules, produceEvents, ruleStatuses, scenarioProducer, startInProcessRunner, tableRows, waitForCheckpointAtEnd, withConnection, type CepTestEnv } from './cep-test-kit';
import { expectTablesOfReference } from './scenario-assertions';

async function metric(runner: StartedCepRunner, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`${runner.url}/metrics`)).text();
  return Number(pattern.exec(text)?.[1] ?? Number.NaN);
}

describe('CEP runner lifecycle', () => {
  const kafka = testKafka();
  let producer: Producer;
  let env: CepTestEnv;
  let runner: StartedCepRunner | undefined;

  beforeAll(async () => {
    producer = await scenarioProducer(kafka);
    return async () => {
      await producer.disconnect();
    };
  });

  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await env?.cleanup();
  });

  it('serves health and metrics, and takes a final checkpoint on a graceful stop', async () => {
    env = await createCepTestEnv();
    await deployRules(env.database.url, [LARGE_RULE], env.jdbc);
    // No periodic checkpoint during the test: only the stop can write the rows.
    runner = await startInProcessRunner(env, { CEP_CHECKPOINT_INTERVAL_MS: '600000' });
    const live = await (await fetch(`${runner.url}/health/live`)).json();
    expect(live).toMatchObject({ status: 'ok', runner: { phase: 'running', isOwner: true, partitions: 6, rules: 1 } });
    expect((await fetch(`${runner.url}/health/ready`)).status).toBe(200);
    const events = generateEvents(200, 3);
    await produceEvents(producer, env.topics, events);
    const unique = events.filter((e) => !e.isDuplicate).length;
    const running = runner;
    await waitUntil(async () => (await metric(running, /sluice_cep_events_total\{stream="orders",outcome="processed"\} (\d+)/)) + (await metric(running, /sluice_cep_events_total\{stream="payments",outcome="processed"\} (\d+)/)) === unique, {
      timeoutMs: 30_000,
      description: 'every event processed',
    });
    expect(await metric(runner, /sluice_cep_events_total\{stream="orders",outcome="duplicate"\} (\d+)/)).toBeGreaterThan(0);
    expect(await tableRows(env.database.url, 'large_orders')).toEqual([]);
    await runner.stop();
    runner = undefined;
    await waitForCheckpointAtEnd(kafka, env, 5_000);
    const large = events.filter((e) => e.stream === 'orders' && !e.isDuplicate && Number(e.payload.amount) > 150).length;
    expect(await tableRows(env.database.url, 'large_orders')).toHaveLength(large);
  });

  it('does not let partitions without data hold windows back', async () => {
    env = await createCepTestEnv();
    await deployRules(env.database.url, [REVENUE_RULE], env.jdbc);
    runner = await startInProcessRunner(env, { CEP_IDLE_TIMEOUT_MS: '500' });
    // One customer only: one orders partition has data, the three others never do.
    const events: ScenarioEvent[] = Array.from({ length: 10 }, (_, i) => ({
      stream: 'orders',
      key: 'c-solo',
      isDuplicate: false,
      payload: { eventId: `solo-${i}`, orderId: `solo-${i}`, customerId: 'c-solo', product: 'gadget', amount: 1, quantity: 1, ts: new Date(SCENARIO_T0 + i * 30_000).toISOString() },
    }));
    await produceEvents(producer, env.topics, events);
    await waitUntil(async () => (await tableRows(env.database.url, 'revenue_per_minute')).length === 4, { timeoutMs: 30_000, description: 'the four complete windows to fire' });
  });

  it('starts, restarts and stops rules as they are deployed, changed, disabled and deleted, leaving the others alone', { timeout: 90_000 }, async () => {
    env = await createCepTestEnv();
    const extra: ScenarioRule = { id: 'to-delete', tables: [], sql: () => `INSERT INTO alerts SELECT customerId, ts, 'x' FROM orders WHERE quantity = 4` };
    const disabled: ScenarioRule = { id: 'to-disable', tables: [], sql: () => `INSERT INTO alerts SELECT customerId, ts, 'y' FROM orders WHERE quantity = 3` };
    await deployRules(env.database.url, [REVENUE_RULE, RISING_RULE, LARGE_RULE, extra, disabled], env.jdbc);
    runner = await startInProcessRunner(env);
    const events = generateEvents(600, 19);
    const half = Math.floor(events.length / 2);
    await produceEvents(producer, env.topics, events.slice(0, half));

    // Change LARGE_RULE (new version: fresh state), delete one rule, disable another.
    const changed: ScenarioRule = { ...LARGE_RULE, sql: (jdbc) => LARGE_RULE.sql(jdbc).replace('amount > 150', 'amount > 200') };
    await deployRules(env.database.url, [changed], env.jdbc, 2);
    await withConnection(env.database.url, async (c) => {
      await c.query("DELETE FROM sluice_rules WHERE id = 'to-delete'");
      await c.query("UPDATE sluice_rules SET enabled = 0, version = version + 1 WHERE id = 'to-disable'");
    });
    await waitUntil(async () => (await ruleStatuses(env.database.url))['large-orders']?.status === 'running', { timeoutMs: 30_000, description: 'the changed rule to run' });
    await waitUntil(async () => (await ruleStatuses(env.database.url))['to-disable']?.status === 'stopped', { timeoutMs: 30_000, description: 'the disabled rule to stop' });
    await produceEvents(producer, env.topics, events.slice(half));
    await produceEvents(producer, env.topics, flushEvents(env.topics, events));
    await waitForCheckpointAtEnd(kafka, env, 60_000);

    // The untouched rules saw every event exactly once, across the others' reloads.
    await expectTablesOfReference(env, events, [REVENUE_RULE, RISING_RULE]);
    const states = await withConnection(env.database.url, async (c) => (await c.query('SELECT rule_id, rule_version FROM sluice_cep_rule_states ORDER BY rule_id'))[0]);
    expect(states).toEqual([
      { rule_id: 'large-orders', rule_version: 2 },
      { rule_id: 'revenue-per-minute', rule_version: 1 },
      { rule_id: 'rising-orders', rule_version: 1 },
    ]);
    // The new version writes with its new filter only.
    const amounts = (await tableRows(env.database.url, 'large_orders')).map((r) => Number((JSON.parse(r) as string[])[2]));
    expect(amounts.filter((a) => a <= 150)).toEqual([]);
    expect(amounts.some((a) => a > 200)).toBe(true);
  });
});

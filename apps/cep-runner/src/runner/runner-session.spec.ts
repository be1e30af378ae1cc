import { encodeEnvelope, parseStreamDefinitions } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import type { CheckpointRepository, RuleRecord, StoredOffset } from '../checkpoint/checkpoint.repository';
import { loadConfig } from '../config';
import { CepMetrics } from '../metrics/cep-metrics';
import type { PartitionSource, SourceBatch } from './partition-source';
import { RunnerSession } from './runner-session';

const CATALOG = parseStreamDefinitions(`
streams:
  - name: orders
    topic: orders-topic
    partitions: 1
    key: customerId
    eventTime: ts
    schema: { type: object, properties: { customerId: { type: string }, amount: { type: integer }, ts: { type: string, format: date-time } } }
`);

const RULE: RuleRecord = {
  id: 'big',
  version: 1,
  enabled: true,
  status: 'pending',
  sql: `CREATE TABLE big (customerId STRING, amount BIGINT) WITH ('connector' = 'jdbc', 'url' = 'jdbc:mysql://127.0.0.1:3306/db', 'table-name' = 'big');
        INSERT INTO big SELECT customerId, amount FROM orders WHERE amount > 10`,
};

function message(offset: number, eventId: string, amount: number, ingestTime = 1_000 + offset) {
  const payload = { customerId: `c${offset}`, amount, ts: '2024-03-01T08:00:00Z' };
  return { offset, value: encodeEnvelope({ eventId, stream: 'orders', key: payload.customerId, eventTime: Date.UTC(2024, 2, 1, 8), ingestTime, payload, headers: {} }) };
}

function batch(messages: ReturnType<typeof message>[], resolved: number[]): SourceBatch {
  return { topic: 'orders-topic', partition: 0, fetchedOffset: messages[0]?.offset ?? 0, highWatermark: 100, messages, isStale: () => false, resolve: (o) => resolved.push(o) };
}

async function open(stored: StoredOffset | undefined): Promise<RunnerSession> {
  const repository = {
    claim: async () => ({ epoch: '1', checkpointId: 0 }),
    load: async () => ({ offsets: stored ? [stored] : [], states: [] }),
    listRules: async () => [RULE],
  } as unknown as CheckpointRepository;
  const source = { topicOffsets: async () => ({ low: new Map([[0, 0]]), high: new Map([[0, 100]]) }) } as unknown as PartitionSource;
  return RunnerSession.open(
    {
      config: loadConfig({ MYSQL_URL: 'mysql://u:p@127.0.0.1:3306/db', KAFKA_BROKERS: 'k:9092', SLUICE_STREAMS: 's.yaml' }),
      catalog: CATALOG,
      repository,
      source,
      metrics: new CepMetrics(),
      ruleContext: { streams: CATALOG.streams, mysql: { host: '127.0.0.1', port: 3306, database: 'db' }, execute: async () => undefined },
      reporter: { report: () => undefined, countError: () => undefined },
    },
    new Map([['orders-topic', [0]]]),
  );
}

/** The rows the session would write at a checkpoint, as [customerId, amount] parameters. */
async function pendingRows(session: RunnerSession): Promise<unknown[]> {
  const params: unknown[] = [];
  for (const rule of session.checkpointData().rules) await rule.write({ query: async (_sql, p) => void params.push(...(p ?? [])) });
  return params;
}

describe(RunnerSession.name, () => {
  it('feeds new messages to the rules once, dropping duplicate event ids and skipping what was already seen', async () => {
    const session = await open(undefined);
    const resolved: number[] = [];
    session.process(batch([message(0, 'a', 50), message(1, 'b', 5), message(2, 'a', 50)], resolved), 0);
    session.process(batch([message(1, 'b', 5), message(2, 'a', 50), message(3, 'c', 20)], resolved), 0);
    expect(await pendingRows(session)).toEqual(['c0', '50', 'c3', '20']);
    expect(resolved).toEqual([2, 3]);
    expect(session.checkpointData().offsets).toEqual([{ topic: 'orders-topic', partition: 0, nextOffset: 4, dedupFromOffset: 0, dedupClockMs: 1_003 }]);
    await session.close();
  });

  it('re-reads the dedup window after a restore without feeding the rules, then drops retries of it', async () => {
    const session = await open({ topic: 'orders-topic', partition: 0, nextOffset: 2, dedupFromOffset: 0, dedupClockMs: 1_001 });
    expect(session.checkpointData().offsets[0]).toMatchObject({ nextOffset: 2, dedupFromOffset: 0 });
    session.process(batch([message(0, 'a', 50), message(1, 'b', 50), message(2, 'a', 50), message(3, 'd', 50)], []), 0);
    expect(await pendingRows(session)).toEqual(['c3', '50']);
    await session.close();
  });

  it('resumes after a gap in the log (retention) at the first offset Kafka still has', async () => {
    const session = await open(undefined);
    session.process(batch([message(5, 'x', 50)], []), 0);
    expect(await pendingRows(session)).toEqual(['c5', '50']);
    expect(session.checkpointData().offsets[0].nextOffset).toBe(6);
    await session.close();
  });
});

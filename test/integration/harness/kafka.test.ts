import { afterEach, describe, expect, it } from 'vitest';
import { createTopic, testKafka, uniqueName } from '../../harness/test-context';
import { waitUntil } from '../../harness/wait-until';
import { KafkaClients } from './kafka-test-clients';

describe('Kafka from the harness', () => {
  const kafka = testKafka();
  const clients = new KafkaClients(kafka);

  afterEach(async () => {
    await clients.disconnectAll();
  });

  it('acknowledges acks=-1 writes to a 4-partition topic and reads every message back', async () => {
    const topic = await createTopic(uniqueName('topic'), 4);
    const producer = await clients.producer();

    const sent = Array.from({ length: 20 }, (_, i) => ({ partition: i % 4, key: `k${i}`, value: `v${i}` }));
    const acks = await producer.send({ topic, acks: -1, messages: sent });
    const { seen } = await clients.collect(topic);
    await waitUntil(() => seen.length >= sent.length, { timeoutMs: 30_000, description: '20 messages' });

    expect(acks.map((ack) => ack.partition).sort()).toEqual([0, 1, 2, 3]);
    expect(acks.every((ack) => ack.errorCode === 0)).toBe(true);
    const byKey = (a: { key: string | null }, b: { key: string | null }): number =>
      (a.key ?? '').localeCompare(b.key ?? '');
    expect(seen.map(({ partition, key, value }) => ({ partition, key, value })).sort(byKey)).toEqual(
      [...sent].sort(byKey),
    );
  });

  it('serves an idempotent producer, which needs a real controller id', async () => {
    const topic = await createTopic(uniqueName('topic'), 1);
    const admin = kafka.admin();
    await admin.connect();
    const cluster = await admin.describeCluster().finally(() => admin.disconnect());
    const producer = await clients.producer({ idempotent: true, maxInFlightRequests: 1 });

    const acks = [];
    for (let i = 0; i < 3; i++)
      acks.push(...(await producer.send({ topic, acks: -1, messages: [{ value: `m${i}` }] })));

    expect(cluster.brokers.map((broker) => broker.nodeId)).toContain(cluster.controller);
    expect(acks.map((ack) => [ack.errorCode, ack.baseOffset])).toEqual([
      [0, '0'],
      [0, '1'],
      [0, '2'],
    ]);
  });
});

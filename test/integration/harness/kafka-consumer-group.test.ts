import { afterEach, describe, expect, it } from 'vitest';
import { createTopic, testKafka, uniqueName } from '../../harness/test-context';
import { waitUntil } from '../../harness/wait-until';
import { KafkaClients, type SeenMessage } from './kafka-test-clients';

describe('Kafka consumer groups from the harness', () => {
  const clients = new KafkaClients(testKafka());

  afterEach(async () => {
    await clients.disconnectAll();
  });

  it('splits four partitions between two members and delivers each message once', async () => {
    const topic = await createTopic(uniqueName('topic'), 4);
    const groupId = uniqueName('group');
    // Both join before the group's first (3 s) join window closes, so usually one generation suffices.
    const [a, b] = await Promise.all([clients.collect(topic, groupId), clients.collect(topic, groupId)]);
    await waitUntil(() => a.assigned.length === 2 && b.assigned.length === 2, {
      timeoutMs: 30_000,
      description: 'two partitions for each member',
    });

    const producer = await clients.producer();
    const sent = Array.from({ length: 40 }, (_, i) => ({ partition: i % 4, value: `v${i}` }));
    await producer.send({ topic, acks: -1, messages: sent });
    const seen = (): SeenMessage[] => [...a.seen, ...b.seen];
    await waitUntil(() => seen().length >= sent.length, { timeoutMs: 30_000, description: '40 messages' });

    expect([...a.assigned, ...b.assigned].sort()).toEqual([0, 1, 2, 3]);
    expect(
      seen()
        .map((message) => message.value)
        .sort(),
    ).toEqual(sent.map((message) => message.value).sort());
    // Each member read only its own partitions.
    expect(a.seen.every((message) => a.assigned.includes(message.partition))).toBe(true);
    expect(b.seen.every((message) => b.assigned.includes(message.partition))).toBe(true);
  });
});

import { logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTopic, kafkaFaults, testKafka, uniqueName } from '../../harness/test-context';
import { waitUntil } from '../../harness/wait-until';
import { KafkaClients } from './kafka-test-clients';

// Fault injection needs the mock broker's control port (local services, or `sluice services env`).
const faults = kafkaFaults();

describe.skipIf(!faults)('Kafka broker faults injected through the harness', () => {
  // The outage makes kafkajs log connection errors; they are the point here, not noise to read.
  const kafka = testKafka({ logLevel: logLevel.NOTHING });
  const clients = new KafkaClients(kafka);
  let downBroker: number | undefined;

  afterEach(async () => {
    if (downBroker !== undefined) await faults!.brokerUp(downBroker);
    downBroker = undefined;
    await clients.disconnectAll();
  });

  async function leaderOf(topic: string, partition: number): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      return metadata.topics[0]!.partitions.find((p) => p.partitionId === partition)!.leader;
    } finally {
      await admin.disconnect();
    }
  }

  it('fails writes while the partition leader is down and recovers when it is back', async () => {
    const topic = await createTopic(uniqueName('topic'), 1);
    const leader = await leaderOf(topic, 0);
    const impatient = await clients.producer({
      retry: { retries: 2, initialRetryTime: 50, maxRetryTime: 200 },
    });
    const patient = await clients.producer({
      retry: { retries: 20, initialRetryTime: 100, maxRetryTime: 500 },
    });
    await impatient.send({ topic, acks: -1, messages: [{ value: 'before' }] });

    await faults!.brokerDown(leader);
    downBroker = leader;
    await expect(impatient.send({ topic, acks: -1, messages: [{ value: 'during' }] })).rejects.toThrow();
    // Issued while the leader is down; retries carry it over the outage.
    const stalled = patient.send({ topic, acks: -1, messages: [{ value: 'stalled' }] });
    await faults!.brokerUp(leader);
    downBroker = undefined;
    await stalled;
    const after = Array.from({ length: 5 }, (_, i) => ({ value: `after-${i}` }));
    await impatient.send({ topic, acks: -1, messages: after });

    const { seen } = await clients.collect(topic);
    const acknowledged = ['before', 'stalled', ...after.map((message) => message.value)];
    await waitUntil(() => seen.length >= acknowledged.length, {
      timeoutMs: 30_000,
      description: 'acknowledged messages',
    });
    expect(seen.map((message) => message.value).sort()).toEqual(acknowledged.sort());
  });

  it('answers control commands it cannot apply with an error', async () => {
    await expect(faults!.brokerDown(99)).rejects.toThrow(/broker id must be/);
    await expect(faults!.run('no_such_command')).rejects.toThrow(/unknown command/);
  });
});

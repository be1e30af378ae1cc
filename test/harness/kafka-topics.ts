import { Kafka, logLevel } from 'kafkajs';
import { KafkaFaults } from './kafka-faults';
import type { ServiceEndpoints } from './service-types';
import type { TopicSpec } from './topic-spec';

/**
 * Creates topics on whichever broker the endpoints name: through the mock broker's control port
 * (it has no CreateTopics API), otherwise through kafkajs admin, waiting for partition leaders.
 */
export async function createTopics(
  endpoints: Pick<ServiceEndpoints, 'kafkaBrokers' | 'kafkaControl'>,
  topics: readonly TopicSpec[],
): Promise<void> {
  if (topics.length === 0) return;
  if (endpoints.kafkaControl) {
    const control = KafkaFaults.fromAddress(endpoints.kafkaControl);
    for (const topic of topics) await control.createTopic(topic.name, topic.partitions);
    return;
  }
  const admin = new Kafka({
    clientId: 'sluice-harness',
    brokers: [...endpoints.kafkaBrokers],
    logLevel: logLevel.WARN,
  }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({ topic: topic.name, numPartitions: topic.partitions })),
    });
  } finally {
    await admin.disconnect();
  }
}

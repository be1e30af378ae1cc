import { decodeEnvelope, type EventEnvelope } from '@sluice/contracts';
import type { Consumer, Kafka } from 'kafkajs';
import { MOCK_FRIENDLY_GROUP } from '../../harness/kafka-group-settings';
import { uniqueName } from '../../harness/test-context';
import { waitUntil } from '../../harness/wait-until';

/** One record as read back from Kafka, with its envelope decoded. */
export interface ReadRecord {
  readonly partition: number;
  readonly key: string | null;
  readonly envelope: EventEnvelope;
  readonly headers: Record<string, string>;
}

/** Reads a topic from the beginning into `records` until stopped (a consumer group of one). */
export class TopicReader {
  readonly records: ReadRecord[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async start(kafka: Kafka, topic: string): Promise<TopicReader> {
    const consumer = kafka.consumer({ groupId: uniqueName('group'), ...MOCK_FRIENDLY_GROUP });
    const reader = new TopicReader(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const envelope = decodeEnvelope(message.value);
        if (!envelope) throw new Error(`not an envelope at ${topic}/${partition}@${message.offset}`);
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
        );
        reader.records.push({ partition, key: message.key?.toString() ?? null, envelope, headers });
      },
    });
    return reader;
  }

  async waitFor(count: number, timeoutMs = 30_000): Promise<ReadRecord[]> {
    await waitUntil(() => this.records.length >= count, { timeoutMs, description: `${count} records` });
    return this.records;
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

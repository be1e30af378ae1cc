import { Partitioners, type Consumer, type Kafka, type Producer, type ProducerConfig } from 'kafkajs';
import { MOCK_FRIENDLY_GROUP } from '../../harness/kafka-group-settings';
import { uniqueName } from '../../harness/test-context';

/** A message as a test consumer saw it. */
export interface SeenMessage {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string;
}

export interface GroupMember {
  readonly consumer: Consumer;
  readonly seen: SeenMessage[];
  /** Partitions of the subscribed topic at the member's latest group join. */
  assigned: number[];
}

/** Tracks clients so afterEach can disconnect whatever a test opened, even when it failed halfway. */
export class KafkaClients {
  private readonly open: Array<Producer | Consumer> = [];

  constructor(private readonly kafka: Kafka) {}

  async producer(config: ProducerConfig = {}): Promise<Producer> {
    const producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, ...config });
    this.open.push(producer);
    await producer.connect();
    return producer;
  }

  /** A group member reading `topic` from the beginning into `seen`. Resolves once it has joined its group. */
  async collect(topic: string, groupId = uniqueName('group')): Promise<GroupMember> {
    const consumer = this.kafka.consumer({ groupId, ...MOCK_FRIENDLY_GROUP });
    this.open.push(consumer);
    const member: GroupMember = { consumer, seen: [], assigned: [] };
    // Listen before run(): kafkajs resolves run() only after the first join has happened.
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      member.assigned = [...(event.payload.memberAssignment[topic] ?? [])].sort();
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        member.seen.push({
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? '',
        });
      },
    });
    return member;
  }

  async disconnectAll(): Promise<void> {
    await Promise.all(this.open.splice(0).map((client) => client.disconnect()));
  }
}

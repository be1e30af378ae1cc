import { Logger } from '@nestjs/common';
import type { StreamDefinition } from '@sluice/contracts';
import { CompressionTypes, Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import type { GatewayConfig } from '../config';
import { CachingDefaultPartitioner } from './caching-partitioner';
import { kafkaLogBridge } from './kafka-log-bridge';
import { ProduceFailure } from './produce-failure.error';
import type { ProduceMessage, ProduceSink } from './produce-sink';

/** Errors about one topic or batch: they must not open the circuit for every stream. */
const TOPIC_LEVEL_ERRORS = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'TOPIC_AUTHORIZATION_FAILED',
  'INVALID_TOPIC_EXCEPTION',
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
]);

const CONNECT_ATTEMPTS = 10;

/**
 * The gateway's one adapter to Kafka (kafkajs). Produces with acks from all in-sync replicas,
 * keyed records and the Java client's murmur2 partitioner, so a key lands on the same partition
 * whichever client wrote it. Sends retry only briefly: the batcher and circuit decide what a
 * failure means for clients, and waiting long here would only hold requests hostage.
 */
export class KafkaAdapter implements ProduceSink {
  private readonly logger = new Logger(KafkaAdapter.name);
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly compression: CompressionTypes;
  private admin: Promise<Admin> | undefined;

  constructor(private readonly config: GatewayConfig) {
    this.kafka = new Kafka({
      clientId: config.kafka.clientId,
      brokers: [...config.kafka.brokers],
      connectionTimeout: 1_000,
      requestTimeout: config.produce.timeoutMs,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
      logLevel: logLevel.WARN,
      logCreator: kafkaLogBridge(new Logger('kafkajs')),
    });
    this.producer = this.kafka.producer({
      createPartitioner: CachingDefaultPartitioner,
      allowAutoTopicCreation: false,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
    });
    this.compression = config.kafka.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  }

  /** Connects the producer, retrying for a while so the gateway can start next to a booting Kafka. */
  async connect(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.producer.connect();
        return;
      } catch (error) {
        if (attempt >= CONNECT_ATTEMPTS)
          throw new ProduceFailure(
            `cannot connect to Kafka at ${this.config.kafka.brokers.join(',')}: ${messageOf(error)}`,
            true,
            error,
          );
        this.logger.warn(
          `Kafka not reachable yet (attempt ${attempt}/${CONNECT_ATTEMPTS}): ${messageOf(error)}`,
        );
        await delay(Math.min(500 * attempt, 3_000));
      }
    }
  }

  async send(topic: string, messages: readonly ProduceMessage[]): Promise<void> {
    try {
      await this.producer.send({
        topic,
        acks: -1,
        timeout: this.config.produce.timeoutMs,
        compression: this.compression,
        messages: messages as ProduceMessage[],
      });
    } catch (error) {
      const type = protocolErrorType(error);
      const isOutage = type === undefined || !TOPIC_LEVEL_ERRORS.has(type);
      throw new ProduceFailure(`${type ? `${type}: ` : ''}${messageOf(error)}`, isOutage, error);
    }
  }

  /** Resolves when a broker answers a metadata request (readiness). */
  async ping(): Promise<void> {
    const admin = await this.connectedAdmin();
    await admin.describeCluster();
  }

  /**
   * Checks at start-up that each stream's topic exists with the declared partitions, creating
   * missing ones where the broker allows it. Listing all topics (not asking for one) matters:
   * a metadata request for a missing topic makes some brokers auto-create it with defaults.
   */
  async checkTopics(streams: readonly StreamDefinition[]): Promise<void> {
    const admin = await this.connectedAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = streams.filter((s) => !existing.has(s.topic));
    for (const stream of missing) await this.createTopic(admin, stream);
    const present = streams.filter((s) => existing.has(s.topic));
    if (present.length === 0) return;
    const metadata = await admin.fetchTopicMetadata({ topics: present.map((s) => s.topic) });
    for (const stream of present) {
      const partitions = metadata.topics.find((t) => t.name === stream.topic)?.partitions.length;
      if (partitions !== stream.partitions) {
        this.logger.warn(
          `topic '${stream.topic}' of stream '${stream.name}' has ${partitions} partitions, the definition says ${stream.partitions}; keys are partitioned over the topic's real count`,
        );
      }
    }
  }

  async disconnect(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await Promise.allSettled([this.producer.disconnect(), admin?.then((a) => a.disconnect())]);
  }

  private async createTopic(admin: Admin, stream: StreamDefinition): Promise<void> {
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic: stream.topic, numPartitions: stream.partitions }],
      });
      this.logger.log(
        `created topic '${stream.topic}' (${stream.partitions} partitions) for stream '${stream.name}'`,
      );
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'KafkaJSServerDoesNotSupportApiKey'
          ? 'the broker has no CreateTopics API (e.g. the librdkafka mock cluster)'
          : messageOf(error);
      this.logger.error(
        `topic '${stream.topic}' of stream '${stream.name}' does not exist and could not be created: ${reason}; create it with ${stream.partitions} partitions before sending events to '${stream.name}'`,
      );
    }
  }

  /** One shared admin client, connected on first use; a failed connect is retried next time. */
  private connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin({ retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 300 } });
      this.admin = admin.connect().then(() => admin);
      this.admin.catch(() => (this.admin = undefined));
    }
    return this.admin;
  }
}

/** kafkajs wraps the broker's error in KafkaJSNumberOfRetriesExceeded; dig for its `type`. */
function protocolErrorType(error: unknown): string | undefined {
  for (
    let e = error as { type?: unknown; cause?: unknown; originalError?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (typeof e.type === 'string') return e.type;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type Admin, type Consumer } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import type { CepRunnerConfig } from '../config';
import type { PartitionSource, SourceListener, TopicOffsets } from '../runner/partition-source';
import { kafkaLogBridge } from './kafka-log-bridge';
import { singleOwnerAssigner } from './single-owner-assigner';

/**
 * The runner's one adapter to Kafka (kafkajs): a consumer group member with auto-commit off and
 * eachBatch, whose positions come from MySQL through seek. kafkajs semantics this relies on:
 * GROUP_JOIN is emitted synchronously after each sync and before fetching resumes (so the
 * runner can pause there); a partition is fetched again only after its previous batch was
 * handled; a pending seek marks in-flight batches stale and applies before the next fetch.
 * A consumer that crashes for good (e.g. the mock broker's INVALID_REQUEST) is recreated.
 */
export class KafkaSourceAdapter implements PartitionSource {
  private readonly logger = new Logger(KafkaSourceAdapter.name);
  private readonly kafka: Kafka;
  private readonly startedAtMs = Date.now();
  private consumer: Consumer | undefined;
  private admin: Admin | undefined;
  private listener: SourceListener | undefined;
  private isOwner = false;
  private isStopped = false;
  private recreating: Promise<void> | undefined;

  constructor(
    private readonly config: CepRunnerConfig,
    private readonly topics: readonly string[],
  ) {
    this.kafka = new Kafka({
      clientId: config.kafka.clientId,
      brokers: [...config.kafka.brokers],
      connectionTimeout: 3_000,
      requestTimeout: 30_000,
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 3_000 },
      logLevel: logLevel.WARN,
      logCreator: kafkaLogBridge(new Logger('kafkajs')),
    });
  }

  async start(listener: SourceListener): Promise<void> {
    this.listener = listener;
    await this.runConsumer();
  }

  setOwner(isOwner: boolean): void {
    this.isOwner = isOwner;
  }

  pause(topics: readonly string[]): void {
    if (topics.length > 0) this.consumer?.pause(topics.map((topic) => ({ topic })));
  }

  resume(topics: readonly string[]): void {
    if (topics.length > 0) this.consumer?.resume(topics.map((topic) => ({ topic })));
  }

  seek(topic: string, partition: number, offset: number): void {
    this.consumer?.seek({ topic, partition, offset: String(offset) });
  }

  async topicOffsets(topic: string): Promise<TopicOffsets> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return {
      low: new Map(offsets.map((o) => [o.partition, Number(o.low)])),
      high: new Map(offsets.map((o) => [o.partition, Number(o.high)])),
    };
  }

  async rejoin(): Promise<void> {
    await this.recreate(new Error('rejoining the group'));
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    await this.recreating?.catch(() => undefined);
    await this.consumer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    this.consumer = undefined;
  }

  private async runConsumer(): Promise<void> {
    const listener = this.listener!;
    const consumer = this.kafka.consumer({
      groupId: this.config.kafka.groupId,
      sessionTimeout: this.config.kafka.sessionTimeoutMs,
      rebalanceTimeout: this.config.kafka.sessionTimeoutMs,
      heartbeatInterval: this.config.kafka.heartbeatIntervalMs,
      maxWaitTimeInMs: this.config.kafka.maxWaitTimeMs,
      allowAutoTopicCreation: false,
      partitionAssigners: [singleOwnerAssigner(() => ({ isOwner: this.isOwner, startedAtMs: this.startedAtMs }), this.config.kafka.assignDelayMs)],
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      if (this.consumer !== consumer) return;
      listener.onAssignment(new Map(Object.entries(event.payload.memberAssignment).map(([t, ps]) => [t, [...ps]])));
    });
    consumer.on(consumer.events.CRASH, (event) => {
      if (this.consumer !== consumer || event.payload.restart) return;
      this.logger.warn({ msg: `Kafka consumer stopped (${event.payload.error.message}); recreating it`, groupId: event.payload.groupId });
      void this.recreate(event.payload.error);
    });
    for (let attempt = 1; ; attempt++) {
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: [...this.topics], fromBeginning: true });
        break;
      } catch (error) {
        if (this.isStopped) return;
        // A missing topic looks the same as an unreachable broker here: name the topics.
        this.logger.warn(`cannot join the group on topics ${this.topics.join(', ')} (attempt ${attempt}; do the topics exist?): ${(error as Error).message}`);
        await delay(Math.min(this.config.retry.initialMs * 2 ** attempt, this.config.retry.maxMs));
      }
    }
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isStale }) => {
        await listener.onBatch({
          topic: batch.topic,
          partition: batch.partition,
          fetchedOffset: Number((batch as unknown as { fetchedOffset: string }).fetchedOffset),
          highWatermark: Number(batch.highWatermark),
          messages: batch.messages.map((m) => ({ offset: Number(m.offset), value: m.value })),
          isStale,
          resolve: (offset) => resolveOffset(String(offset)),
        });
        await heartbeat();
      },
    });
  }

  /** Replaces the consumer: leave (or drop) the old one, tell the runner, join again. */
  private recreate(cause: Error): Promise<void> {
    if (this.recreating || this.isStopped) return this.recreating ?? Promise.resolve();
    this.recreating = (async () => {
      const old = this.consumer;
      this.consumer = undefined;
      this.listener?.onConsumerLost(cause);
      await old?.disconnect().catch(() => undefined);
      await delay(this.config.retry.initialMs);
      if (!this.isStopped) await this.runConsumer();
    })().finally(() => {
      this.recreating = undefined;
    });
    return this.recreating;
  }
}

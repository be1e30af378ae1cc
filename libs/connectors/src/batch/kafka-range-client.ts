import { SluiceError } from '@sluice/contracts';
import { Kafka, logLevel, type logCreator } from 'kafkajs';

/** One record as fetched: offsets as numbers (exact below 2^53, which Kafka offsets stay under). */
export interface FetchedRecord {
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestampMs: number;
  readonly isControl: boolean;
}

export interface PartitionOffsets {
  readonly partition: number;
  /** Log start offset (earliest readable). */
  readonly low: number;
  /** High watermark: one past the last readable offset. */
  readonly high: number;
}

/**
 * Bounded reads of Kafka partitions without a consumer group, as Spark's Kafka source does with
 * `assign`: metadata, log start / end offsets, and fetches from a given offset.
 *
 * kafkajs has no `assign`: its consumers always join a group, which costs a rebalance (3 s on a
 * fresh group) per reader and coordinates work the batch runner already divides. So this one
 * adapter uses kafkajs's cluster object (kafkajs 2.2.x, frozen upstream), built by the Kafka
 * client's own factory so brokers, SSL, SASL and retries are configured exactly as for its
 * consumers. Everything that touches kafkajs internals is in this file.
 */
export class KafkaRangeClient {
  private cluster: InternalCluster | undefined;
  private connecting: Promise<InternalCluster> | undefined;

  constructor(private readonly kafka: Kafka) {}

  static create(
    brokers: readonly string[],
    clientId = 'sluice-batch',
    logger?: logCreator,
  ): KafkaRangeClient {
    return new KafkaRangeClient(
      new Kafka({
        clientId,
        brokers: [...brokers],
        logLevel: logLevel.ERROR,
        ...(logger ? { logCreator: logger } : {}),
      }),
    );
  }

  async topics(): Promise<string[]> {
    const cluster = await this.connected();
    const metadata = (await cluster.metadata({ topics: [] })) as { topicMetadata: { topic: string }[] };
    return metadata.topicMetadata.map((t) => t.topic).filter((t) => !t.startsWith('__'));
  }

  async partitions(topic: string): Promise<number[]> {
    const cluster = await this.connected();
    await cluster.addTargetTopic(topic);
    const partitions = cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId);
    if (partitions.length === 0)
      throw new SluiceError(
        'SOURCE_UNAVAILABLE',
        `Kafka topic '${topic}' does not exist or has no partitions`,
        { retriable: false },
      );
    return partitions.sort((a, b) => a - b);
  }

  async offsets(topic: string): Promise<PartitionOffsets[]> {
    const partitions = await this.partitions(topic);
    const cluster = await this.connected();
    const query = (fromBeginning: boolean) =>
      cluster.fetchTopicsOffset([
        { topic, fromBeginning, partitions: partitions.map((partition) => ({ partition })) },
      ]);
    const [low, high] = await Promise.all([query(true), query(false)]);
    const offsetOf = (result: typeof low, partition: number) =>
      Number(result[0]!.partitions.find((p) => p.partition === partition)!.offset);
    return partitions.map((partition) => ({
      partition,
      low: offsetOf(low, partition),
      high: offsetOf(high, partition),
    }));
  }

  /** Records from `offset` on (a whole batch may start earlier: callers skip those). */
  async fetch(topic: string, partition: number, offset: number, maxBytes: number): Promise<FetchedRecord[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.fetchOnce(topic, partition, offset, maxBytes);
      } catch (error) {
        if (attempt >= 5 || !isRetriable(error)) throw error;
        await this.connected()
          .then((c) => c.refreshMetadata())
          .catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }

  private async fetchOnce(
    topic: string,
    partition: number,
    offset: number,
    maxBytes: number,
  ): Promise<FetchedRecord[]> {
    const cluster = await this.connected();
    await cluster.addTargetTopic(topic);
    const leader = cluster.findTopicPartitionMetadata(topic).find((p) => p.partitionId === partition)?.leader;
    if (leader === undefined)
      throw new SluiceError('SOURCE_UNAVAILABLE', `Kafka partition ${topic}/${partition} does not exist`, {
        retriable: false,
      });
    const broker = await cluster.findBroker({ nodeId: String(leader) });
    const response = await broker.fetch({
      replicaId: -1,
      isolationLevel: 0, // READ_UNCOMMITTED, as Spark's source: the planned end is the high watermark
      maxWaitTime: 0,
      minBytes: 1,
      maxBytes,
      topics: [{ topic, partitions: [{ partition, fetchOffset: String(offset), maxBytes }] }],
    });
    const messages = response.responses[0]?.partitions[0]?.messages ?? [];
    return messages.map((m) => ({
      offset: Number(m.offset),
      key: m.key,
      value: m.value,
      timestampMs: Number(m.timestamp),
      isControl: m.isControlRecord === true,
    }));
  }

  async close(): Promise<void> {
    const cluster = this.cluster ?? (await this.connecting?.catch(() => undefined));
    this.cluster = undefined;
    this.connecting = undefined;
    await cluster?.disconnect();
  }

  private connected(): Promise<InternalCluster> {
    if (this.cluster) return Promise.resolve(this.cluster);
    this.connecting ??= (async () => {
      const cluster = createCluster(this.kafka);
      await cluster.connect();
      this.cluster = cluster;
      return cluster;
    })().catch((error: unknown) => {
      this.connecting = undefined;
      throw new SluiceError('SOURCE_UNAVAILABLE', `cannot reach Kafka: ${(error as Error).message}`, {
        cause: error,
      });
    });
    return this.connecting;
  }
}

/** The parts of kafkajs's (untyped, internal) Cluster and Broker this adapter uses. */
interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  metadata(request: { topics: string[] }): Promise<unknown>;
  addTargetTopic(topic: string): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
  findBroker(request: { nodeId: string }): Promise<InternalBroker>;
  fetchTopicsOffset(
    topics: { topic: string; fromBeginning: boolean; partitions: { partition: number }[] }[],
  ): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
}

interface InternalBroker {
  fetch(request: unknown): Promise<{
    responses: {
      partitions: {
        messages: {
          offset: string;
          key: Buffer | null;
          value: Buffer | null;
          timestamp: string;
          isControlRecord?: boolean;
        }[];
      }[];
    }[];
  }>;
}

function createCluster(kafka: Kafka): InternalCluster {
  const factory = Object.getOwnPropertySymbols(kafka).find(
    (s) => s.description === 'private:Kafka:createCluster',
  );
  const create = factory && (kafka as unknown as Record<symbol, unknown>)[factory];
  if (typeof create !== 'function')
    throw new SluiceError(
      'INTERNAL',
      'this kafkajs version has no cluster factory (Sluice needs kafkajs 2.2.x)',
    );
  return (create as (options: object) => InternalCluster)({
    metadataMaxAge: 300_000,
    allowAutoTopicCreation: false,
    maxInFlightRequests: null,
    isolationLevel: 0,
  });
}

function isRetriable(error: unknown): boolean {
  if (error instanceof SluiceError) return error.retriable;
  const e = error as { retriable?: boolean; name?: string };
  return (
    e.retriable === true || e.name === 'KafkaJSConnectionError' || e.name === 'KafkaJSRequestTimeoutError'
  );
}

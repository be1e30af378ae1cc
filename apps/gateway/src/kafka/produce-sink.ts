/** One Kafka record as the gateway produces it. */
export interface ProduceMessage {
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * What the batcher needs from Kafka (owned here, implemented by KafkaAdapter), so the batching
 * and backpressure logic is tested without a broker.
 */
export interface ProduceSink {
  /** Resolves once every message is acknowledged by all in-sync replicas; rejects with ProduceFailure. */
  send(topic: string, messages: readonly ProduceMessage[]): Promise<void>;
}

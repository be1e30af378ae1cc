/** One Kafka message as the runner needs it. */
export interface SourceMessage {
  readonly offset: number;
  readonly value: Buffer | null;
}

/** Messages of one partition from one fetch. */
export interface SourceBatch {
  readonly topic: string;
  readonly partition: number;
  /** The offset the fetch asked for. */
  readonly fetchedOffset: number;
  /** Offset after the partition's last message when fetched (for lag and idleness). */
  readonly highWatermark: number;
  readonly messages: readonly SourceMessage[];
  /** A seek is pending: the batch was read from a position the runner has left. */
  isStale(): boolean;
  /** Messages up to `offset` are handled: the consumer's next fetch starts after it. */
  resolve(offset: number): void;
}

/** What the runner hears from its partition source. */
export interface SourceListener {
  /** A new group generation gave this member these partitions (maybe none). Synchronous: fetching resumes when it returns. */
  onAssignment(assignment: ReadonlyMap<string, readonly number[]>): void;
  onBatch(batch: SourceBatch): Promise<void>;
  /** The consumer died and is being recreated: the current assignment is void. */
  onConsumerLost(error: Error): void;
}

/** Partition offsets of a topic: where its log starts and ends now. */
export interface TopicOffsets {
  readonly low: ReadonlyMap<number, number>;
  readonly high: ReadonlyMap<number, number>;
}

/**
 * The runner's view of Kafka (owned by the runner, implemented by KafkaSourceAdapter): a
 * consumer group member whose positions the runner sets itself, since offsets live in MySQL.
 */
export interface PartitionSource {
  start(listener: SourceListener): Promise<void>;
  pause(topics: readonly string[]): void;
  resume(topics: readonly string[]): void;
  seek(topic: string, partition: number, offset: number): void;
  topicOffsets(topic: string): Promise<TopicOffsets>;
  /** Whether this member holds the partitions (sent to the group leader at the next join). */
  setOwner(isOwner: boolean): void;
  /** Leaves the group and joins again, forcing a rebalance (after being fenced). */
  rejoin(): Promise<void>;
  stop(): Promise<void>;
}

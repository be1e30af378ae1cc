import { Partitioners, type PartitionMetadata } from 'kafkajs';

/**
 * The partition the Java client's default partitioner (murmur2 of the key) picks; kafkajs's
 * DefaultPartitioner is that algorithm. Independent of the gateway's own producer settings.
 */
export function expectedPartition(topic: string, partitions: number, key: string): number {
  const partitionMetadata: PartitionMetadata[] = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 1,
    replicas: [1],
    isr: [1],
    offlineReplicas: [],
    partitionErrorCode: 0,
  }));
  return Partitioners.DefaultPartitioner()({ topic, partitionMetadata, message: { key, value: null } });
}

/**
 * Keys (`prefix-0`, `prefix-1`, ...) that together hit every partition. Sent after requests that
 * must produce nothing: once all of them are read back, anything produced before them would
 * have been read too, since each partition keeps the order the gateway produced in.
 */
export function keysCoveringPartitions(topic: string, partitions: number, prefix: string): string[] {
  const byPartition = new Map<number, string>();
  for (let i = 0; byPartition.size < partitions; i++) {
    const key = `${prefix}-${i}`;
    const partition = expectedPartition(topic, partitions, key);
    if (!byPartition.has(partition)) byPartition.set(partition, key);
  }
  return [...byPartition.values()];
}

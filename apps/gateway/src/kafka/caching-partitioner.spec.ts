import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { CachingDefaultPartitioner } from './caching-partitioner';

function metadata(partitions: number): PartitionMetadata[] {
  return Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 1,
    replicas: [1],
    isr: [1],
    offlineReplicas: [],
    partitionErrorCode: 0,
  }));
}

describe('CachingDefaultPartitioner', () => {
  it('picks exactly the partitions of the Java-compatible default partitioner, also after the count changes', () => {
    const cached = CachingDefaultPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    for (const partitions of [4, 4, 7]) {
      for (let i = 0; i < 2000; i++) {
        const args = {
          topic: 't',
          partitionMetadata: metadata(partitions),
          message: { key: `customer-${i % 500}`, value: null },
        };
        expect(cached(args)).toBe(reference(args));
      }
    }
  });

  it('keeps an explicit partition and spreads unkeyed records', () => {
    const cached = CachingDefaultPartitioner();
    expect(
      cached({
        topic: 't',
        partitionMetadata: metadata(4),
        message: { key: 'k', partition: 3, value: null },
      }),
    ).toBe(3);
    const spread = new Set(
      Array.from({ length: 40 }, () =>
        cached({ topic: 't', partitionMetadata: metadata(4), message: { value: null } }),
      ),
    );
    expect(spread.size).toBeGreaterThan(1);
  });
});

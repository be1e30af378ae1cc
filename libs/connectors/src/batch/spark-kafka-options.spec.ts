import { T, type TableDefinition } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import { parseSparkKafkaOptions } from './spark-kafka-options';

function table(options: Record<string, string>, columns = true): TableDefinition {
  return {
    name: 'orders',
    columns: columns ? [{ name: 'product', type: T.string() }] : [],
    options: new Map(Object.entries({ connector: 'kafka', ...options })),
    partitionedBy: [],
    pos: { line: 3, column: 1 },
  };
}

describe(parseSparkKafkaOptions.name, () => {
  it("reads Spark's option names, case-insensitively, with batch defaults", () => {
    const o = parseSparkKafkaOptions(
      table({ 'kafka.bootstrap.servers': 'a:9092, b:9092', Subscribe: 'orders,refunds', minPartitions: '8' }),
    );
    expect(o).toMatchObject({
      brokers: ['a:9092', 'b:9092'],
      topics: { kind: 'subscribe', topics: ['orders', 'refunds'] },
      starting: 'earliest',
      ending: 'latest',
      minPartitions: 8,
      failOnDataLoss: true,
      isIncremental: false,
      format: 'json',
    });
    expect(parseSparkKafkaOptions(table({ subscribe: 'orders' }, false)).format).toBe('kafka');
  });

  it('reads per-partition offsets and assignments as JSON', () => {
    const o = parseSparkKafkaOptions(
      table({
        assign: '{"orders":[0,2]}',
        startingOffsets: '{"orders":{"0":10,"2":-2}}',
        endingOffsets: '{"orders":{"0":-1,"2":50}}',
      }),
    );
    expect(o.topics).toEqual({ kind: 'assign', partitions: new Map([['orders', [0, 2]]]) });
    expect(o.starting).toEqual(
      new Map([
        [
          'orders',
          new Map([
            [0, 10],
            [2, -2],
          ]),
        ],
      ]),
    );
    expect(o.ending).toEqual(
      new Map([
        [
          'orders',
          new Map([
            [0, -1],
            [2, 50],
          ]),
        ],
      ]),
    );
  });

  it('refuses what Spark refuses for batch queries, and unknown options, at the table', () => {
    const error = (options: Record<string, string>) => {
      try {
        parseSparkKafkaOptions(table(options));
      } catch (e) {
        return [(e as Error).message, (e as { position?: unknown }).position];
      }
      return undefined;
    };
    expect(error({ subscribe: 'a', assign: '{"a":[0]}' })).toEqual([
      "table 'orders' (kafka): give exactly one of 'subscribe', 'subscribePattern' or 'assign'",
      { line: 3, column: 1 },
    ]);
    expect(error({ subscribe: 'a', startingOffsets: 'latest' })?.[0]).toMatch(
      /reads nothing in a batch query/,
    );
    expect(error({ subscribe: 'a', endingOffsets: 'earliest' })?.[0]).toMatch(
      /not allowed for batch queries/,
    );
    expect(error({ subscribe: 'a', startingOffset: 'earliest' })?.[0]).toMatch(
      /unknown option 'startingoffset'/,
    );
    expect(error({ subscribe: 'a', 'sluice.incremental': 'yes' })?.[0]).toMatch(
      /'sluice.incremental' must be 'true' or 'false'/,
    );
    expect(
      error({ subscribe: 'a', startingOffsets: 'latest', 'sluice.incremental': 'true' }),
    ).toBeUndefined();
  });
});

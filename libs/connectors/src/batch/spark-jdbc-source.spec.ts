import { describe, expect, it } from 'vitest';
import { columnPartition } from './spark-jdbc-source';

describe(columnPartition.name, () => {
  it('cuts strides as Spark does, the first taking NULLs and values below, the last values above', () => {
    expect(columnPartition({ column: 'id', lower: 0, upper: 100, count: 4 })).toEqual([
      '`id` < 25 or `id` is null',
      '`id` >= 25 AND `id` < 50',
      '`id` >= 50 AND `id` < 75',
      '`id` >= 75',
    ]);
  });

  it('divides each bound before subtracting, like JDBCRelation, and caps partitions at the range', () => {
    expect(columnPartition({ column: 'k', lower: 1, upper: 10, count: 4 })).toEqual([
      '`k` < 3 or `k` is null',
      '`k` >= 3 AND `k` < 5',
      '`k` >= 5 AND `k` < 7',
      '`k` >= 7',
    ]);
    expect(columnPartition({ column: 'k', lower: 5, upper: 7, count: 10 })).toEqual([
      '`k` < 6 or `k` is null',
      '`k` >= 6',
    ]);
    expect(columnPartition({ column: 'k', lower: 5, upper: 5, count: 3 })).toEqual(['1 = 1']);
  });
});

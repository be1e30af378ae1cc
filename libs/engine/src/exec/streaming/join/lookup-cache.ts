import { compositeKeyOf, type Row } from '../../../types/values';
import type { LookupFunction } from './lookup-join.operator';

/**
 * Flink's PARTIAL lookup cache ('lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows',
 * 'lookup.partial-cache.expire-after-write'): least-recently-used keys, bounded, with expiry.
 */
export class CachingLookup implements LookupFunction {
  private readonly cache = new Map<unknown, { rows: readonly Row[]; writtenMs: number }>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly inner: LookupFunction,
    private readonly maxRows: number,
    private readonly expireAfterWriteMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get size(): number {
    return this.cache.size;
  }

  lookup(keys: readonly unknown[]): readonly Row[] {
    const key = compositeKeyOf(keys);
    const now = this.clock();
    const hit = this.cache.get(key);
    if (hit && (this.expireAfterWriteMs <= 0 || now - hit.writtenMs < this.expireAfterWriteMs)) {
      this.cache.delete(key);
      this.cache.set(key, hit); // most recently used goes last
      this.hits++;
      return hit.rows;
    }
    this.misses++;
    const rows = this.inner.lookup(keys);
    this.cache.delete(key);
    this.cache.set(key, { rows, writtenMs: now });
    while (this.cache.size > this.maxRows) this.cache.delete(this.cache.keys().next().value);
    return rows;
  }
}

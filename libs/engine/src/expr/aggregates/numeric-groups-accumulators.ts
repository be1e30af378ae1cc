import type { Comparator } from '../../types/values';
import { numberAvgResult, type AvgResult } from './avg';
import type { GroupsAccumulator } from './groups-accumulator';
import { numberSumResult } from './sum';

/**
 * Columnar batch state for the aggregates of nearly every report query: COUNT, SUM and AVG over
 * plain numbers, MIN and MAX. Each has exactly the semantics of its row-at-a-time Accumulator
 * (CountAccumulator, NumberSumAccumulator, AvgAccumulator, MinMaxAccumulator); only the state
 * layout differs. NULL arguments are skipped, as those accumulators skip them.
 */

function grown(a: Float64Array<ArrayBuffer>, size: number): Float64Array<ArrayBuffer> {
  if (size <= a.length) return a;
  const b = new Float64Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

/** COUNT(x) / COUNT(*) (whose argument is a non-null constant). Result BIGINT. */
export class CountGroups implements GroupsAccumulator {
  private counts = new Float64Array(16);
  resize(groupCount: number): void {
    this.counts = grown(this.counts, groupCount);
  }
  addBatch(values: readonly unknown[], groupIds: Int32Array, length: number, selected: Uint8Array | undefined): void {
    const counts = this.counts;
    for (let r = 0; r < length; r++) {
      if (selected !== undefined && selected[r] === 0) continue;
      if (values[r] !== null) counts[groupIds[r]]++;
    }
  }
  result(group: number): unknown {
    return BigInt(this.counts[group]);
  }
}

/** SUM over JS numbers, exact for integers past 2^53 through a per-group bigint (rarely used). */
export class NumberSumGroups implements GroupsAccumulator {
  private sums = new Float64Array(16);
  private counts = new Float64Array(16);
  private big: Map<number, bigint> | undefined;
  constructor(
    private readonly integral: boolean,
    private readonly asBigInt: boolean,
    private readonly wrapBits?: 32 | 16 | 8,
  ) {}
  resize(groupCount: number): void {
    this.sums = grown(this.sums, groupCount);
    this.counts = grown(this.counts, groupCount);
  }
  addBatch(values: readonly unknown[], groupIds: Int32Array, length: number, selected: Uint8Array | undefined): void {
    const sums = this.sums;
    const counts = this.counts;
    const integral = this.integral;
    for (let r = 0; r < length; r++) {
      if (selected !== undefined && selected[r] === 0) continue;
      const v = values[r] as number | null;
      if (v === null) continue;
      const g = groupIds[r];
      counts[g]++;
      const next = sums[g] + v;
      if (integral && (next > Number.MAX_SAFE_INTEGER || next < -Number.MAX_SAFE_INTEGER || this.big?.has(g))) this.addExact(g, v);
      else sums[g] = next;
    }
  }
  private addExact(g: number, v: number): void {
    this.big ??= new Map();
    this.big.set(g, (this.big.get(g) ?? BigInt(this.sums[g])) + BigInt(v));
  }
  result(group: number): unknown {
    return numberSumResult(this.sums[group], this.big?.get(group), this.counts[group], this.integral, this.asBigInt, this.wrapBits);
  }
}

/** AVG over JS numbers with a DOUBLE or (Flink) truncated integer result. */
export class NumberAvgGroups implements GroupsAccumulator {
  private sums = new Float64Array(16);
  private counts = new Float64Array(16);
  constructor(private readonly out: AvgResult & { kind: 'double' | 'truncatedInt' }) {}
  resize(groupCount: number): void {
    this.sums = grown(this.sums, groupCount);
    this.counts = grown(this.counts, groupCount);
  }
  addBatch(values: readonly unknown[], groupIds: Int32Array, length: number, selected: Uint8Array | undefined): void {
    const sums = this.sums;
    const counts = this.counts;
    for (let r = 0; r < length; r++) {
      if (selected !== undefined && selected[r] === 0) continue;
      const v = values[r] as number | null;
      if (v === null) continue;
      const g = groupIds[r];
      counts[g]++;
      sums[g] += v;
    }
  }
  result(group: number): unknown {
    return numberAvgResult(this.sums[group], this.counts[group], this.out);
  }
}

/**
 * MIN / MAX of any comparable type (NULL while a group has seen no non-null value). `primitive`:
 * the values order with JS < and > (integers, strings, dates, timestamps: no NaN), so the loop
 * compares inline instead of calling the comparator.
 */
export class MinMaxGroups implements GroupsAccumulator {
  private readonly best: unknown[] = [];
  constructor(
    private readonly compare: Comparator,
    private readonly isMax: boolean,
    private readonly primitive = false,
  ) {}
  resize(groupCount: number): void {
    while (this.best.length < groupCount) this.best.push(null);
  }
  addBatch(values: readonly unknown[], groupIds: Int32Array, length: number, selected: Uint8Array | undefined): void {
    const best = this.best;
    if (this.primitive) {
      this.addPrimitive(values as readonly (number | string | bigint | null)[], groupIds, length, selected);
      return;
    }
    const compare = this.compare;
    const sign = this.isMax ? 1 : -1;
    for (let r = 0; r < length; r++) {
      if (selected !== undefined && selected[r] === 0) continue;
      const v = values[r];
      if (v === null) continue;
      const g = groupIds[r];
      const current = best[g];
      if (current === null || compare(v, current) * sign > 0) best[g] = v;
    }
  }
  private addPrimitive(values: readonly (number | string | bigint | null)[], groupIds: Int32Array, length: number, selected: Uint8Array | undefined): void {
    const best = this.best as (number | string | bigint | null)[];
    const isMax = this.isMax;
    for (let r = 0; r < length; r++) {
      if (selected !== undefined && selected[r] === 0) continue;
      const v = values[r];
      if (v === null) continue;
      const g = groupIds[r];
      const current = best[g];
      if (current === null || (isMax ? v > current : v < current)) best[g] = v;
    }
  }
  result(group: number): unknown {
    return this.best[group];
  }
}

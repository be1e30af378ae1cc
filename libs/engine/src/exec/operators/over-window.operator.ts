import type { AccumulatorFactory } from '../../expr/aggregates/accumulator';
import type { CompiledExpr } from '../../expr/compile-expr';
import { Decimal } from '../../types/decimal';
import { compositeKeyOf, type Row, type RowKind } from '../../types/values';
import type { RowSink } from '../row-sink';
import { rowComparator, type CompiledSortKey } from './sort.operator';

export interface CompiledWindowCall {
  readonly name: string;
  readonly args: readonly CompiledExpr[];
  readonly partitionBy: readonly CompiledExpr[];
  readonly orderBy: readonly CompiledSortKey[];
  readonly frame: { readonly units: 'ROWS' | 'RANGE'; readonly start: number; readonly end: number };
  /** Aggregate window functions (SUM/COUNT/... OVER). */
  readonly createAccumulator?: AccumulatorFactory;
  readonly isCountStar: boolean;
  readonly ignoreNulls: boolean;
  /** Ranking results are BIGINT (bigint) in Flink, INT (number) in Spark. */
  readonly bigintResult: boolean;
}

/**
 * Batch OVER windows: buffers the input, then per call partitions, sorts and computes each
 * row's value. Output rows are the input rows in arrival order with one column per call.
 */
export class OverWindowOperator implements RowSink {
  private readonly rows: Row[] = [];
  constructor(
    private readonly calls: readonly CompiledWindowCall[],
    private readonly out: RowSink,
  ) {}
  push(row: Row, _kind: RowKind): void {
    this.rows.push(row);
  }
  end(): void {
    const results = this.calls.map((c) => this.evaluate(c));
    this.rows.forEach((row, i) => this.out.push([...row, ...results.map((r) => r[i])], '+I'));
    this.out.end();
  }

  private evaluate(call: CompiledWindowCall): unknown[] {
    const result = new Array(this.rows.length);
    const partitions = new Map<unknown, number[]>();
    this.rows.forEach((row, i) => {
      const key = compositeKeyOf(call.partitionBy.map((p) => p(row)));
      const list = partitions.get(key);
      if (list) list.push(i);
      else partitions.set(key, [i]);
    });
    const cmp = rowComparator(call.orderBy);
    for (const indexes of partitions.values()) {
      const keys = indexes.map((i) => call.orderBy.map((k) => k.value(this.rows[i])));
      const order = indexes.map((_, j) => j).sort((a, b) => cmp(keys[a], keys[b]) || a - b);
      const sorted = order.map((j) => indexes[j]);
      const sortedKeys = order.map((j) => keys[j]);
      const peers = (a: number, b: number) => cmp(sortedKeys[a], sortedKeys[b]) === 0;
      const rangeKey = (j: number) => toNumber(sortedKeys[j][0]);
      computePartition(call, sorted, sortedKeys.length, { peers, rangeKey }, this.rows, result);
    }
    return result;
  }
}

/** How rows of one sorted partition relate: peers (equal ORDER BY keys) and the first key as a number (RANGE offsets). */
interface PartitionOrder {
  readonly peers: (a: number, b: number) => boolean;
  readonly rangeKey: (j: number) => number | null;
  /** First and last position with a non-NULL first key, found once (RANGE value offsets). */
  nonNull?: [number, number];
}

function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Decimal) return v.toNumber();
  return v as number;
}

function computePartition(call: CompiledWindowCall, sorted: number[], n: number, order: PartitionOrder, rows: Row[], result: unknown[]): void {
  const { peers } = order;
  const arg = (j: number, k = 0) => call.args[k](rows[sorted[j]]);
  switch (call.name) {
    case 'ROW_NUMBER':
      sorted.forEach((ri, j) => (result[ri] = numeric(call, j + 1)));
      return;
    case 'RANK':
    case 'DENSE_RANK':
    case 'PERCENT_RANK':
    case 'CUME_DIST': {
      let rank = 1;
      let dense = 1;
      for (let j = 0; j < n; j++) {
        if (j > 0 && !peers(j - 1, j)) {
          rank = j + 1;
          dense++;
        }
        let lastPeer = j;
        while (lastPeer + 1 < n && peers(j, lastPeer + 1)) lastPeer++;
        const v =
          call.name === 'RANK' ? rank : call.name === 'DENSE_RANK' ? dense : call.name === 'PERCENT_RANK' ? (n > 1 ? (rank - 1) / (n - 1) : 0) : (lastPeer + 1) / n;
        result[sorted[j]] = call.name === 'RANK' || call.name === 'DENSE_RANK' ? numeric(call, v) : v;
      }
      return;
    }
    case 'NTILE': {
      const buckets = Number(arg(0));
      const size = Math.floor(n / buckets);
      const extra = n % buckets;
      let j = 0;
      for (let b = 1; b <= buckets && j < n; b++) {
        const count = size + (b <= extra ? 1 : 0);
        for (let c = 0; c < count && j < n; c++, j++) result[sorted[j]] = numeric(call, b);
      }
      return;
    }
    case 'LAG':
    case 'LEAD': {
      const step = call.name === 'LAG' ? -1 : 1;
      for (let j = 0; j < n; j++) {
        const offset = call.args[1] ? Number(arg(j, 1) ?? 1) : 1;
        let t = j + step * offset;
        if (call.ignoreNulls && offset !== 0) {
          // IGNORE NULLS: the offset-th non-NULL value before (LAG) / after (LEAD) the current row.
          let seen = 0;
          for (t = j + step; t >= 0 && t < n; t += step) if (arg(t) !== null && ++seen === Math.abs(offset)) break;
        }
        result[sorted[j]] = t >= 0 && t < n ? arg(t) : call.args[2] ? arg(j, 2) : null;
      }
      return;
    }
    case 'NTH_VALUE':
      for (let j = 0; j < n; j++) {
        const [lo, hi] = frameBounds(call, j, n, order);
        const k = Number(arg(j, 1));
        let t = lo + k - 1;
        if (call.ignoreNulls) {
          let seen = 0;
          for (t = lo; t <= hi; t++) if (arg(t) !== null && ++seen === k) break;
        }
        result[sorted[j]] = t <= hi ? arg(t) : null;
      }
      return;
    default:
      computeAggregate(call, sorted, n, order, rows, result);
  }
}

/** Spark's ranking functions return INT (number), Flink's BIGINT (bigint). */
function numeric(call: CompiledWindowCall, v: number): unknown {
  return call.bigintResult ? BigInt(v) : v;
}

/** First and last sorted position of row j's frame (lo > hi: empty frame). */
function frameBounds(call: CompiledWindowCall, j: number, n: number, order: PartitionOrder): [number, number] {
  const { units, start, end } = call.frame;
  if (units === 'ROWS') return [Math.max(0, start === -Infinity ? 0 : j + start), Math.min(n - 1, end === Infinity ? n - 1 : j + end)];
  const { peers } = order;
  let lo = start === -Infinity ? 0 : j;
  let hi = end === Infinity ? n - 1 : j;
  if (start === 0) while (lo > 0 && peers(lo - 1, j)) lo--;
  if (end === 0) while (hi + 1 < n && peers(hi + 1, j)) hi++;
  if (Number.isFinite(start) && start !== 0) lo = rangeEdge(call, j, n, order, start, 'first');
  if (Number.isFinite(end) && end !== 0) hi = rangeEdge(call, j, n, order, end, 'last');
  return [lo, hi];
}

/**
 * RANGE value offset: the first (or last) position whose key is within `offset` of row j's key,
 * in sort direction (for DESC, PRECEDING means larger values). A NULL key's frame is its peers.
 */
function rangeEdge(call: CompiledWindowCall, j: number, n: number, order: PartitionOrder, offset: number, edge: 'first' | 'last'): number {
  const v = order.rangeKey(j);
  if (v === null) {
    let k = j;
    if (edge === 'first') while (k > 0 && order.peers(k - 1, j)) k--;
    else while (k + 1 < n && order.peers(k + 1, j)) k++;
    return k;
  }
  const sign = call.orderBy[0].descending ? -1 : 1;
  const bound = v + sign * offset;
  // Position of x in sort direction: ASC keys grow, DESC keys shrink; NULL keys are outside.
  const before = (x: number) => (sign > 0 ? x < bound : x > bound);
  const after = (x: number) => (sign > 0 ? x > bound : x < bound);
  // Non-NULL keys are one sorted run (NULLs sort all first or all last): binary search it.
  order.nonNull ??= nonNullRun(order, n);
  const [first, last] = order.nonNull;
  const key = (k: number) => order.rangeKey(k)!;
  if (edge === 'first') {
    let a = first;
    let b = last + 1;
    while (a < b) {
      const m = (a + b) >> 1;
      if (before(key(m))) a = m + 1;
      else b = m;
    }
    return a > last ? n : a;
  }
  let a = first - 1;
  let b = last;
  while (a < b) {
    const m = (a + b + 1) >> 1;
    if (after(key(m))) b = m - 1;
    else a = m;
  }
  return a < first ? -1 : a;
}

function nonNullRun(order: PartitionOrder, n: number): [number, number] {
  let first = 0;
  while (first < n && order.rangeKey(first) === null) first++;
  let last = n - 1;
  while (last >= first && order.rangeKey(last) === null) last--;
  return [first, last];
}

/** Aggregates over frames; running frames (UNBOUNDED PRECEDING .. CURRENT ROW/peers) are incremental. */
function computeAggregate(call: CompiledWindowCall, sorted: number[], n: number, order: PartitionOrder, rows: Row[], result: unknown[]): void {
  const value = (j: number) => (call.isCountStar ? 1 : call.args[0] ? call.args[0](rows[sorted[j]]) : null);
  const incremental = call.frame.start === -Infinity;
  if (incremental) {
    const acc = call.createAccumulator!();
    let added = -1;
    for (let j = 0; j < n; j++) {
      const [, hi] = frameBounds(call, j, n, order);
      while (added < hi) acc.add(value(++added));
      result[sorted[j]] = acc.result();
    }
    return;
  }
  for (let j = 0; j < n; j++) {
    const [lo, hi] = frameBounds(call, j, n, order);
    const acc = call.createAccumulator!();
    for (let k = lo; k <= hi; k++) acc.add(value(k));
    result[sorted[j]] = acc.result();
  }
}

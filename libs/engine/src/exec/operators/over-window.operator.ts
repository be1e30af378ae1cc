import type { AccumulatorFactory } from '../../expr/aggregates/accumulator';
import type { CompiledExpr } from '../../expr/compile-expr';
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
      computePartition(call, sorted, sortedKeys.length, peers, this.rows, result);
    }
    return result;
  }
}

function computePartition(
  call: CompiledWindowCall,
  sorted: number[],
  n: number,
  peers: (a: number, b: number) => boolean,
  rows: Row[],
  result: unknown[],
): void {
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
      for (let j = 0; j < n; j++) {
        const offset = call.args[1] ? Number(arg(j, 1) ?? 1) : 1;
        const t = call.name === 'LAG' ? j - offset : j + offset;
        result[sorted[j]] = t >= 0 && t < n ? arg(t) : call.args[2] ? arg(j, 2) : null;
      }
      return;
    }
    case 'NTH_VALUE':
      for (let j = 0; j < n; j++) {
        const [lo, hi] = frameBounds(call, j, n, peers);
        const k = Number(arg(j, 1));
        result[sorted[j]] = lo + k - 1 <= hi ? arg(lo + k - 1) : null;
      }
      return;
    default:
      computeAggregate(call, sorted, n, peers, rows, result);
  }
}

/** Spark's ranking functions return INT (number), Flink's BIGINT (bigint). */
function numeric(call: CompiledWindowCall, v: number): unknown {
  return call.bigintResult ? BigInt(v) : v;
}

function frameBounds(call: CompiledWindowCall, j: number, n: number, peers: (a: number, b: number) => boolean): [number, number] {
  const { units, start, end } = call.frame;
  if (units === 'ROWS') return [Math.max(0, start === -Infinity ? 0 : j + start), Math.min(n - 1, end === Infinity ? n - 1 : j + end)];
  let lo = start === -Infinity ? 0 : j;
  let hi = end === Infinity ? n - 1 : j;
  if (start === 0) while (lo > 0 && peers(lo - 1, j)) lo--;
  if (end === 0) while (hi + 1 < n && peers(hi + 1, j)) hi++;
  return [lo, hi];
}

/** Aggregates over frames; running frames (UNBOUNDED PRECEDING .. CURRENT ROW/peers) are incremental. */
function computeAggregate(call: CompiledWindowCall, sorted: number[], n: number, peers: (a: number, b: number) => boolean, rows: Row[], result: unknown[]): void {
  const value = (j: number) => (call.isCountStar ? 1 : call.args[0] ? call.args[0](rows[sorted[j]]) : null);
  const incremental = call.frame.start === -Infinity;
  if (incremental) {
    const acc = call.createAccumulator!();
    let added = -1;
    for (let j = 0; j < n; j++) {
      const [, hi] = frameBounds(call, j, n, peers);
      while (added < hi) acc.add(value(++added));
      result[sorted[j]] = acc.result();
    }
    return;
  }
  for (let j = 0; j < n; j++) {
    const [lo, hi] = frameBounds(call, j, n, peers);
    const acc = call.createAccumulator!();
    for (let k = lo; k <= hi; k++) acc.add(value(k));
    result[sorted[j]] = acc.result();
  }
}

import type { CompiledExpr } from '../../../expr/compile-expr';
import { KeyedState } from '../../../state/keyed-state';
import type { Checkpointable } from '../../../state/snapshot';
import { compositeKeyOf, type Row, type RowKind } from '../../../types/values';
import { rowComparator, type CompiledSortKey } from '../../operators/sort.operator';
import type { RowSink } from '../../row-sink';

/**
 * Window Top-N (Flink's WindowRankOperator): ROW_NUMBER / RANK / DENSE_RANK OVER (PARTITION BY
 * window_start, window_end, ... ORDER BY ...). Rows are kept per window partition and ranked
 * when the watermark passes window_end - 1; the rank is appended as the last column. The filter
 * on the rank that follows keeps the top N.
 */
export class WindowRankOperator implements RowSink, Checkpointable {
  private readonly partitions = new KeyedState<{ end: number; rows: Row[] }>();
  private currentWatermark = -Infinity;

  constructor(
    private readonly partitionBy: readonly CompiledExpr[],
    private readonly endIndex: number,
    private readonly orderBy: readonly CompiledSortKey[],
    private readonly rankKind: 'ROW_NUMBER' | 'RANK' | 'DENSE_RANK',
    private readonly bigintRank: boolean,
    private readonly out: RowSink,
  ) {}

  get stateSize(): number {
    return this.partitions.size;
  }

  push(row: Row, _kind: RowKind): void {
    const keys = this.partitionBy.map((p) => p(row));
    const key = compositeKeyOf(keys);
    const end = keys[this.endIndex] as number;
    const p = this.partitions.get(key);
    if (p) p.rows.push(row);
    else this.partitions.set(key, { end, rows: [row] });
  }

  watermark(timeMs: number): void {
    if (timeMs <= this.currentWatermark) return;
    this.currentWatermark = timeMs;
    const ready = [...this.partitions.entries()].filter(([, p]) => p.end - 1 <= timeMs).sort((a, b) => a[1].end - b[1].end);
    const cmp = rowComparator(this.orderBy);
    for (const [key, p] of ready) {
      const keyed = p.rows.map((row) => ({ row, k: this.orderBy.map((o) => o.value(row)) }));
      keyed.sort((a, b) => cmp(a.k, b.k));
      let rank = 0;
      let dense = 0;
      keyed.forEach((r, i) => {
        const tie = i > 0 && cmp(keyed[i - 1].k, r.k) === 0;
        if (!tie) {
          rank = i + 1;
          dense++;
        }
        const value = this.rankKind === 'ROW_NUMBER' ? i + 1 : this.rankKind === 'RANK' ? rank : dense;
        this.out.push([...r.row, this.bigintRank ? BigInt(value) : value], '+I');
      });
      this.partitions.delete(key);
    }
    this.out.watermark?.(timeMs);
  }

  end(): void {
    this.watermark(Infinity);
    this.out.end();
  }

  snapshot(): unknown {
    return { watermark: this.currentWatermark, partitions: this.partitions.snapshot() };
  }
  restore(state: unknown): void {
    const s = state as { watermark: number; partitions: unknown };
    this.currentWatermark = s.watermark;
    this.partitions.restore(s.partitions);
  }
}

import type { Accumulator } from '../../../expr/aggregates/accumulator';
import type { CompiledExpr } from '../../../expr/compile-expr';
import { KeyedState } from '../../../state/keyed-state';
import type { Checkpointable } from '../../../state/snapshot';
import { compositeKeyOf, type Row, type RowKind } from '../../../types/values';
import type { CompiledAggregate } from '../../operators/hash-aggregate.operator';
import type { RowSink } from '../../row-sink';
import type { LateRows } from '../late-rows';

interface WindowGroup {
  readonly keys: unknown[];
  readonly end: number;
  readonly accs: Accumulator[];
}

/**
 * Window aggregation (Flink's WindowAggOperator for window TVFs): GROUP BY window_start,
 * window_end, k... Accumulates per (window, key) and emits one final row per group when the
 * watermark reaches window_end - 1, then frees that state. Output is append-only. Rows whose
 * window already fired are late.
 */
export class WindowAggregateOperator implements RowSink, Checkpointable {
  private readonly groups: KeyedState<WindowGroup>;
  /** window_end -> group keys ending then, so firing does not scan every group. */
  private readonly byEnd = new Map<number, Set<unknown>>();
  private currentWatermark = -Infinity;

  constructor(
    private readonly keys: readonly CompiledExpr[],
    private readonly endKey: number,
    private readonly aggregates: readonly CompiledAggregate[],
    private readonly late: LateRows,
    private readonly out: RowSink,
  ) {
    this.groups = new KeyedState<WindowGroup>({
      save: (g) => ({ keys: g.keys, end: g.end, accs: g.accs.map((a) => a.snapshot()) }),
      load: (s) => {
        const v = s as { keys: unknown[]; end: number; accs: unknown[] };
        const accs = this.aggregates.map((a, i) => {
          const acc = a.create();
          acc.restore(v.accs[i]);
          return acc;
        });
        return { keys: v.keys, end: v.end, accs };
      },
    });
  }

  /** Live (window, key) groups: what the state-bound tests count. */
  get stateSize(): number {
    return this.groups.size;
  }

  push(row: Row, kind: RowKind): void {
    const keyValues = this.keys.map((k) => k(row));
    const end = keyValues[this.endKey] as number;
    if (end - 1 <= this.currentWatermark) return this.late.add(row);
    const key = compositeKeyOf(keyValues);
    let g = this.groups.get(key);
    if (!g) {
      g = { keys: keyValues, end, accs: this.aggregates.map((a) => a.create()) };
      this.groups.set(key, g);
      let set = this.byEnd.get(end);
      if (!set) this.byEnd.set(end, (set = new Set()));
      set.add(key);
    }
    const retract = kind === '-U' || kind === '-D';
    for (let i = 0; i < this.aggregates.length; i++) {
      const a = this.aggregates[i];
      if (a.filter && a.filter(row) !== true) continue;
      if (retract) g.accs[i].retract(a.arg(row));
      else g.accs[i].add(a.arg(row));
    }
  }

  watermark(timeMs: number): void {
    if (timeMs <= this.currentWatermark) return;
    this.currentWatermark = timeMs;
    const ends = [...this.byEnd.keys()].filter((e) => e - 1 <= timeMs).sort((a, b) => a - b);
    for (const end of ends) {
      for (const key of this.byEnd.get(end)!) {
        const g = this.groups.get(key)!;
        this.out.push([...g.keys, ...g.accs.map((a) => a.result())], '+I');
        this.groups.delete(key);
      }
      this.byEnd.delete(end);
    }
    this.out.watermark?.(timeMs);
  }

  end(): void {
    this.watermark(Infinity);
    this.out.end();
  }

  snapshot(): unknown {
    return { watermark: this.currentWatermark, groups: this.groups.snapshot() };
  }

  restore(state: unknown): void {
    const s = state as { watermark: number; groups: unknown };
    this.currentWatermark = s.watermark;
    this.groups.restore(s.groups);
    this.byEnd.clear();
    for (const [key, g] of this.groups.entries()) {
      let set = this.byEnd.get(g.end);
      if (!set) this.byEnd.set(g.end, (set = new Set()));
      set.add(key);
    }
  }
}

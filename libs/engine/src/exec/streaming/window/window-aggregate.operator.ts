import type { CompiledExpr } from '../../../expr/compile-expr';
import type { Checkpointable } from '../../../state/snapshot';
import { compositeKeyOf, groupKeyOf, type Row, type RowKind } from '../../../types/values';
import type { RowSink } from '../../row-sink';
import type { LateRows } from '../late-rows';
import type { GroupStateOps } from './group-state';

/**
 * Window aggregation (Flink's WindowAggOperator for window TVFs): GROUP BY window_start,
 * window_end, k... Accumulates per (window, key) and emits one final row per group when the
 * watermark reaches window_end - 1, then frees that window's state. Output is append-only.
 * Rows whose window already fired are late.
 *
 * State is a map per window end: firing takes whole windows, and a group is found by its
 * non-window keys only (a window end plus the other keys identify a window group for every
 * window TVF: windows sharing an end share their start, and sessions of one key never overlap).
 */
export class WindowAggregateOperator<G = unknown> implements RowSink, Checkpointable {
  private readonly windows = new Map<number, Map<unknown, G>>();
  private readonly otherKeys: number[];
  private readonly scratch: unknown[];
  /** Key values of the current row; copied only when a new group is created. */
  private readonly rowKeys: unknown[];
  private currentWatermark = -Infinity;
  /** Smallest window end with state, so most watermarks return at once. */
  private nextEnd = Infinity;

  constructor(
    private readonly keys: readonly CompiledExpr[],
    private readonly endKey: number,
    private readonly ops: GroupStateOps<G>,
    private readonly late: LateRows,
    private readonly out: RowSink,
    /** Index of window_start among the keys (not part of the group lookup key). */
    startKey = -1,
  ) {
    this.otherKeys = keys.map((_, i) => i).filter((i) => i !== endKey && i !== startKey);
    this.scratch = new Array(this.otherKeys.length);
    this.rowKeys = new Array(keys.length);
  }

  /** Live (window, key) groups: what the state-bound tests count. */
  get stateSize(): number {
    let n = 0;
    for (const groups of this.windows.values()) n += groups.size;
    return n;
  }

  private groupKey(keyValues: readonly unknown[]): unknown {
    const others = this.otherKeys;
    if (others.length === 1) return groupKeyOf(keyValues[others[0]]);
    for (let i = 0; i < others.length; i++) this.scratch[i] = keyValues[others[i]];
    return compositeKeyOf(this.scratch);
  }

  push(row: Row, kind: RowKind): void {
    const keys = this.keys;
    const keyValues = this.rowKeys;
    for (let i = 0; i < keys.length; i++) keyValues[i] = keys[i](row);
    const end = keyValues[this.endKey] as number;
    if (end - 1 <= this.currentWatermark) return this.late.add(row);
    let groups = this.windows.get(end);
    if (!groups) {
      groups = new Map();
      this.windows.set(end, groups);
      if (end < this.nextEnd) this.nextEnd = end;
    }
    const key = this.groupKey(keyValues);
    let g = groups.get(key);
    if (g === undefined) {
      g = this.ops.create(keyValues);
      groups.set(key, g);
    }
    this.ops.fold(g, row, kind === '-U' || kind === '-D');
  }

  watermark(timeMs: number): void {
    if (timeMs <= this.currentWatermark) return;
    this.currentWatermark = timeMs;
    if (this.nextEnd - 1 <= timeMs) this.fire(timeMs);
    this.out.watermark?.(timeMs);
  }

  private fire(timeMs: number): void {
    const ends = [...this.windows.keys()].filter((e) => e - 1 <= timeMs).sort((a, b) => a - b);
    for (const end of ends) {
      for (const g of this.windows.get(end)!.values()) this.out.push(this.ops.result(g), '+I');
      this.windows.delete(end);
    }
    this.nextEnd = Infinity;
    for (const end of this.windows.keys()) if (end < this.nextEnd) this.nextEnd = end;
  }

  end(): void {
    this.watermark(Infinity);
    this.out.end();
  }

  snapshot(): unknown {
    const windows = [...this.windows].map(([end, groups]) => [end, [...groups.values()].map((g) => this.ops.save(g))]);
    return { watermark: this.currentWatermark, windows };
  }

  restore(state: unknown): void {
    const s = state as { watermark: number; windows: [number, unknown[]][] };
    this.currentWatermark = s.watermark;
    this.windows.clear();
    this.nextEnd = Infinity;
    for (const [end, groups] of s.windows) {
      const map = new Map<unknown, G>();
      for (const saved of groups) {
        const g = this.ops.load(saved);
        map.set(this.groupKey(this.ops.keysOf(g)), g);
      }
      this.windows.set(end, map);
      if (end < this.nextEnd) this.nextEnd = end;
    }
  }
}

import type { CompiledExpr } from '../../../expr/compile-expr';
import { KeyedState } from '../../../state/keyed-state';
import type { Checkpointable } from '../../../state/snapshot';
import { compositeKeyOf, type Row, type RowKind } from '../../../types/values';
import type { RowSink } from '../../row-sink';

interface Buffered {
  readonly row: Row;
  readonly ts: number;
  matched: boolean;
}

export interface IntervalJoinSpec {
  readonly type: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL';
  readonly leftKeys: readonly CompiledExpr[];
  readonly rightKeys: readonly CompiledExpr[];
  readonly leftTimeIndex: number;
  readonly rightTimeIndex: number;
  /** leftTime - rightTime must lie in [lower, upper]. */
  readonly lower: number;
  readonly upper: number;
  readonly residual?: CompiledExpr;
  readonly leftWidth: number;
  readonly rightWidth: number;
}

/**
 * Event-time interval join (Flink's TimeIntervalJoin): both inputs are buffered per join key;
 * each new row probes the other side's buffer for rows inside the time bounds. A buffered row is
 * dropped once the combined watermark guarantees no future row of the other side can match it;
 * for outer joins, rows that never matched are then emitted padded with NULLs.
 */
export class IntervalJoinOperator implements Checkpointable {
  private readonly leftState = new KeyedState<Buffered[]>();
  private readonly rightState = new KeyedState<Buffered[]>();
  private leftWatermark = -Infinity;
  private rightWatermark = -Infinity;
  private emittedWatermark = -Infinity;
  private pendingEnds = 2;
  readonly left: RowSink;
  readonly right: RowSink;

  constructor(
    private readonly spec: IntervalJoinSpec,
    private readonly out: RowSink,
  ) {
    this.left = {
      push: (row, kind) => this.onRow(row, kind, true),
      watermark: (t) => this.onWatermark(t, true),
      end: () => this.onEnd(true),
    };
    this.right = {
      push: (row, kind) => this.onRow(row, kind, false),
      watermark: (t) => this.onWatermark(t, false),
      end: () => this.onEnd(false),
    };
  }

  get stateSize(): number {
    let n = 0;
    for (const rows of this.leftState.values()) n += rows.length;
    for (const rows of this.rightState.values()) n += rows.length;
    return n;
  }

  private onRow(row: Row, _kind: RowKind, isLeft: boolean): void {
    const s = this.spec;
    const ts = row[isLeft ? s.leftTimeIndex : s.rightTimeIndex] as number | null;
    const keyValues = (isLeft ? s.leftKeys : s.rightKeys).map((k) => k(row));
    if (ts === null || keyValues.some((v) => v === null)) return this.emitUnmatched(row, isLeft);
    const key = compositeKeyOf(keyValues);
    const self: Buffered = { row, ts, matched: false };
    // Other side's rows with times in range: left - right in [lower, upper].
    const lo = isLeft ? ts - s.upper : ts + s.lower;
    const hi = isLeft ? ts - s.lower : ts + s.upper;
    for (const other of (isLeft ? this.rightState : this.leftState).get(key) ?? []) {
      if (other.ts < lo || other.ts > hi) continue;
      const joined = isLeft ? row.concat(other.row) : other.row.concat(row);
      if (s.residual && s.residual(joined) !== true) continue;
      self.matched = true;
      other.matched = true;
      this.out.push(joined, '+I');
    }
    if (this.expiresAt(self, isLeft) <= this.watermark()) return this.expire(self, isLeft);
    const state = isLeft ? this.leftState : this.rightState;
    const list = state.get(key);
    if (list) list.push(self);
    else state.set(key, [self]);
  }

  /** Once the watermark reaches this time, no future row of the other side can match. */
  private expiresAt(b: Buffered, isLeft: boolean): number {
    return isLeft ? b.ts - this.spec.lower : b.ts + this.spec.upper;
  }

  private watermark(): number {
    return Math.min(this.leftWatermark, this.rightWatermark);
  }

  private onWatermark(t: number, isLeft: boolean): void {
    if (isLeft) this.leftWatermark = Math.max(this.leftWatermark, t);
    else this.rightWatermark = Math.max(this.rightWatermark, t);
    const w = this.watermark();
    if (w <= this.emittedWatermark) return;
    this.evict(this.leftState, true, w);
    this.evict(this.rightState, false, w);
    this.emittedWatermark = w;
    this.out.watermark?.(w);
  }

  private evict(state: KeyedState<Buffered[]>, isLeft: boolean, w: number): void {
    for (const [key, list] of [...state.entries()]) {
      const keep = list.filter((b) => {
        if (this.expiresAt(b, isLeft) > w) return true;
        this.expire(b, isLeft);
        return false;
      });
      if (keep.length === 0) state.delete(key);
      else if (keep.length !== list.length) state.set(key, keep);
    }
  }

  private expire(b: Buffered, isLeft: boolean): void {
    if (!b.matched) this.emitUnmatched(b.row, isLeft);
  }

  private emitUnmatched(row: Row, isLeft: boolean): void {
    const t = this.spec.type;
    if (isLeft && (t === 'LEFT' || t === 'FULL')) this.out.push(row.concat(new Array(this.spec.rightWidth).fill(null)), '+I');
    if (!isLeft && (t === 'RIGHT' || t === 'FULL')) this.out.push(new Array(this.spec.leftWidth).fill(null).concat(row), '+I');
  }

  private onEnd(isLeft: boolean): void {
    this.onWatermark(Infinity, isLeft);
    if (--this.pendingEnds === 0) this.out.end();
  }

  snapshot(): unknown {
    const save = (s: KeyedState<Buffered[]>) => [...s.entries()].map(([k, list]) => [k, list.map((b) => [b.row, b.ts, b.matched])]);
    return { left: save(this.leftState), right: save(this.rightState), lw: this.leftWatermark, rw: this.rightWatermark, ew: this.emittedWatermark };
  }

  restore(state: unknown): void {
    const s = state as { left: [unknown, [Row, number, boolean][]][]; right: [unknown, [Row, number, boolean][]][]; lw: number; rw: number; ew: number };
    const load = (target: KeyedState<Buffered[]>, entries: [unknown, [Row, number, boolean][]][]) => {
      target.clear();
      for (const [k, list] of entries) target.set(k, list.map(([row, ts, matched]) => ({ row, ts, matched })));
    };
    load(this.leftState, s.left);
    load(this.rightState, s.right);
    this.leftWatermark = s.lw;
    this.rightWatermark = s.rw;
    this.emittedWatermark = s.ew;
  }
}

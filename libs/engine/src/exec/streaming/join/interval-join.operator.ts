import type { CompiledExpr } from '../../../expr/compile-expr';
import { KeyedState } from '../../../state/keyed-state';
import type { Checkpointable } from '../../../state/snapshot';
import { compositeKeyOf, type Row, type RowKind } from '../../../types/values';
import type { RowSink } from '../../row-sink';
import { TimerHeap } from '../timer-heap';

interface Buffered {
  readonly row: Row;
  readonly ts: number;
  matched: boolean;
  readonly key: unknown;
  readonly isLeft: boolean;
  /** Arrival order, the tie-break of evictions at the same time. */
  readonly seq: number;
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
  /** Buffered rows by expiry time, so eviction never scans all keys. */
  private readonly expiry = new TimerHeap<Buffered>();
  private nextSeq = 0;
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
    const self: Buffered = { row, ts, matched: false, key, isLeft, seq: this.nextSeq++ };
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
    this.expiry.push(this.expiresAt(self, isLeft), self, self.seq);
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
    this.expiry.popUntil(w, (b) => this.evict(b));
    this.emittedWatermark = w;
    this.out.watermark?.(w);
  }

  private evict(b: Buffered): void {
    const state = b.isLeft ? this.leftState : this.rightState;
    const list = state.get(b.key);
    if (!list) return;
    const i = list.indexOf(b);
    if (i < 0) return;
    list.splice(i, 1);
    if (list.length === 0) state.delete(b.key);
    this.expire(b, b.isLeft);
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
    const save = (s: KeyedState<Buffered[]>) => [...s.entries()].map(([k, list]) => [k, list.map((b) => [b.row, b.ts, b.matched, b.seq])]);
    return { left: save(this.leftState), right: save(this.rightState), lw: this.leftWatermark, rw: this.rightWatermark, ew: this.emittedWatermark, seq: this.nextSeq };
  }

  restore(state: unknown): void {
    type Saved = [unknown, [Row, number, boolean, number][]][];
    const s = state as { left: Saved; right: Saved; lw: number; rw: number; ew: number; seq: number };
    this.expiry.clear();
    this.nextSeq = s.seq;
    const load = (target: KeyedState<Buffered[]>, entries: Saved, isLeft: boolean) => {
      target.clear();
      for (const [key, list] of entries) {
        const buffered = list.map(([row, ts, matched, seq]) => ({ row, ts, matched, key, isLeft, seq }));
        target.set(key, buffered);
        for (const b of buffered) this.expiry.push(this.expiresAt(b, isLeft), b, b.seq);
      }
    };
    load(this.leftState, s.left, true);
    load(this.rightState, s.right, false);
    this.leftWatermark = s.lw;
    this.rightWatermark = s.rw;
    this.emittedWatermark = s.ew;
  }
}

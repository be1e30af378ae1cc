import type { CompiledExpr } from '../../../expr/compile-expr';
import { KeyedState } from '../../../state/keyed-state';
import type { Checkpointable } from '../../../state/snapshot';
import { compositeKeyOf, type Row, type RowKind } from '../../../types/values';
import type { RowSink } from '../../row-sink';

interface WindowBuffers {
  end: number;
  left: Row[];
  right: Row[];
}

/**
 * Window join (Flink's WindowJoinOperator): both inputs are windowed by the same TVF and joined on
 * window_start, window_end and the other keys. Rows are buffered per (window, key) and joined when
 * the combined watermark passes window_end - 1; then the window's state is freed.
 */
export class WindowJoinOperator implements Checkpointable {
  private readonly windows = new KeyedState<WindowBuffers>();
  private leftWatermark = -Infinity;
  private rightWatermark = -Infinity;
  private emitted = -Infinity;
  private pendingEnds = 2;
  readonly left: RowSink;
  readonly right: RowSink;

  constructor(
    private readonly type: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'SEMI' | 'ANTI',
    private readonly leftKeys: readonly CompiledExpr[],
    private readonly rightKeys: readonly CompiledExpr[],
    /** Position of window_end among the keys. */
    private readonly endKey: number,
    private readonly residual: CompiledExpr | undefined,
    private readonly leftWidth: number,
    private readonly rightWidth: number,
    private readonly out: RowSink,
  ) {
    this.left = { push: (r, k) => this.onRow(r, k, true), watermark: (t) => this.onWatermark(t, true), end: () => this.onEnd(true) };
    this.right = { push: (r, k) => this.onRow(r, k, false), watermark: (t) => this.onWatermark(t, false), end: () => this.onEnd(false) };
  }

  get stateSize(): number {
    return this.windows.size;
  }

  private onRow(row: Row, _kind: RowKind, isLeft: boolean): void {
    const keys = (isLeft ? this.leftKeys : this.rightKeys).map((k) => k(row));
    const end = keys[this.endKey] as number;
    if (end - 1 <= Math.min(this.leftWatermark, this.rightWatermark)) return; // late
    const key = compositeKeyOf(keys);
    let w = this.windows.get(key);
    if (!w) this.windows.set(key, (w = { end, left: [], right: [] }));
    (isLeft ? w.left : w.right).push(row);
  }

  private onWatermark(t: number, isLeft: boolean): void {
    if (isLeft) this.leftWatermark = Math.max(this.leftWatermark, t);
    else this.rightWatermark = Math.max(this.rightWatermark, t);
    const w = Math.min(this.leftWatermark, this.rightWatermark);
    if (w <= this.emitted) return;
    this.emitted = w;
    const ready = [...this.windows.entries()].filter(([, b]) => b.end - 1 <= w).sort((a, b) => a[1].end - b[1].end);
    for (const [key, b] of ready) {
      this.joinWindow(b);
      this.windows.delete(key);
    }
    this.out.watermark?.(w);
  }

  private joinWindow(b: WindowBuffers): void {
    const rightMatched = new Uint8Array(b.right.length);
    const nullRight = new Array(this.rightWidth).fill(null);
    for (const l of b.left) {
      let matched = false;
      b.right.forEach((r, i) => {
        const joined = l.concat(r);
        if (this.residual && this.residual(joined) !== true) return;
        matched = true;
        rightMatched[i] = 1;
        if (this.type !== 'SEMI' && this.type !== 'ANTI') this.out.push(joined, '+I');
      });
      if (this.type === 'SEMI' && matched) this.out.push(l, '+I');
      if (this.type === 'ANTI' && !matched) this.out.push(l, '+I');
      if (!matched && (this.type === 'LEFT' || this.type === 'FULL')) this.out.push(l.concat(nullRight), '+I');
    }
    if (this.type === 'RIGHT' || this.type === 'FULL') {
      const nullLeft = new Array(this.leftWidth).fill(null);
      b.right.forEach((r, i) => {
        if (!rightMatched[i]) this.out.push(nullLeft.concat(r), '+I');
      });
    }
  }

  private onEnd(isLeft: boolean): void {
    this.onWatermark(Infinity, isLeft);
    if (--this.pendingEnds === 0) this.out.end();
  }

  snapshot(): unknown {
    return { windows: this.windows.snapshot(), lw: this.leftWatermark, rw: this.rightWatermark, e: this.emitted };
  }
  restore(state: unknown): void {
    const s = state as { windows: unknown; lw: number; rw: number; e: number };
    this.windows.restore(s.windows);
    this.leftWatermark = s.lw;
    this.rightWatermark = s.rw;
    this.emitted = s.e;
  }
}

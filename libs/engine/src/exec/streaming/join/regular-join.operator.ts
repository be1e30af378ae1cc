import type { CompiledExpr } from '../../../expr/compile-expr';
import { KeyedState } from '../../../state/keyed-state';
import type { Checkpointable } from '../../../state/snapshot';
import { compositeKeyOf, groupKeyOf, type Row, type RowKind } from '../../../types/values';
import type { RowSink } from '../../row-sink';

interface Stored {
  readonly row: Row;
  /** How many times this exact row is currently present (inserts minus retractions). */
  count: number;
  /** Matching rows on the other side (outer joins: zero means NULL-padded output is live). */
  matches: number;
  /** Processing time of the last access, for state TTL. */
  touchedMs: number;
}

export interface RegularJoinSpec {
  readonly type: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL';
  readonly leftKeys: readonly CompiledExpr[];
  readonly rightKeys: readonly CompiledExpr[];
  readonly residual?: CompiledExpr;
  readonly leftWidth: number;
  readonly rightWidth: number;
  /** table.exec.state.ttl in ms; 0 keeps state forever (Flink's default). */
  readonly stateTtlMs: number;
  readonly clock: () => number;
}

/**
 * Unbounded streaming join (Flink's StreamingJoinOperator): both sides are kept per join key;
 * inserts and retractions on either side emit the matching changes. Outer joins emit a
 * NULL-padded row while a row has no partner and retract it (-D) when the first partner arrives.
 * With a state TTL, rows not accessed for that long (processing time) are forgotten.
 */
export class RegularJoinOperator implements Checkpointable {
  private readonly leftState = new KeyedState<Map<unknown, Stored>>();
  private readonly rightState = new KeyedState<Map<unknown, Stored>>();
  private pendingEnds = 2;
  private leftWatermark = -Infinity;
  private rightWatermark = -Infinity;
  readonly left: RowSink;
  readonly right: RowSink;

  constructor(
    private readonly spec: RegularJoinSpec,
    private readonly out: RowSink,
  ) {
    this.left = { push: (r, k) => this.onRow(r, k, true), watermark: (t) => this.onWatermark(t, true), end: () => this.onEnd() };
    this.right = { push: (r, k) => this.onRow(r, k, false), watermark: (t) => this.onWatermark(t, false), end: () => this.onEnd() };
  }

  get stateSize(): number {
    let n = 0;
    for (const m of this.leftState.values()) n += m.size;
    for (const m of this.rightState.values()) n += m.size;
    return n;
  }

  private outer(isLeft: boolean): boolean {
    const t = this.spec.type;
    return isLeft ? t === 'LEFT' || t === 'FULL' : t === 'RIGHT' || t === 'FULL';
  }

  private joined(row: Row, other: Row, isLeft: boolean): Row {
    return isLeft ? row.concat(other) : other.concat(row);
  }

  private padded(row: Row, isLeft: boolean): Row {
    return isLeft ? row.concat(new Array(this.spec.rightWidth).fill(null)) : new Array(this.spec.leftWidth).fill(null).concat(row);
  }

  private onRow(row: Row, kind: RowKind, isLeft: boolean): void {
    const s = this.spec;
    const now = s.clock();
    this.expire(now);
    const keyValues = (isLeft ? s.leftKeys : s.rightKeys).map((k) => k(row));
    const insert = kind === '+I' || kind === '+U';
    if (keyValues.some((v) => v === null)) {
      if (this.outer(isLeft)) this.out.push(this.padded(row, isLeft), insert ? '+I' : '-D');
      return;
    }
    const key = compositeKeyOf(keyValues);
    const mine = isLeft ? this.leftState : this.rightState;
    const theirs = isLeft ? this.rightState : this.leftState;
    const rowKey = groupKeyOf(row);
    const others = theirs.get(key);
    let matches = 0;
    for (const other of others?.values() ?? []) {
      const joined = this.joined(row, other.row, isLeft);
      if (s.residual && s.residual(joined) !== true) continue;
      matches += other.count;
      other.touchedMs = now;
      for (let i = 0; i < other.count; i++) {
        // The other side loses (or gains) its NULL-padded row when its match count crosses zero.
        if (this.outer(!isLeft) && insert && other.matches === 0) this.out.push(this.padded(other.row, !isLeft), '-D');
        this.out.push(joined, insert ? '+I' : '-D');
      }
      other.matches += insert ? 1 : -1;
      if (this.outer(!isLeft) && !insert && other.matches === 0) for (let i = 0; i < other.count; i++) this.out.push(this.padded(other.row, !isLeft), '+I');
    }
    if (matches === 0 && this.outer(isLeft)) this.out.push(this.padded(row, isLeft), insert ? '+I' : '-D');
    let bucket = mine.get(key);
    if (!bucket) mine.set(key, (bucket = new Map()));
    const stored = bucket.get(rowKey);
    if (insert) {
      if (stored) {
        stored.count++;
        stored.touchedMs = now;
      } else bucket.set(rowKey, { row, count: 1, matches, touchedMs: now });
    } else if (stored && --stored.count <= 0) {
      bucket.delete(rowKey);
      if (bucket.size === 0) mine.delete(key);
    }
  }

  /** State TTL: forget rows idle for longer than the TTL (their future matches are lost, as in Flink). */
  private expire(now: number): void {
    const ttl = this.spec.stateTtlMs;
    if (ttl <= 0) return;
    for (const state of [this.leftState, this.rightState]) {
      for (const [key, bucket] of [...state.entries()]) {
        for (const [rk, stored] of [...bucket]) if (now - stored.touchedMs >= ttl) bucket.delete(rk);
        if (bucket.size === 0) state.delete(key);
      }
    }
  }

  private onWatermark(t: number, isLeft: boolean): void {
    const before = Math.min(this.leftWatermark, this.rightWatermark);
    if (isLeft) this.leftWatermark = Math.max(this.leftWatermark, t);
    else this.rightWatermark = Math.max(this.rightWatermark, t);
    const after = Math.min(this.leftWatermark, this.rightWatermark);
    if (after > before) this.out.watermark?.(after);
  }

  private onEnd(): void {
    if (--this.pendingEnds === 0) this.out.end();
  }

  snapshot(): unknown {
    const save = (s: KeyedState<Map<unknown, Stored>>) => [...s.entries()].map(([k, m]) => [k, [...m.values()].map((v) => [v.row, v.count, v.matches, v.touchedMs])]);
    return { left: save(this.leftState), right: save(this.rightState), lw: this.leftWatermark, rw: this.rightWatermark };
  }

  restore(state: unknown): void {
    type Saved = [unknown, [Row, number, number, number][]][];
    const s = state as { left: Saved; right: Saved; lw: number; rw: number };
    const load = (target: KeyedState<Map<unknown, Stored>>, saved: Saved) => {
      target.clear();
      for (const [k, rows] of saved) target.set(k, new Map(rows.map(([row, count, matches, touchedMs]) => [groupKeyOf(row), { row, count, matches, touchedMs }])));
    };
    load(this.leftState, s.left);
    load(this.rightState, s.right);
    this.leftWatermark = s.lw;
    this.rightWatermark = s.rw;
  }
}

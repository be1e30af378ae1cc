import { compositeKeyOf, type Row, type RowKind } from '../../../types/values';
import type { RowSink } from '../../row-sink';
import type { Checkpointable } from '../../../state/snapshot';
import { KeyedState } from '../../../state/keyed-state';
import type { CompiledExpr } from '../../../expr/compile-expr';
import type { LateRows } from '../late-rows';
import { TimerHeap } from '../timer-heap';

interface Session {
  start: number;
  /** Largest timestamp in the session; the session ends at last + gap. */
  last: number;
  rows: Row[];
}

/**
 * SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), gap): rows whose timestamps are less than `gap`
 * apart form one window [first, last + gap). Sessions are kept per partition key and merged as
 * rows arrive (out of order too); a session is emitted, rows tagged with its bounds, once the
 * watermark passes its end. A row that would extend an emitted session is late.
 */
export class SessionWindowOperator implements RowSink, Checkpointable {
  private readonly sessions = new KeyedState<Session[]>();
  /** (session end, partition key): which partitions may have a session closing then. */
  private readonly timers = new TimerHeap<unknown>();
  private currentWatermark = -Infinity;

  constructor(
    private readonly timeIndex: number,
    private readonly gapMs: number,
    private readonly partitionKeys: readonly CompiledExpr[],
    private readonly late: LateRows,
    private readonly out: RowSink,
    /** Batch: no watermarks, everything is emitted at end of input. */
    private readonly bounded = false,
  ) {}

  get stateSize(): number {
    let n = 0;
    for (const list of this.sessions.values()) n += list.length;
    return n;
  }

  push(row: Row, _kind: RowKind): void {
    const ts = row[this.timeIndex] as number | null;
    if (ts === null) return;
    if (!this.bounded && ts + this.gapMs - 1 <= this.currentWatermark) return this.late.add(row);
    const key = compositeKeyOf(this.partitionKeys.map((k) => k(row)));
    const list = this.sessions.get(key) ?? [];
    let merged: Session = { start: ts, last: ts, rows: [row] };
    const keep: Session[] = [];
    for (const s of list) {
      if (ts < s.last + this.gapMs && ts + this.gapMs > s.start) {
        merged = { start: Math.min(s.start, merged.start), last: Math.max(s.last, merged.last), rows: [...s.rows, ...merged.rows] };
      } else keep.push(s);
    }
    // A merge can make the new session touch a neighbour: merge transitively.
    let changed = true;
    while (changed) {
      changed = false;
      for (let i = 0; i < keep.length; i++) {
        const s = keep[i];
        if (s.start < merged.last + this.gapMs && merged.start < s.last + this.gapMs) {
          merged = { start: Math.min(s.start, merged.start), last: Math.max(s.last, merged.last), rows: [...s.rows, ...merged.rows] };
          keep.splice(i, 1);
          changed = true;
          break;
        }
      }
    }
    keep.push(merged);
    this.sessions.set(key, keep);
    this.timers.push(merged.last + this.gapMs, key);
  }

  watermark(timeMs: number): void {
    if (timeMs <= this.currentWatermark) return;
    this.currentWatermark = timeMs;
    if (this.timers.peekTime() - 1 <= timeMs) this.fire(timeMs);
    this.out.watermark?.(timeMs);
  }

  end(): void {
    this.fire(Infinity);
    this.out.end();
  }

  private fire(timeMs: number): void {
    const ready: { session: Session; key: string }[] = [];
    const isClosed = (end: number) => end - 1 <= timeMs;
    this.timers.popUntil(timeMs + 1, (key) => {
      const list = this.sessions.get(key);
      if (!list) return;
      const open = list.filter((s) => !isClosed(s.last + this.gapMs));
      for (const session of list) if (isClosed(session.last + this.gapMs)) ready.push({ session, key: String(key) });
      if (open.length === 0) this.sessions.delete(key);
      else if (open.length !== list.length) this.sessions.set(key, open);
    });
    // Deterministic order (end, start, key), so a restored job emits exactly what the original would.
    ready.sort((a, b) => a.session.last - b.session.last || a.session.start - b.session.start || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { session: s } of ready) {
      const end = s.last + this.gapMs;
      const rows = [...s.rows].sort((a, b) => (a[this.timeIndex] as number) - (b[this.timeIndex] as number));
      for (const row of rows) this.out.push([...row, s.start, end, end - 1], '+I');
    }
  }

  snapshot(): unknown {
    return { watermark: this.currentWatermark, sessions: this.sessions.snapshot() };
  }
  restore(state: unknown): void {
    const s = state as { watermark: number; sessions: unknown };
    this.currentWatermark = s.watermark;
    this.sessions.restore(s.sessions);
    this.timers.clear();
    for (const [key, list] of this.sessions.entries()) for (const session of list) this.timers.push(session.last + this.gapMs, key);
  }
}

import type { Checkpointable } from '../../../state/snapshot';
import { compositeKeyOf, groupKeyOf, type Row, type RowKind } from '../../../types/values';
import { rowComparator } from '../../operators/sort.operator';
import type { RowSink } from '../../row-sink';
import type { LateRows } from '../late-rows';
import { EventTimeBuffer } from './event-time-buffer';
import { compileMatchProgram, type MatchProgram } from './match-program';
import type { MatchRecognizeSpec } from './match-spec';
import { PartitionMatcher } from './partition-matcher';
import { restorePartition, snapshotPartition } from './state/partition-state-codec';
import { WithinTimers } from './within-timers';

/**
 * Streaming MATCH_RECOGNIZE (Flink's CepOperator). Rowtime order: rows wait in an event-time
 * buffer and enter their partition's matcher in (rowtime, ORDER BY, arrival) order when the
 * watermark passes them; rows at or behind the watermark are late. Proctime order: rows enter on
 * arrival. WITHIN timers drop partial matches that can no longer finish in time, and a partition
 * without partial matches is freed unless MATCH_NUMBER(), `^` or PREV need its history. At
 * watermark +infinity (end of a bounded input) every partition is finished. Output is append-only.
 */
export class MatchRecognizeOperator implements RowSink, Checkpointable {
  private readonly partitions = new Map<unknown, PartitionMatcher>();
  private readonly buffer: EventTimeBuffer;
  private readonly timers = new WithinTimers();
  private watermarkMs = -Infinity;
  /** A matcher whose partition had nothing left, reused for the next new partition. */
  private spare: PartitionMatcher | undefined;
  /** A row that starts nothing in a partition without state leaves no trace (not so WITH UNMATCHED ROWS). */
  private readonly skipsIdleRows: boolean;
  private readonly emit = (row: Row) => this.out.push(row, '+I');

  constructor(
    private readonly program: MatchProgram,
    private readonly order: 'rowtime' | 'proctime',
    private readonly late: LateRows,
    private readonly out: RowSink,
    /** Output carries MATCH_ROWTIME(): the watermark is held behind the oldest undecided match. */
    private readonly holdsWatermark = false,
  ) {
    this.skipsIdleRows = !program.keepsIdlePartitions && program.rowsPerMatch !== 'allWithUnmatched' && !program.isSequential;
    const secondary = program.orderKeys.slice(1);
    const cmp = rowComparator(secondary);
    this.buffer = new EventTimeBuffer(secondary.length === 0 ? undefined : (a, b) => cmp(secondary.map((k) => k.value(a)), secondary.map((k) => k.value(b))));
  }

  static fromSpec(spec: MatchRecognizeSpec, late: LateRows, out: RowSink): MatchRecognizeOperator {
    const holdsWatermark = spec.measures.some((m) => m.expr.kind === 'input' && m.slots[m.expr.index]?.kind === 'matchRowtime');
    return new MatchRecognizeOperator(compileMatchProgram(spec), spec.timeAttribute ?? 'rowtime', late, out, holdsWatermark);
  }

  /** Partial matches, undecided attempts and rows waiting for the watermark. */
  get stateSize(): number {
    let n = this.buffer.size;
    for (const m of this.partitions.values()) n += m.partialMatches;
    return n;
  }

  push(row: Row, _kind: RowKind): void {
    const timeMs = this.program.timeOf(row);
    if (this.order === 'proctime') {
      this.process(row, timeMs);
      return this.fireTimers(timeMs);
    }
    if ((timeMs as number | null) === null || timeMs <= this.watermarkMs) return this.late.add(row);
    this.buffer.add(timeMs, row);
  }

  watermark(timeMs: number): void {
    if (timeMs <= this.watermarkMs) return;
    this.watermarkMs = timeMs;
    while (this.buffer.size > 0 && this.buffer.peekTime() <= timeMs) {
      const row = this.buffer.pop();
      this.process(row, this.program.timeOf(row));
    }
    this.fireTimers(timeMs);
    if (timeMs === Infinity) this.finishAll();
    this.out.watermark?.(this.holdsWatermark ? Math.min(timeMs, this.oldestUndecidedMs() - 1) : timeMs);
  }

  end(): void {
    this.watermark(Infinity);
    this.out.end();
  }

  private process(row: Row, timeMs: number): void {
    const keys = this.program.partitionKeys;
    const key = keys.length === 0 ? 0 : keys.length === 1 ? partitionKeyOf(keys[0](row)) : compositeKeyOf(keys.map((k) => k(row)));
    let m = this.partitions.get(key);
    if (m === undefined) {
      // Most rows of a partition without state start nothing: skip them, or try them on a recycled matcher.
      if (this.skipsIdleRows && this.program.runner.startsNothing(row)) return;
      m = this.spare ?? new PartitionMatcher(this.program, [], this.emit);
      this.spare = undefined;
      m.reset(keys.map((k) => k(row)));
      m.push(row, timeMs);
      if (!m.hasState && !this.program.keepsIdlePartitions) {
        this.spare = m;
        return;
      }
      this.partitions.set(key, m);
    } else m.push(row, timeMs);
    this.afterChange(key, m);
  }

  /** Arms the partition's WITHIN timer, or frees the partition once nothing is pending. */
  private afterChange(key: unknown, m: PartitionMatcher): void {
    const within = this.program.withinMs;
    if (within !== undefined && m.timerMs === Infinity) {
      const start = m.earliestLiveStartMs;
      if (start !== Infinity) {
        m.timerMs = start + within;
        this.timers.add(m.timerMs, key);
      }
    }
    if (!m.hasState && !this.program.keepsIdlePartitions) {
      this.partitions.delete(key);
      this.spare = m;
    }
  }

  private fireTimers(watermarkMs: number): void {
    while (this.timers.size > 0 && this.timers.peekTime() <= watermarkMs) {
      const at = this.timers.peekTime();
      const key = this.timers.pop();
      const m = this.partitions.get(key);
      if (m === undefined || m.timerMs !== at) continue;
      m.timerMs = Infinity;
      m.expire(watermarkMs);
      this.afterChange(key, m);
    }
  }

  private finishAll(): void {
    for (const m of this.partitions.values()) m.finish();
    this.partitions.clear();
    this.timers.clear();
  }

  /** Event time of the earliest row an undecided match may end at (MATCH_ROWTIME >= it). */
  private oldestUndecidedMs(): number {
    let min = this.buffer.peekTime();
    for (const m of this.partitions.values()) {
      const first = m.attempts[0]?.start ?? m.pending?.[0]?.start;
      if (first !== undefined) min = Math.min(min, this.program.timeOf(m.rows.at(first)!));
    }
    return min;
  }

  snapshot(): unknown {
    return {
      watermark: this.watermarkMs,
      buffer: this.buffer.snapshot(),
      partitions: [...this.partitions.values()].map((m) => [m.keyValues, snapshotPartition(m)]),
    };
  }

  restore(state: unknown): void {
    const s = state as { watermark: number; buffer: [number, Row][]; partitions: [unknown[], unknown][] };
    this.watermarkMs = s.watermark;
    this.buffer.restore(s.buffer);
    this.partitions.clear();
    this.timers.clear();
    for (const [keyValues, snapshot] of s.partitions) {
      const m = new PartitionMatcher(this.program, keyValues, this.emit);
      restorePartition(m, snapshot);
      const key = keyValues.length === 0 ? 0 : keyValues.length === 1 ? partitionKeyOf(keyValues[0]) : compositeKeyOf(keyValues);
      this.partitions.set(key, m);
      this.afterChange(key, m);
    }
  }
}

/** Map key of a one-column partition. BIGINT keys in the safe range become numbers: V8 hashes a bigint on every Map lookup. */
function partitionKeyOf(value: unknown): unknown {
  if (typeof value === 'bigint') {
    const n = Number(value);
    if (Number.isSafeInteger(n)) return n;
  }
  return groupKeyOf(value);
}

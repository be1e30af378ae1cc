import type { Accumulator } from '../../expr/aggregates/accumulator';
import type { CompiledExpr } from '../../expr/compile-expr';
import { KeyedState } from '../../state/keyed-state';
import type { Checkpointable } from '../../state/snapshot';
import { compositeKeyOf, groupKeyOf, type Row, type RowKind } from '../../types/values';
import type { CompiledAggregate } from '../operators/hash-aggregate.operator';
import type { RowSink } from '../row-sink';

interface Group {
  readonly keys: unknown[];
  readonly accs: Accumulator[];
  /** Rows currently counted (inserts minus retractions): zero means the group is gone. */
  rows: number;
  /** Last emitted result row, to retract it on the next change. */
  last: Row | null;
}

/**
 * Non-windowed GROUP BY on a stream (Flink's GroupAggFunction): every input change updates the
 * group's accumulators and emits a changelog: +I for a new group, -U/+U when its result changes,
 * -D when its last row is retracted. An unchanged result emits nothing (as Flink does without
 * state TTL).
 */
export class GroupAggregateOperator implements RowSink, Checkpointable {
  private readonly groups: KeyedState<Group>;

  constructor(
    private readonly keys: readonly CompiledExpr[],
    private readonly aggregates: readonly CompiledAggregate[],
    private readonly out: RowSink,
  ) {
    this.groups = new KeyedState<Group>({
      save: (g) => ({ keys: g.keys, rows: g.rows, last: g.last, accs: g.accs.map((a) => a.snapshot()) }),
      load: (s) => {
        const v = s as { keys: unknown[]; rows: number; last: Row | null; accs: unknown[] };
        return { keys: v.keys, rows: v.rows, last: v.last, accs: this.aggregates.map((a, i) => this.restoreAcc(a, v.accs[i])) };
      },
    });
  }

  private newAcc(a: CompiledAggregate): Accumulator {
    const acc = a.create();
    // MIN/MAX must remember every value to survive retractions.
    (acc as { keepHistory?: () => void }).keepHistory?.();
    return acc;
  }

  private restoreAcc(a: CompiledAggregate, state: unknown): Accumulator {
    const acc = this.newAcc(a);
    acc.restore(state);
    return acc;
  }

  get stateSize(): number {
    return this.groups.size;
  }

  push(row: Row, kind: RowKind): void {
    const keyValues = this.keys.map((k) => k(row));
    const key = keyValues.length === 1 ? groupKeyOf(keyValues[0]) : compositeKeyOf(keyValues);
    const retract = kind === '-U' || kind === '-D';
    let g = this.groups.get(key);
    if (!g) {
      if (retract) return; // retraction of a row we never saw (e.g. after state expiry)
      g = { keys: keyValues, accs: this.aggregates.map((a) => this.newAcc(a)), rows: 0, last: null };
      this.groups.set(key, g);
    }
    g.rows += retract ? -1 : 1;
    for (let i = 0; i < this.aggregates.length; i++) {
      const a = this.aggregates[i];
      if (a.filter && a.filter(row) !== true) continue;
      if (retract) g.accs[i].retract(a.arg(row));
      else g.accs[i].add(a.arg(row));
    }
    if (g.rows <= 0) {
      if (g.last) this.out.push(g.last, '-D');
      this.groups.delete(key);
      return;
    }
    const result = [...g.keys, ...g.accs.map((a) => a.result())];
    if (g.last === null) this.out.push(result, '+I');
    else if (!sameRow(g.last, result)) {
      this.out.push(g.last, '-U');
      this.out.push(result, '+U');
    } else return;
    g.last = result;
  }

  watermark(timeMs: number): void {
    this.out.watermark?.(timeMs);
  }

  end(): void {
    this.out.end();
  }

  snapshot(): unknown {
    return this.groups.snapshot();
  }
  restore(state: unknown): void {
    this.groups.restore(state);
  }
}

function sameRow(a: Row, b: Row): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (groupKeyOf(a[i]) !== groupKeyOf(b[i])) return false;
  return true;
}

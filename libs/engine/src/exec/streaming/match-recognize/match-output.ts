import type { Row } from '../../../types/values';
import { ArrayMatchContext } from './expr/array-match-context';
import type { MatchEvaluator } from './expr/compile-match-expr';
import type { RowSource } from './expr/match-context';
import type { RowsPerMatch } from './match-spec';
import type { MaterializedMatch } from './shared-buffer/buffer-node';

/**
 * Output rows of a match (SQL:2016 ROWS PER MATCH). ONE ROW: partition keys then measures, seen
 * from the last row (running = final). ALL ROWS: each row of the match that is not inside {- -},
 * then the measures with running semantics up to that row. An empty match yields one row built
 * from its starting row with null navigation; an unmatched row gets null measures.
 */
/** Turns decided matches into output rows; the matcher only sees this interface. */
export interface MatchRowsBuilder {
  match(rows: RowSource, keyValues: readonly unknown[], match: MaterializedMatch, matchNumber: number, start: number, emit: (row: Row) => void): void;
  unmatched(row: Row, emit: (row: Row) => void): void;
}

export class MatchOutput implements MatchRowsBuilder {
  private readonly ctx = new ArrayMatchContext();

  constructor(
    private readonly mode: RowsPerMatch,
    private readonly measures: readonly MatchEvaluator[],
  ) {}

  match(rows: RowSource, keyValues: readonly unknown[], match: MaterializedMatch, matchNumber: number, start: number, emit: (row: Row) => void): void {
    const n = match.length;
    const ctx = this.ctx;
    ctx.reset(rows, match, n, matchNumber);
    if (this.mode === 'one') {
      emit(this.evaluate(keyValues));
      return;
    }
    if (n === 0) {
      if (this.mode !== 'allOmitEmpty') emit(this.evaluate(rows.at(start)!));
      return;
    }
    for (let k = 0; k < n; k++) {
      if (match.excluded[k] === 1) continue;
      ctx.setVisible(k + 1);
      emit(this.evaluate(ctx.currentRow!));
    }
  }

  /** ALL ROWS PER MATCH WITH UNMATCHED ROWS: a row in no match, with null measures. */
  unmatched(row: Row, emit: (row: Row) => void): void {
    emit([...row, ...this.measures.map(() => null)]);
  }

  /** `prefix` followed by the measures, in one new array. */
  private evaluate(prefix: readonly unknown[]): unknown[] {
    const k = prefix.length;
    const out = new Array(k + this.measures.length);
    for (let i = 0; i < k; i++) out[i] = prefix[i];
    for (let i = 0; i < this.measures.length; i++) out[k + i] = this.measures[i](this.ctx);
    return out;
  }
}

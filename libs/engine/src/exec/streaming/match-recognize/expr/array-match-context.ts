import type { Row } from '../../../../types/values';
import { EMPTY_MATCH, type MaterializedMatch } from '../shared-buffer/buffer-node';
import type { MatchContext, RowSource, VarMask } from './match-context';

/**
 * MEASURES evaluation over a complete match (also the reference matcher's DEFINE context).
 * `visible` rows are seen by running semantics: all of them for ONE ROW PER MATCH, the rows up
 * to the output row for ALL ROWS PER MATCH; FINAL navigation always sees the whole match.
 */
export class ArrayMatchContext implements MatchContext {
  currentRow: Row | undefined = undefined;
  currentPos = -1;
  matchNumber = 0;
  foundVar = -1;
  private match: MaterializedMatch = EMPTY_MATCH;
  private visible = 0;
  private rows: RowSource = { at: () => undefined };

  reset(rows: RowSource, match: MaterializedMatch, visible: number, matchNumber: number): void {
    this.rows = rows;
    this.match = match;
    this.matchNumber = matchNumber;
    this.setVisible(visible);
  }

  /** Running semantics up to (and including) the `visible`-th row of the match. */
  setVisible(visible: number): void {
    this.visible = visible;
    this.currentPos = visible > 0 ? this.match.positions[visible - 1] : -1;
    this.currentRow = visible > 0 ? this.rows.at(this.currentPos) : undefined;
  }

  locate(vars: VarMask, fromLast: boolean, offset: number, final: boolean): number {
    const { variables } = this.match;
    const end = final ? this.match.length : this.visible;
    let k = offset;
    if (fromLast) {
      for (let i = end - 1; i >= 0; i--) {
        if (vars !== null && vars[variables[i]] !== 1) continue;
        if (k-- === 0) return this.found(i);
      }
    } else {
      for (let i = 0; i < end; i++) {
        if (vars !== null && vars[variables[i]] !== 1) continue;
        if (k-- === 0) return this.found(i);
      }
    }
    return -1;
  }

  private found(i: number): number {
    this.foundVar = this.match.variables[i];
    return this.match.positions[i];
  }

  variableAt(pos: number, final: boolean): number {
    const { positions, variables } = this.match;
    const i = pos - (positions[0] ?? 0);
    const end = final ? this.match.length : this.visible;
    return i >= 0 && i < end && positions[i] === pos ? variables[i] : -1;
  }

  forEachRow(vars: VarMask, final: boolean, fn: (row: Row, variable: number) => void): void {
    const { positions, variables } = this.match;
    const end = final ? this.match.length : this.visible;
    for (let i = 0; i < end; i++) if (vars === null || vars[variables[i]] === 1) fn(this.rows.at(positions[i])!, variables[i]);
  }

  lastPos(): number {
    const n = this.match.length;
    return n > 0 ? this.match.positions[n - 1] : -1;
  }

  rowAt(pos: number): Row | undefined {
    return this.rows.at(pos);
  }
}

import type { Row } from '../../../../types/values';
import type { BufferNode } from '../shared-buffer/buffer-node';
import type { MatchContext, RowSource, VarMask } from './match-context';

/**
 * DEFINE evaluation (running semantics): the partial match is the node chain of the thread being
 * advanced plus the current row, tentatively mapped to the variable under test (SQL:2016 5.6.2).
 * One instance per operator is reused for every evaluation, so classifying a row allocates
 * nothing; navigation walks the chain backwards from the newest row.
 */
export class ChainMatchContext implements MatchContext {
  currentRow: Row | undefined = undefined;
  currentPos = -1;
  matchNumber = 0;
  foundVar = -1;
  private node: BufferNode | null = null;
  private variable = -1;
  private rows: RowSource = { at: () => undefined };
  private readonly scratch: { row: Row; variable: number }[] = [];

  /** Prepares the evaluation of `variable`'s condition for the row at `pos` after the chain `node`. */
  reset(rows: RowSource, row: Row, pos: number, node: BufferNode | null, variable: number, matchNumber: number): void {
    this.rows = rows;
    this.currentRow = row;
    this.currentPos = pos;
    this.node = node;
    this.variable = variable;
    this.matchNumber = matchNumber;
  }

  locate(vars: VarMask, fromLast: boolean, offset: number): number {
    let k = fromLast ? offset : this.count(vars) - 1 - offset;
    if (k < 0) return -1;
    if (vars === null || vars[this.variable] === 1) {
      if (k === 0) {
        this.foundVar = this.variable;
        return this.currentPos;
      }
      k--;
    }
    for (let n = this.node; n !== null; n = n.prev) {
      if (vars !== null && vars[n.variable] !== 1) continue;
      if (k === 0) {
        this.foundVar = n.variable;
        return n.pos;
      }
      k--;
    }
    return -1;
  }

  private count(vars: VarMask): number {
    if (vars === null) return (this.node ? this.node.length : 0) + 1;
    let n = vars[this.variable] === 1 ? 1 : 0;
    for (let node = this.node; node !== null; node = node.prev) if (vars[node.variable] === 1) n++;
    return n;
  }

  variableAt(pos: number): number {
    if (pos === this.currentPos) return this.variable;
    for (let n = this.node; n !== null && n.pos >= pos; n = n.prev) if (n.pos === pos) return n.variable;
    return -1;
  }

  forEachRow(vars: VarMask, _final: boolean, fn: (row: Row, variable: number) => void): void {
    const rows = this.scratch;
    rows.length = 0;
    if (vars === null || vars[this.variable] === 1) rows.push({ row: this.currentRow!, variable: this.variable });
    for (let n = this.node; n !== null; n = n.prev) if (vars === null || vars[n.variable] === 1) rows.push({ row: this.rows.at(n.pos)!, variable: n.variable });
    for (let i = rows.length - 1; i >= 0; i--) fn(rows[i].row, rows[i].variable);
  }

  lastPos(): number {
    return this.currentPos;
  }

  rowAt(pos: number): Row | undefined {
    return pos === this.currentPos ? this.currentRow : pos > this.currentPos ? undefined : this.rows.at(pos);
  }
}

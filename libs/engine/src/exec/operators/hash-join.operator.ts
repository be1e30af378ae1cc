import type { CompiledExpr } from '../../expr/compile-expr';
import { compositeKeyOf, groupKeyOf, type Row, type RowKind } from '../../types/values';
import type { RowSink } from '../row-sink';

export type BatchJoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'SEMI' | 'ANTI';

/**
 * Batch hash join: the right input is the build side, the left probes it at end of input.
 * Equi keys go through the hash table; `residual` (non-equi conditions) is checked per pair.
 * A NULL key never matches unless that key is null-safe (<=>). No keys = nested loop.
 */
export class HashJoinOperator {
  private readonly leftRows: Row[] = [];
  private readonly rightRows: Row[] = [];
  private pendingEnds = 2;
  readonly left: RowSink;
  readonly right: RowSink;

  constructor(
    private readonly type: BatchJoinType,
    private readonly leftKeys: readonly CompiledExpr[],
    private readonly rightKeys: readonly CompiledExpr[],
    private readonly nullSafe: readonly boolean[],
    private readonly residual: CompiledExpr | undefined,
    private readonly leftWidth: number,
    private readonly rightWidth: number,
    private readonly out: RowSink,
  ) {
    this.left = this.port(this.leftRows);
    this.right = this.port(this.rightRows);
  }

  private port(into: Row[]): RowSink {
    return {
      push: (row: Row, _kind: RowKind) => void into.push(row),
      end: () => {
        if (--this.pendingEnds === 0) this.join();
      },
    };
  }

  private keyOf(row: Row, keys: readonly CompiledExpr[]): unknown | undefined {
    if (keys.length === 1) {
      // Hot path (one equi key): no per-row key array.
      const v = keys[0](row);
      if (v === null) return this.nullSafe[0] ? compositeKeyOf([null]) : undefined;
      return typeof v !== 'object' ? v : groupKeyOf(v);
    }
    const values = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const v = keys[i](row);
      if (v === null && !this.nullSafe[i]) return undefined; // NULL = anything is unknown
      values[i] = v;
    }
    return compositeKeyOf(values);
  }

  private join(): void {
    // Build side as chained buckets: key -> first row index, next[i] -> following row (-1 ends).
    const table = new Map<unknown, number>();
    const next = new Int32Array(this.rightRows.length).fill(-1);
    for (let i = this.rightRows.length - 1; i >= 0; i--) {
      const k = this.keyOf(this.rightRows[i], this.rightKeys);
      if (k === undefined) continue;
      const head = table.get(k);
      if (head !== undefined) next[i] = head;
      table.set(k, i);
    }
    const nestedLoop = this.rightKeys.length === 0;
    const rightMatched = this.type === 'RIGHT' || this.type === 'FULL' ? new Uint8Array(this.rightRows.length) : undefined;
    const nullRight = new Array(this.rightWidth).fill(null);
    for (const l of this.leftRows) {
      const k = nestedLoop ? 0 : this.keyOf(l, this.leftKeys);
      const first = nestedLoop ? (this.rightRows.length > 0 ? 0 : undefined) : k === undefined ? undefined : table.get(k);
      let matched = false;
      if (first !== undefined) {
        for (let ri = first; ri >= 0; ri = nestedLoop ? (ri + 1 < this.rightRows.length ? ri + 1 : -1) : next[ri]) {
          const r = this.rightRows[ri];
          const joined = concatRows(l, r, this.leftWidth, this.rightWidth);
          if (this.residual && this.residual(joined) !== true) continue;
          matched = true;
          if (this.type === 'SEMI' || this.type === 'ANTI') break;
          if (rightMatched) rightMatched[ri] = 1;
          this.out.push(joined, '+I');
        }
      }
      if (this.type === 'SEMI' && matched) this.out.push(l, '+I');
      else if (this.type === 'ANTI' && !matched) this.out.push(l, '+I');
      else if (!matched && (this.type === 'LEFT' || this.type === 'FULL')) this.out.push(concatRows(l, nullRight, this.leftWidth, this.rightWidth), '+I');
    }
    if (rightMatched) {
      const nullLeft = new Array(this.leftWidth).fill(null);
      this.rightRows.forEach((r, i) => {
        if (!rightMatched[i]) this.out.push(nullLeft.concat(r), '+I');
      });
    }
    this.out.end();
  }
}

/** left ++ right as a new row; a plain loop beats Array.prototype.concat for short rows. */
function concatRows(left: Row, right: Row, leftWidth: number, rightWidth: number): Row {
  const row = new Array(leftWidth + rightWidth);
  for (let i = 0; i < leftWidth; i++) row[i] = left[i];
  for (let i = 0; i < rightWidth; i++) row[leftWidth + i] = right[i];
  return row;
}

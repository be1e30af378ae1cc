import type { Row } from '../../../../types/values';

/** Membership of variable ids (1 = member); null stands for every variable (SQL:2016 universal row pattern variable). */
export type VarMask = Uint8Array | null;

/** Random access to a partition's rows by position. */
export interface RowSource {
  at(pos: number): Row | undefined;
}

/**
 * What a compiled DEFINE or MEASURES expression may ask about the match it is evaluated in
 * (SQL:2016 5.6 row pattern navigation). `running` evaluation sees the rows up to the current
 * row; `final` (MEASURES only) sees the whole match.
 */
export interface MatchContext {
  /** The row being classified (DEFINE) or output (running MEASURES); undefined in an empty match. */
  readonly currentRow: Row | undefined;
  readonly currentPos: number;
  readonly matchNumber: number;
  /** Variable of the row `locate` found last. */
  foundVar: number;
  /**
   * Position of the `offset`-th row, counted from the last (or the first) row mapped to a
   * variable of `vars`, among the visible rows of the match; -1 when there is no such row.
   */
  locate(vars: VarMask, fromLast: boolean, offset: number, final: boolean): number;
  /** Variable the row at `pos` is mapped to in the visible match, or -1. */
  variableAt(pos: number, final: boolean): number;
  /** Calls `fn` for each visible row mapped to a variable of `vars`, in match order. */
  forEachRow(vars: VarMask, final: boolean, fn: (row: Row, variable: number) => void): void;
  /** Position of the last row of the whole match, -1 when empty (MATCH_ROWTIME). */
  lastPos(): number;
  /** Any row of the partition, for physical navigation (PREV/NEXT); undefined outside it. */
  rowAt(pos: number): Row | undefined;
}

export function toMask(vars: readonly number[] | null, variableCount: number): VarMask {
  if (vars === null) return null;
  const mask = new Uint8Array(variableCount);
  for (const v of vars) mask[v] = 1;
  return mask;
}

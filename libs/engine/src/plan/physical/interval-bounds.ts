import type { BoundExpr } from '../../expr/bound-expr';

/**
 * An interval join condition: leftTime - rightTime lies in [lower, upper] (ms, inclusive), as
 * Flink's IntervalJoinUtil extracts from predicates such as
 * `l.ts BETWEEN r.ts - INTERVAL '1' HOUR AND r.ts` or `l.ts >= r.ts AND l.ts < r.ts + INTERVAL '10' MINUTE`.
 */
export interface IntervalBounds {
  readonly leftTimeIndex: number;
  /** Index in the right input's row. */
  readonly rightTimeIndex: number;
  readonly lower: number;
  readonly upper: number;
  /** Conjuncts left after removing the time bounds (over the joined row). */
  readonly remaining: readonly BoundExpr[];
}

/** `col` or `col ± INTERVAL` over one rowtime column: the column and the offset. */
function timeTerm(e: BoundExpr): { index: number; offset: number } | undefined {
  if (e.kind === 'cast') return timeTerm(e.arg);
  if (e.kind === 'input' && e.type.timeAttribute === 'rowtime') return { index: e.index, offset: 0 };
  if (e.kind === 'call' && (e.name === '+' || e.name === '-') && e.args.length === 2) {
    const base = timeTerm(e.args[0]);
    const lit = e.args[1];
    if (base && lit.kind === 'literal' && lit.type.kind === 'INTERVAL_DAY_TIME') return { index: base.index, offset: base.offset + (e.name === '+' ? 1 : -1) * (lit.value as number) };
  }
  return undefined;
}

/**
 * Finds a lower and an upper bound on leftTime - rightTime among the conjuncts; both are
 * needed for a bounded interval join (otherwise it is a regular join).
 */
export function extractIntervalBounds(conjuncts: readonly BoundExpr[], leftWidth: number): IntervalBounds | undefined {
  let lower = -Infinity;
  let upper = Infinity;
  let leftTimeIndex: number | undefined;
  let rightTimeIndex: number | undefined;
  const remaining: BoundExpr[] = [];
  for (const c of conjuncts) {
    const bound = c.kind === 'compare' ? boundOf(c, leftWidth) : undefined;
    if (!bound || (leftTimeIndex !== undefined && (bound.left !== leftTimeIndex || bound.right !== rightTimeIndex))) {
      remaining.push(c);
      continue;
    }
    leftTimeIndex = bound.left;
    rightTimeIndex = bound.right;
    if (bound.kind === 'lower') lower = Math.max(lower, bound.value);
    else upper = Math.min(upper, bound.value);
  }
  if (leftTimeIndex === undefined || rightTimeIndex === undefined || lower === -Infinity || upper === Infinity) return undefined;
  return { leftTimeIndex, rightTimeIndex: rightTimeIndex - leftWidth, lower, upper, remaining };
}

/** Normalises `a op b` into a bound on (left time - right time). Strict < and > shift by 1 ms. */
function boundOf(c: BoundExpr & { kind: 'compare' }, leftWidth: number): { kind: 'lower' | 'upper'; value: number; left: number; right: number } | undefined {
  const a = timeTerm(c.left);
  const b = timeTerm(c.right);
  if (!a || !b) return undefined;
  let op = c.op;
  let x = a;
  let y = b;
  if (a.index >= leftWidth && b.index < leftWidth) {
    [x, y] = [b, a];
    op = ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as Record<string, typeof op>)[op] ?? op;
  } else if (!(a.index < leftWidth && b.index >= leftWidth)) return undefined;
  // x.ts + x.off  op  y.ts + y.off   <=>   x.ts - y.ts  op  y.off - x.off
  const value = y.offset - x.offset;
  switch (op) {
    case '>=':
      return { kind: 'lower', value, left: x.index, right: y.index };
    case '>':
      return { kind: 'lower', value: value + 1, left: x.index, right: y.index };
    case '<=':
      return { kind: 'upper', value, left: x.index, right: y.index };
    case '<':
      return { kind: 'upper', value: value - 1, left: x.index, right: y.index };
    default:
      return undefined;
  }
}

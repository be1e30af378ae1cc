import { InternalError } from '@sluice/contracts';
import { resolveAggregate } from '../../../../expr/aggregates/aggregate-registry';
import type { Accumulator } from '../../../../expr/aggregates/accumulator';
import { transformExpr } from '../../../../expr/bound-expr';
import { compileExpr, type CompiledExpr } from '../../../../expr/compile-expr';
import type { Dialect } from '../../../../expr/functions/function-spec';
import type { Row } from '../../../../types/values';
import { isCurrentRow, type MatchExprSpec, type SlotSpec } from '../match-spec';
import { toMask, type MatchContext } from './match-context';

const SMALL_BIGINTS = Array.from({ length: 256 }, (_, i) => BigInt(i));

/** A DEFINE condition or a measure, compiled once: reads the match through a MatchContext. */
export type MatchEvaluator = (ctx: MatchContext) => unknown;

export interface MatchExprOptions {
  readonly variables: readonly string[];
  readonly dialect: Dialect;
  /** Set for DEFINE: the variable whose condition this is (its current row needs no navigation). */
  readonly definedVar?: number;
  readonly timeIndex?: number;
}

/**
 * Compiles a pattern expression: each slot becomes a closure over the context, the scalar part
 * is compiled once over a reused slot row. A condition that only reads the row being classified
 * (`A.price > 900`) compiles to a plain row predicate, with no slot filling on the hot path.
 */
export function compileMatchExpr(spec: MatchExprSpec, o: MatchExprOptions): MatchEvaluator {
  const defined = o.definedVar;
  if (defined !== undefined && spec.slots.every((s) => s.kind === 'nav' && isCurrentRow(s.nav, defined) && s.nav.physical === 0 && !s.usesClassifier)) {
    const direct = compileExpr(transformExpr(spec.expr, (n) => (n.kind === 'input' ? (spec.slots[n.index] as SlotSpec & { kind: 'nav' }).value : undefined)));
    return (ctx) => direct(ctx.currentRow!);
  }
  const slots = spec.slots.map((s) => compileSlot(s, o));
  const scalar = compileExpr(spec.expr);
  const slotRow: unknown[] = new Array(slots.length);
  if (slots.length === 1) {
    const [only] = slots;
    return (ctx) => {
      slotRow[0] = only(ctx);
      return scalar(slotRow);
    };
  }
  return (ctx) => {
    for (let i = 0; i < slots.length; i++) slotRow[i] = slots[i](ctx);
    return scalar(slotRow);
  };
}

function compileSlot(slot: SlotSpec, o: MatchExprOptions): MatchEvaluator {
  switch (slot.kind) {
    case 'nav':
      return compileNavigation(slot, o);
    case 'aggregate':
      return compileAggregate(slot, o);
    case 'matchNumber':
      return (ctx) => BigInt(ctx.matchNumber);
    case 'matchRowtime': {
      const column = slot.column ?? o.timeIndex;
      if (column === undefined) throw new InternalError('MATCH_ROWTIME without a time column');
      return (ctx) => {
        const pos = ctx.lastPos();
        return pos < 0 ? null : (ctx.rowAt(pos)?.[column] ?? null);
      };
    }
    case 'matchProctime':
      return () => Date.now();
  }
}

function compileNavigation(slot: SlotSpec & { kind: 'nav' }, o: MatchExprOptions): MatchEvaluator {
  const { fromLast, offset, physical, final } = slot.nav;
  const mask = toMask(slot.nav.vars, o.variables.length);
  const current = o.definedVar !== undefined && isCurrentRow(slot.nav, o.definedVar);
  if (slot.usesClassifier) {
    const value = withClassifier(compileExpr(slot.value), o.variables);
    return (ctx) => {
      let pos = current ? ctx.currentPos : ctx.locate(mask, fromLast, offset, final);
      if (pos < 0) return null;
      pos += physical;
      const row = ctx.rowAt(pos);
      return row === undefined ? null : value(row, ctx.variableAt(pos, final));
    };
  }
  // The common `A.price` / `PREV(price)`: read the column straight from the row found.
  const column = slot.value.kind === 'input' ? slot.value.index : -1;
  const value = compileExpr(slot.value);
  if (current && physical === 0) return column >= 0 ? (ctx) => ctx.currentRow![column] : (ctx) => value(ctx.currentRow!);
  if (current) {
    return (ctx) => {
      const row = ctx.rowAt(ctx.currentPos + physical);
      return row === undefined ? null : column >= 0 ? row[column] : value(row);
    };
  }
  return (ctx) => {
    const pos = ctx.locate(mask, fromLast, offset, final);
    if (pos < 0) return null;
    const row = ctx.rowAt(pos + physical);
    return row === undefined ? null : column >= 0 ? row[column] : value(row);
  };
}

/** Evaluates over a row with the row's CLASSIFIER() appended as an extra column. */
function withClassifier(value: CompiledExpr, names: readonly string[]): (row: Row, variable: number) => unknown {
  return (row, variable) => value([...row, variable < 0 ? null : names[variable]]);
}

function compileAggregate(slot: SlotSpec & { kind: 'aggregate' }, o: MatchExprOptions): MatchEvaluator {
  const resolved = resolveAggregate(slot.name, slot.argTypes, { dialect: o.dialect, distinct: slot.distinct, ignoreNulls: false, literalArgs: [] });
  if (typeof resolved === 'string') throw new InternalError(resolved);
  const create = resolved.create;
  const mask = toMask(slot.vars, o.variables.length);
  const plain = slot.arg ? compileExpr(slot.arg) : () => 1;
  const arg = slot.usesClassifier ? withClassifier(plain, o.variables) : (row: Row) => plain(row);
  if (slot.name === 'COUNT' && !slot.distinct) {
    // COUNT needs no accumulator object per evaluation: one counter reused, small results cached.
    let n = 0;
    const count = (row: Row, variable: number) => void (arg(row, variable) !== null && n++);
    return (ctx) => {
      n = 0;
      ctx.forEachRow(mask, slot.final, count);
      return n < SMALL_BIGINTS.length ? SMALL_BIGINTS[n] : BigInt(n);
    };
  }
  let acc: Accumulator | undefined;
  const add = (row: Row, variable: number) => acc!.add(arg(row, variable));
  return (ctx) => {
    const mine = create();
    acc = mine;
    ctx.forEachRow(mask, slot.final, add);
    return mine.result();
  };
}

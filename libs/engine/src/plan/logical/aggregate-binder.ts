import { NotSupportedError, PlanError, type SourcePosition } from '@sluice/contracts';
import type { CallExpr, FrameBound, WindowSpec } from '../../sql/ast';
import { exprKey, type BoundExpr } from '../../expr/bound-expr';
import { resolveAggregate, canonicalAggregateName, isAggregateFunction } from '../../expr/aggregates/aggregate-registry';
import { Decimal } from '../../types/decimal';
import { T, type SqlType } from '../../types/sql-type';
import type { AggregateCall } from './aggregate-call';
import { ExprBinder } from './expr-binder';
import type { SortKey } from './logical-plan';
import type { FrameSpec, WindowFunctionCall } from './window-function-call';

/** Placeholder input indexes: aggregates, window functions and GROUPING() become columns later. */
export const AGG_BASE = 1_000_000;
export const WIN_BASE = 2_000_000;
export const GROUPING_BASE = 3_000_000;

/** Binds an aggregate call's arguments against the pre-aggregation scope and records it. */
export function bindAggregateCall(
  call: CallExpr,
  binder: ExprBinder,
  aggregates: AggregateCall[],
  groupingCalls: { keyExprs: BoundExpr[]; pos: SourcePosition }[],
): BoundExpr {
  // Arguments of an aggregate may not contain another aggregate or a window function.
  const inner = binder.withScope(binder.scope, { planSubquery: binder.hooks.planSubquery });
  inner.isAggregateCall = binder.isAggregateCall;
  const name = call.name.toUpperCase();
  if (name === 'GROUPING' || name === 'GROUPING_ID') {
    groupingCalls.push({ keyExprs: call.args.map((a) => inner.bind(a)), pos: call.pos });
    return { kind: 'input', index: GROUPING_BASE + groupingCalls.length - 1, type: T.int(false), name, pos: call.pos };
  }
  const agg = resolveAggregateCall(call, inner);
  const key = aggregateKey(agg);
  let index = aggregates.findIndex((a) => aggregateKey(a) === key);
  if (index < 0) {
    aggregates.push(agg);
    index = aggregates.length - 1;
  }
  return { kind: 'input', index: AGG_BASE + index, type: agg.type, name: `${name}(...)`, pos: call.pos };
}

export function resolveAggregateCall(call: CallExpr, binder: ExprBinder): AggregateCall {
  const name = canonicalAggregateName(call.name);
  let args = call.args.map((a) => binder.bind(a));
  let ignoreNulls = call.ignoreNulls;
  if (name === 'FIRST_VALUE' || name === 'LAST_VALUE') {
    // Spark: first(x, isIgnoreNull); Flink's FIRST_VALUE/LAST_VALUE always skip NULLs (FirstValueAggFunction).
    if (binder.ctx.dialect === 'spark' && args.length === 2 && args[1].kind === 'literal' && typeof args[1].value === 'boolean') {
      ignoreNulls = args[1].value || (ignoreNulls ?? false);
      args = [args[0]];
    } else if (binder.ctx.dialect === 'flink') ignoreNulls = true;
  }
  const literalArgs = args.map((a) => (a.kind === 'literal' ? a.value : undefined));
  const resolved = resolveAggregate(name, args.map((a) => a.type), {
    dialect: binder.ctx.dialect,
    distinct: call.distinct,
    ignoreNulls: ignoreNulls ?? false,
    literalArgs,
  });
  if (typeof resolved === 'string') throw new PlanError('PLAN_TYPE_MISMATCH', resolved, { position: call.pos });
  args = args.map((a, i) => (resolved.argTypes[i] ? binder.coerce(a, resolved.argTypes[i], call.pos) : a));
  const filter = call.filter ? binder.coerce(binder.bind(call.filter), T.boolean(), call.pos) : undefined;
  return { name, args, star: call.star, distinct: call.distinct, filter, ignoreNulls, type: resolved.returnType, pos: call.pos };
}

function aggregateKey(a: AggregateCall): string {
  return `${a.name}|${a.distinct}|${a.star}|${a.args.map(exprKey).join(',')}|${a.filter ? exprKey(a.filter) : ''}|${a.ignoreNulls ?? ''}`;
}

const RANKING = new Set(['ROW_NUMBER', 'RANK', 'DENSE_RANK', 'PERCENT_RANK', 'CUME_DIST', 'NTILE']);
const OFFSET_FNS = new Set(['LAG', 'LEAD', 'NTH_VALUE']);

/** Binds `f(...) OVER (...)`; aggregates inside (SUM(SUM(x)) OVER ...) stay placeholders. */
export function bindWindowCall(call: CallExpr, binder: ExprBinder, windows: WindowFunctionCall[]): BoundExpr {
  const spec = call.over!;
  if (spec.name && spec.partitionBy.length === 0 && spec.orderBy.length === 0) throw new NotSupportedError(`named windows (OVER ${spec.name})`, spec.pos);
  const name = call.name.toUpperCase();
  const partitionBy = spec.partitionBy.map((e) => binder.bind(e));
  const orderBy: SortKey[] = spec.orderBy.map((o) => ({ expr: binder.bind(o.expr), descending: o.descending, nullsFirst: o.nullsFirst ?? !o.descending }));
  const frame = frameOf(spec, binder, orderBy.length > 0, name);
  let args: BoundExpr[];
  let type: SqlType;
  const spark = binder.ctx.dialect === 'spark';
  let ignoreNulls = call.ignoreNulls ?? false;
  if (RANKING.has(name)) {
    if (orderBy.length === 0 && (name !== 'ROW_NUMBER' || spark)) throw new PlanError('PLAN_INVALID', `${name} requires ORDER BY in its window`, { position: call.pos });
    args = call.args.map((a) => binder.bind(a));
    type = name === 'PERCENT_RANK' || name === 'CUME_DIST' ? T.double(false) : spark ? T.int(false) : T.bigint(false);
  } else if (OFFSET_FNS.has(name)) {
    args = call.args.map((a) => binder.bind(a));
    if (args.length === 0) throw new PlanError('PLAN_INVALID', `${name} needs an argument`, { position: call.pos });
    if (args[1]) args[1] = binder.coerce(args[1], T.int(), call.pos);
    if (args[2]) args[2] = binder.coerce(args[2], args[0].type, call.pos);
    type = { ...args[0].type, nullable: true };
  } else if (isAggregateFunction(name) || name === 'FIRST_VALUE' || name === 'LAST_VALUE') {
    const plain = binder.withScope(binder.scope, { planSubquery: binder.hooks.planSubquery, onAggregate: binder.hooks.onAggregate });
    plain.isAggregateCall = binder.isAggregateCall;
    const agg = resolveAggregateCall({ ...call, over: undefined }, plain);
    args = [...agg.args];
    type = agg.type;
    ignoreNulls = agg.ignoreNulls ?? false;
  } else throw new PlanError('PLAN_UNKNOWN_FUNCTION', `${call.name} is not a window function`, { position: call.pos });
  windows.push({ name: canonicalAggregateName(name), args, star: call.star, distinct: call.distinct, ignoreNulls, partitionBy, orderBy, frame, type, pos: call.pos });
  return { kind: 'input', index: WIN_BASE + windows.length - 1, type, name: `${name}(...)`, pos: call.pos };
}

/** Default frame: with ORDER BY, RANGE UNBOUNDED PRECEDING .. CURRENT ROW; without, the whole partition. */
function frameOf(spec: WindowSpec, binder: ExprBinder, ordered: boolean, name: string): FrameSpec {
  if (!spec.frame || RANKING.has(name) || name === 'LAG' || name === 'LEAD') {
    return ordered ? { units: 'RANGE', start: -Infinity, end: 0 } : { units: 'ROWS', start: -Infinity, end: Infinity };
  }
  const offset = (b: FrameBound): number => {
    switch (b.kind) {
      case 'unboundedPreceding':
        return -Infinity;
      case 'unboundedFollowing':
        return Infinity;
      case 'currentRow':
        return 0;
      default: {
        const v = binder.bind(b.offset);
        if (v.type.kind === 'INTERVAL_YEAR_MONTH') throw new NotSupportedError('RANGE frames with YEAR/MONTH interval offsets', spec.pos);
        const n = v.kind === 'literal' ? (v.value instanceof Decimal ? v.value.toNumber() : Number(v.value)) : NaN;
        if (!Number.isFinite(n) || n < 0) throw new PlanError('PLAN_INVALID', 'window frame offsets must be non-negative constants', { position: spec.pos });
        return b.kind === 'preceding' ? -n : n;
      }
    }
  };
  const frame = { units: spec.frame.units, start: offset(spec.frame.start), end: offset(spec.frame.end) };
  // RANGE with value offsets (RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) measures distance in the one ORDER BY key.
  if (frame.units === 'RANGE' && (Number.isFinite(frame.start) && frame.start !== 0 || Number.isFinite(frame.end) && frame.end !== 0) && spec.orderBy.length !== 1)
    throw new PlanError('PLAN_INVALID', 'a RANGE window frame with value boundaries needs exactly one ORDER BY expression', { position: spec.pos });
  if (frame.start > frame.end) throw new PlanError('PLAN_INVALID', 'the lower bound of a window frame must be less than or equal to the upper bound', { position: spec.pos });
  return frame;
}

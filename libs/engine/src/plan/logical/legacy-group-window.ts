import { PlanError } from '@sluice/contracts';
import type { CallExpr, Expr, GroupingElement, Select } from '../../sql/ast';
import type { LogicalPlan } from './logical-plan';
import { ExprBinder } from './expr-binder';
import type { PlannerContext } from './planner-context';
import { Scope } from './scope';
import { T, type SqlType } from '../../types/sql-type';
import type { WindowSpec } from './window-tvf-node';

const WINDOWS = new Set(['TUMBLE', 'HOP', 'SESSION']);
const AUXILIARY: Record<string, string> = { START: 'window_start', END: 'window_end', ROWTIME: 'window_time', PROCTIME: 'window_time' };

export function hasLegacyGroupWindow(select: Select): boolean {
  return select.groupBy.some((g) => g.kind === 'expr' && g.expr.kind === 'call' && WINDOWS.has(g.expr.name));
}

/**
 * Flink's legacy group windows, `GROUP BY TUMBLE(ts, INTERVAL '1' HOUR)` with TUMBLE_START /
 * TUMBLE_END / TUMBLE_ROWTIME (and HOP_ / SESSION_): rewritten to the window TVF plan, so both
 * syntaxes share one implementation. Returns undefined when the SELECT has no group window.
 */
export function rewriteLegacyGroupWindow(select: Select, input: LogicalPlan, ctx: PlannerContext): { select: Select; plan: LogicalPlan } | undefined {
  const index = select.groupBy.findIndex((g) => g.kind === 'expr' && g.expr.kind === 'call' && WINDOWS.has(g.expr.name));
  if (index < 0) return undefined;
  const call = (select.groupBy[index] as { expr: CallExpr }).expr;
  const binder = new ExprBinder(new Scope(input.schema, ctx.caseSensitive), ctx.fn);
  const time = binder.bind(call.args[0]);
  if (time.kind !== 'input' || (time.type.kind !== 'TIMESTAMP' && time.type.kind !== 'TIMESTAMP_LTZ'))
    throw new PlanError('PLAN_INVALID', `the first argument of ${call.name} must be a time attribute column`, { position: call.pos });
  if (ctx.mode === 'streaming' && !time.type.timeAttribute)
    throw new PlanError('PLAN_INVALID', `'${time.name}' is not a time attribute; declare a WATERMARK for it`, { position: call.args[0].pos });
  const ms = (i: number, what: string) => {
    const v = call.args[i] ? binder.bind(call.args[i]) : undefined;
    if (!v || v.kind !== 'literal' || v.type.kind !== 'INTERVAL_DAY_TIME') throw new PlanError('PLAN_INVALID', `${call.name} needs a day-time INTERVAL literal as its ${what}`, { position: call.pos });
    return v.value as number;
  };
  let window: WindowSpec;
  if (call.name === 'TUMBLE') window = { kind: 'TUMBLE', sizeMs: ms(1, 'size'), offsetMs: call.args[2] ? ms(2, 'offset') : 0 };
  else if (call.name === 'HOP') window = { kind: 'HOP', slideMs: ms(1, 'slide'), sizeMs: ms(2, 'size'), offsetMs: 0 };
  else {
    // SESSION group windows partition by the other GROUP BY keys, as Flink's do.
    const others = select.groupBy.filter((_, i) => i !== index).flatMap((g) => (g.kind === 'expr' ? [binder.bind(g.expr)] : []));
    window = { kind: 'SESSION', gapMs: ms(1, 'gap'), partitionKeys: others };
  }
  const ltz = time.type.kind === 'TIMESTAMP_LTZ';
  const base = ltz ? T.timestampLtz(3, false) : T.timestamp(3, false);
  const bound = (windowProperty: 'start' | 'end'): SqlType => ({ ...base, windowProperty });
  const plan: LogicalPlan = {
    kind: 'windowTvf',
    input,
    window,
    timeIndex: time.index,
    schema: [
      ...input.schema.map((f) => (f.type.timeAttribute === 'rowtime' ? { ...f, type: { ...f.type, timeAttribute: undefined } } : f)),
      { name: 'window_start', type: bound('start'), hidden: true },
      { name: 'window_end', type: bound('end'), hidden: true },
      { name: 'window_time', type: { ...base, windowProperty: 'time', timeAttribute: 'rowtime' }, hidden: true },
    ],
  };
  const column = (name: string, pos: CallExpr['pos']): Expr => ({ kind: 'column', parts: [name], pos });
  const groupBy: GroupingElement[] = select.groupBy.flatMap((g, i) =>
    i === index ? ['window_start', 'window_end', 'window_time'].map((n) => ({ kind: 'expr' as const, expr: column(n, call.pos) })) : [g],
  );
  const rewrite = (e: Expr): Expr => replaceAuxiliary(e, call.name, column);
  return {
    plan,
    select: {
      ...select,
      groupBy,
      items: select.items.map((it) => ({ ...it, expr: rewrite(it.expr), alias: it.alias ?? (auxiliaryName(it.expr, call.name) ? undefined : it.alias) })),
      having: select.having && rewrite(select.having),
    },
  };
}

function auxiliaryName(e: Expr, windowName: string): string | undefined {
  if (e.kind !== 'call' || !e.name.startsWith(`${windowName}_`)) return undefined;
  return AUXILIARY[e.name.slice(windowName.length + 1)];
}

/** TUMBLE_START(ts, ...) -> window_start, recursively through the expression. */
function replaceAuxiliary(e: Expr, windowName: string, column: (n: string, pos: CallExpr['pos']) => Expr): Expr {
  const aux = auxiliaryName(e, windowName);
  if (aux) return column(aux, e.pos);
  const r = (x: Expr) => replaceAuxiliary(x, windowName, column);
  switch (e.kind) {
    case 'call':
      return { ...e, args: e.args.map(r), filter: e.filter && r(e.filter) };
    case 'binary':
      return { ...e, left: r(e.left), right: r(e.right) };
    case 'unary':
      return { ...e, arg: r(e.arg) };
    case 'cast':
      return { ...e, expr: r(e.expr) };
    case 'case':
      return { ...e, operand: e.operand && r(e.operand), whens: e.whens.map((w) => ({ when: r(w.when), then: r(w.then) })), else: e.else && r(e.else) };
    case 'between':
      return { ...e, expr: r(e.expr), low: r(e.low), high: r(e.high) };
    case 'is':
      return { ...e, expr: r(e.expr) };
    default:
      return e;
  }
}

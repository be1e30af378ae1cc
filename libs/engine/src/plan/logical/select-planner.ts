import { PlanError, type SourcePosition } from '@sluice/contracts';
import type { CallExpr, Expr, GroupingElement, OrderItem, Query, Select } from '../../sql/ast';
import type { Field } from '../../catalog/schema';
import { exprKey, transformExpr, type BoundExpr } from '../../expr/bound-expr';
import { isAggregateFunction } from '../../expr/aggregates/aggregate-registry';
import { T, formatType } from '../../types/sql-type';
import { bindAggregateCall, bindWindowCall, AGG_BASE, WIN_BASE, GROUPING_BASE } from './aggregate-binder';
import { ExprBinder, type BindHooks } from './expr-binder';
import type { AggregateCall } from './aggregate-call';
import type { LogicalPlan, SortKey } from './logical-plan';
import { defaultColumnName, sparkSql } from './output-names';
import { substituteAliases } from './alias-substitution';
import { resolveNamedWindow } from './named-windows';
import { planLimit } from './query-planner-support';
import { hasLegacyGroupWindow, rewriteLegacyGroupWindow } from './legacy-group-window';
import { Scope } from './scope';
import type { SubPlanner } from './sub-planner';
import type { WindowFunctionCall } from './window-function-call';

export interface QueryTail {
  readonly orderBy: readonly OrderItem[];
  readonly limit?: Query['limit'];
  readonly offset?: Query['offset'];
}

interface Item {
  readonly bound: BoundExpr;
  readonly name: string;
  readonly ast?: Expr;
}

/**
 * One SELECT block, in SQL's logical order: FROM, WHERE, GROUP BY + aggregates, HAVING,
 * window functions, QUALIFY, SELECT list, DISTINCT, ORDER BY, LIMIT/OFFSET.
 */
export function planSelect(p: SubPlanner, original: Select, outer?: Scope, tail: QueryTail = { orderBy: [] }): LogicalPlan {
  const ctx = p.ctx;
  let select = original;
  let plan: LogicalPlan = select.from ? p.planFrom(select.from, outer) : { kind: 'values', rows: [[]], schema: [] };
  if (hasLegacyGroupWindow(select)) {
    const input: LogicalPlan = select.where ? { kind: 'filter', input: plan, predicate: bindWhere(p, plan, select, outer), schema: plan.schema } : plan;
    const legacy = rewriteLegacyGroupWindow(select, input, ctx)!;
    select = { ...legacy.select, where: undefined };
    plan = legacy.plan;
  }
  const fromScope = new Scope(plan.schema, ctx.caseSensitive, outer);
  const planSubquery: BindHooks['planSubquery'] = (query, scope) => {
    const before = scope.innerRefs;
    const sub = p.planQuery(query, scope);
    return { plan: sub, types: sub.schema.filter((f) => !f.hidden).map((f) => f.type), correlated: scope.innerRefs !== before };
  };
  const plain = new ExprBinder(fromScope, ctx.fn, { planSubquery });
  plain.isAggregateCall = isAggregateLike;

  if (select.where) plan = { kind: 'filter', input: plan, predicate: condition(plain.bind(select.where), 'WHERE'), schema: plan.schema };

  // Aggregates and window functions become placeholders now and columns of their nodes later.
  const aggregates: AggregateCall[] = [];
  const groupingCalls: { keyExprs: BoundExpr[]; pos: SourcePosition }[] = [];
  const windows: WindowFunctionCall[] = [];
  const hooks: BindHooks = {
    planSubquery,
    onAggregate: (call, b) => bindAggregateCall(call, b, aggregates, groupingCalls),
    onWindowFunction: (call, b) => bindWindowCall(resolveNamedWindow(call, select, ctx.caseSensitive), b, windows),
  };
  const binder = new ExprBinder(fromScope, ctx.fn, hooks);
  binder.isAggregateCall = isAggregateLike;

  const items = expandItems(select, binder, fromScope, ctx.fn.dialect);
  const havingAst = select.having && ctx.fn.dialect === 'spark' ? substituteAliases(select.having, (name) => selectAlias(name, items, fromScope, select.pos)) : select.having;
  const having = havingAst ? condition(binder.bind(havingAst), 'HAVING') : undefined;
  const qualify = select.qualify ? binder.coerce(binder.bind(select.qualify), T.boolean()) : undefined;
  const orderAsts = tail.orderBy.map((o) => resolveOrderTarget(o, items, ctx.caseSensitive));
  const orderBound = orderAsts.map((t) => (typeof t === 'number' ? undefined : binder.bind(t.expr)));

  const grouped = select.groupBy.length > 0 || aggregates.length > 0 || groupingCalls.length > 0 || having !== undefined;
  let post = (e: BoundExpr) => e;
  if (grouped) {
    const { keys, sets } = bindGroupBy(select.groupBy, plain, items, ctx.fn.dialect);
    const gidWidth = sets ? 1 : 0;
    const keyIndex = new Map(keys.map((k, i) => [exprKey(k), i]));
    const schema: Field[] = [
      ...keys.map((k, i) => ({ name: k.kind === 'input' ? k.name : `$key${i}`, type: sets ? { ...k.type, nullable: true } : k.type, qualifier: k.kind === 'input' ? fromScope.fields[k.index]?.qualifier : undefined })),
      ...(sets ? [{ name: '$grouping_id', type: T.bigint(false), hidden: true }] : []),
      ...aggregates.map((a, i) => ({ name: `$agg${i}`, type: a.type })),
    ];
    plan = { kind: 'aggregate', input: plan, keys, aggregates, groupingSets: sets, schema };
    const aggSchema = schema;
    post = (e) =>
      transformExpr(e, (n) => {
        if (n.kind !== 'input' && n.kind !== 'outer' && n.kind !== 'literal') {
          const k = keyIndex.get(exprKey(n));
          if (k !== undefined) return { kind: 'input', index: k, type: aggSchema[k].type, name: aggSchema[k].name, pos: n.pos };
        }
        if (n.kind !== 'input') return undefined;
        if (n.index >= GROUPING_BASE) {
          // Without grouping sets every key is always grouped: GROUPING(...) is 0.
          if (!sets && ctx.fn.dialect === 'spark') throw new PlanError('PLAN_INVALID', 'grouping()/grouping_id() can only be used with GroupingSets/Cube/Rollup', { position: n.pos });
          if (!sets) return { kind: 'literal', value: 0, type: T.int(false), pos: n.pos };
          return groupingExpr(groupingCalls[n.index - GROUPING_BASE], keyIndex, keys.length, n.pos);
        }
        if (n.index >= AGG_BASE && n.index < WIN_BASE) {
          const i = keys.length + gidWidth + (n.index - AGG_BASE);
          return { kind: 'input', index: i, type: aggSchema[i].type, name: aggSchema[i].name, pos: n.pos };
        }
        if (n.index >= WIN_BASE) return n;
        const k = keyIndex.get(exprKey(n));
        if (k !== undefined) return { kind: 'input', index: k, type: aggSchema[k].type, name: aggSchema[k].name, pos: n.pos };
        throw new PlanError('PLAN_INVALID', `column '${n.name}' must appear in the GROUP BY clause or be used in an aggregate function`, { position: n.pos });
      });
    if (having) plan = { kind: 'filter', input: plan, predicate: post(having), schema: plan.schema };
  }

  if (windows.length > 0) {
    const width = plan.schema.length;
    const calls = windows.map((w) => ({
      ...w,
      args: w.args.map(post),
      partitionBy: w.partitionBy.map(post),
      orderBy: w.orderBy.map((k) => ({ ...k, expr: post(k.expr) })),
    }));
    plan = { kind: 'overWindow', input: plan, calls, schema: [...plan.schema, ...calls.map((c, i) => ({ name: `$win${i}`, type: c.type, hidden: true }))] };
    const inner = post;
    post = (e) =>
      transformExpr(inner(e), (n) =>
        n.kind === 'input' && n.index >= WIN_BASE && n.index < GROUPING_BASE
          ? { kind: 'input', index: width + n.index - WIN_BASE, type: n.type, name: n.name, pos: n.pos }
          : undefined,
      );
  }
  if (qualify) plan = { kind: 'filter', input: plan, predicate: post(qualify), schema: plan.schema };

  // SELECT list, plus hidden columns for ORDER BY expressions that are not selected.
  const exprs = items.map((i) => post(i.bound));
  const schema: Field[] = items.map((it, i) => ({ name: it.name, type: exprs[i].type, qualifier: it.bound.kind === 'input' ? fromScope.fields[it.bound.index]?.qualifier : undefined }));
  const sortKeys: SortKey[] = [];
  orderAsts.forEach((target, i) => {
    const o = tail.orderBy[i];
    const direction = { descending: o.descending, nullsFirst: o.nullsFirst ?? !o.descending };
    let index = typeof target === 'number' ? target : exprs.findIndex((e) => exprKey(e) === exprKey(post(orderBound[i]!)));
    if (index < 0) {
      if (select.distinct) throw new PlanError('PLAN_INVALID', 'with SELECT DISTINCT, ORDER BY expressions must appear in the select list', { position: o.pos });
      exprs.push(post(orderBound[i]!));
      schema.push({ name: `$order${i}`, type: exprs[exprs.length - 1].type, hidden: true });
      index = exprs.length - 1;
    }
    sortKeys.push({ expr: { kind: 'input', index, type: schema[index].type, name: schema[index].name }, ...direction });
  });
  plan = { kind: 'project', input: plan, exprs, schema };
  if (select.distinct) plan = { kind: 'aggregate', input: plan, keys: schema.map((f, i) => ({ kind: 'input', index: i, type: f.type, name: f.name })), aggregates: [], schema };
  if (sortKeys.length > 0) plan = { kind: 'sort', input: plan, keys: sortKeys, schema: plan.schema };
  if (schema.some((f) => f.hidden)) {
    const visible = schema.map((f, i) => [f, i] as const).filter(([f]) => !f.hidden);
    plan = { kind: 'project', input: plan, exprs: visible.map(([f, i]) => ({ kind: 'input', index: i, type: f.type, name: f.name })), schema: visible.map(([f]) => f) };
  }
  return planLimit(plan, tail, ctx, outer);
}

/** WHERE of a SELECT with a legacy group window: applied before windowing. */
function bindWhere(p: SubPlanner, plan: LogicalPlan, select: Select, outer?: Scope): BoundExpr {
  const binder = new ExprBinder(new Scope(plan.schema, p.ctx.caseSensitive, outer), p.ctx.fn, {
    planSubquery: (query, scope) => {
      const sub = p.planQuery(query, scope);
      return { plan: sub, types: sub.schema.map((f) => f.type), correlated: true };
    },
  });
  binder.isAggregateCall = isAggregateLike;
  return binder.coerce(binder.bind(select.where!), T.boolean());
}

/** WHERE and HAVING take a BOOLEAN (or NULL); neither dialect converts other types implicitly there. */
function condition(e: BoundExpr, clause: string): BoundExpr {
  if (e.type.kind !== 'BOOLEAN' && e.type.kind !== 'NULL')
    throw new PlanError('PLAN_TYPE_MISMATCH', `the ${clause} condition must be BOOLEAN, got ${formatType(e.type)}`, { position: e.pos });
  return e.type.kind === 'NULL' ? { kind: 'literal', value: null, type: T.boolean(), pos: e.pos } : e;
}

/** Spark: a name that is not a column of the FROM clause may be a SELECT-list alias. */
function selectAlias(name: string, items: Item[], scope: Scope, pos: SourcePosition): Expr | undefined {
  if (scope.tryResolve([name], pos)) return undefined;
  return items.find((it) => it.ast && it.name.toLowerCase() === name.toLowerCase())?.ast;
}

function isAggregateLike(e: CallExpr): boolean {
  const n = e.name.toUpperCase();
  return isAggregateFunction(n) || n === 'GROUPING' || n === 'GROUPING_ID';
}

function expandItems(select: Select, binder: ExprBinder, scope: Scope, dialect: 'flink' | 'spark'): Item[] {
  const items: Item[] = [];
  select.items.forEach((item) => {
    if (item.expr.kind === 'star') {
      const q = item.expr.qualifier;
      const matches = scope.fields
        .map((f, i) => [f, i] as const)
        .filter(([f]) => !f.hidden && (!q || (f.qualifier !== undefined && (scope.caseSensitive ? f.qualifier === q[q.length - 1] : f.qualifier.toLowerCase() === q[q.length - 1].toLowerCase()))));
      if (q && matches.length === 0) throw new PlanError('PLAN_UNKNOWN_TABLE', `unknown table alias '${q.join('.')}' in ${q.join('.')}.*`, { position: item.pos });
      for (const [f, i] of matches) items.push({ bound: { kind: 'input', index: i, type: f.type, name: f.name }, name: f.name });
      return;
    }
    // A window named in the WINDOW clause shows its full specification in Spark's column name.
    const named = item.expr.kind === 'call' && item.expr.over?.name ? resolveNamedWindow(item.expr, select, dialect === 'flink') : item.expr;
    const bound = binder.bind(item.expr);
    // Spark resolves `AMOUNT` to the attribute `Amount` and keeps the attribute's own name.
    const columnName = dialect === 'spark' && item.expr.kind === 'column' && bound.kind === 'input' && bound.index < AGG_BASE ? bound.name : undefined;
    items.push({ bound, name: item.alias ?? columnName ?? defaultColumnName(named, items.length, dialect), ast: item.expr });
  });
  return items;
}

/** ORDER BY target: a select-list position (number) or an expression to bind. */
function resolveOrderTarget(o: OrderItem, items: Item[], caseSensitive: boolean): number | { expr: Expr } {
  if (o.expr.kind === 'literal' && o.expr.literal === 'number' && /^\d+$/.test(String(o.expr.value))) {
    const i = Number(o.expr.value) - 1;
    if (i < 0 || i >= items.length) throw new PlanError('PLAN_INVALID', `ORDER BY position ${i + 1} is not in the select list (1..${items.length})`, { position: o.pos });
    return i;
  }
  if (o.expr.kind === 'column' && o.expr.parts.length === 1) {
    const name = o.expr.parts[0];
    const same = (a: string) => (caseSensitive ? a === name : a.toLowerCase() === name.toLowerCase());
    // An output name wins (SELECT b AS a ... ORDER BY a sorts by b); a plain column under its own name binds as usual.
    const aliased = items.findIndex((it) => same(it.name) && !(it.ast?.kind === 'column' && same(it.ast.parts[it.ast.parts.length - 1])));
    if (aliased >= 0) return aliased;
  }
  return { expr: o.expr };
}

function bindGroupBy(elements: readonly GroupingElement[], binder: ExprBinder, items: Item[], dialect: 'flink' | 'spark') {
  const keys: BoundExpr[] = [];
  const indexOf = (e: Expr): number => {
    let bound: BoundExpr;
    if (dialect === 'spark' && e.kind === 'literal' && e.literal === 'number' && /^\d+$/.test(String(e.value))) {
      const i = Number(e.value) - 1;
      if (i < 0 || i >= items.length) throw new PlanError('PLAN_INVALID', `GROUP BY position ${i + 1} is not in the select list`, { position: e.pos });
      bound = items[i].bound;
    } else if (dialect === 'spark' && e.kind === 'column' && e.parts.length === 1 && !binder.scope.tryResolve(e.parts, e.pos)) {
      const item = items.find((it) => it.name.toLowerCase() === e.parts[0].toLowerCase());
      if (item && hasAggregate(item.bound)) throw new PlanError('PLAN_INVALID', `aggregate functions are not allowed in GROUP BY, but found ${item.ast ? sparkSql(item.ast) : item.name}`, { position: e.pos });
      bound = item ? item.bound : binder.bind(e);
    } else bound = binder.bind(e);
    const key = exprKey(bound);
    const existing = keys.findIndex((k) => exprKey(k) === key);
    if (existing >= 0) return existing;
    keys.push(bound);
    return keys.length - 1;
  };
  let sets: number[][] | undefined;
  const product = (acc: number[][], next: number[][]) => acc.flatMap((a) => next.map((b) => [...new Set([...a, ...b])]));
  let combined: number[][] = [[]];
  let hasSets = false;
  for (const el of elements) {
    if (el.kind === 'expr') combined = product(combined, [[indexOf(el.expr)]]);
    else {
      hasSets = true;
      if (el.kind === 'sets') el.declared?.forEach(indexOf);
      if (el.kind === 'sets') combined = product(combined, el.sets.map((s) => s.map(indexOf)));
      else {
        const idx = el.exprs.map(indexOf);
        const expanded =
          el.kind === 'rollup'
            ? idx.map((_, i) => idx.slice(0, idx.length - i)).concat([[]])
            : Array.from({ length: 1 << idx.length }, (_, mask) => idx.filter((_, b) => !(mask & (1 << (idx.length - 1 - b))))).reverse();
        combined = product(combined, expanded);
      }
    }
  }
  if (hasSets) sets = combined;
  return { keys, sets };
}

function hasAggregate(e: BoundExpr): boolean {
  let found = false;
  transformExpr(e, (n) => {
    if (n.kind === 'input' && n.index >= AGG_BASE) found = true;
    return undefined;
  });
  return found;
}

/** GROUPING(a, b): bit i set when key i is aggregated away in the current grouping set. */
function groupingExpr(call: { keyExprs: BoundExpr[]; pos: SourcePosition }, keyIndex: Map<string, number>, keyCount: number, pos?: SourcePosition): BoundExpr {
  // No arguments (Spark's grouping__id): every GROUP BY key.
  const positions = call.keyExprs.length === 0 ? Array.from({ length: keyCount }, (_, i) => i) : call.keyExprs.map((e) => {
    const k = keyIndex.get(exprKey(e));
    if (k === undefined) throw new PlanError('PLAN_INVALID', 'arguments of GROUPING must be GROUP BY expressions', { position: call.pos });
    return k;
  });
  const gid: BoundExpr = { kind: 'input', index: keyCount, type: T.bigint(false), name: '$grouping_id' };
  const impl = (id: unknown) => {
    let r = 0;
    for (const k of positions) r = (r << 1) | Number(((id as bigint) >> BigInt(keyCount - 1 - k)) & 1n);
    return r;
  };
  // The key positions are part of the name: GROUPING(a) and GROUPING(b) must not look alike to exprKey.
  return { kind: 'call', name: `GROUPING[${positions.join(',')}]`, fn: { returnType: T.int(false), impl }, args: [gid], type: T.int(false), pos };
}

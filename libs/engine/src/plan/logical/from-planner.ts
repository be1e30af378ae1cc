import { NotSupportedError, PlanError, type SourcePosition } from '@sluice/contracts';
import type { Expr, FromItem, JoinItem, TableRef } from '../../sql/ast';
import type { Field, Schema } from '../../catalog/schema';
import type { TableDefinition } from '../../catalog/table-definition';
import { inputRefsOf, transformExpr, type BoundExpr } from '../../expr/bound-expr';
import { commonSuperType } from '../../types/type-coercion';
import { ExprBinder } from './expr-binder';
import type { JoinKind, LogicalPlan } from './logical-plan';
import { nameKey } from './planner-context';
import { renameColumns, requalify } from './query-planner-support';
import { Scope } from './scope';
import type { SubPlanner } from './sub-planner';
import { planWindowTvf } from './window-tvf-planner';
import { planRange } from './range-planner';
import { planMatchRecognize } from './match-recognize-planner';
import { parseDurationMs } from '@sluice/contracts';

/** FROM items: tables, views, CTEs, subqueries, VALUES and joins. */
export function planFromItem(p: SubPlanner, from: FromItem, outer?: Scope): LogicalPlan {
  switch (from.kind) {
    case 'table':
      return planTableRef(p, from, outer);
    case 'subquery': {
      if (from.lateral) throw new NotSupportedError('LATERAL subqueries', from.pos);
      let plan = p.planQuery(from.query, outer);
      if (from.alias?.columns) plan = renameColumns(plan, from.alias.columns, from.pos);
      return from.alias ? requalify(plan, from.alias.name) : requalify(plan, '');
    }
    case 'values':
      return planValues(p, from.rows, from.pos, from.alias?.name, from.alias?.columns, outer);
    case 'join':
      return planJoin(p, from, outer);
    case 'tvf':
      return from.name === 'RANGE' && p.ctx.fn.dialect === 'spark' ? planRange(p, from) : planWindowTvf(p, from);
    case 'matchRecognize':
      return planMatchRecognize(p, from, outer);
  }
}

function planTableRef(p: SubPlanner, from: TableRef, outer?: Scope): LogicalPlan {
  if (from.forSystemTimeAsOf) return planLookupTable(p, from);
  const alias = from.alias?.name ?? from.name[from.name.length - 1];
  let plan: LogicalPlan | undefined;
  if (from.name.length === 1) {
    const key = nameKey(p.ctx, from.name[0]);
    for (let i = p.ctx.ctes.length - 1; i >= 0 && !plan; i--) plan = p.ctx.ctes[i].get(key)?.plan;
  }
  if (!plan) {
    const entry = p.ctx.catalog.lookup(from.name);
    if (!entry) {
      const known = p.ctx.catalog.names();
      throw new PlanError('PLAN_UNKNOWN_TABLE', `unknown table '${from.name.join('.')}'${known.length ? ` (known: ${known.join(', ')})` : ''}`, { position: from.pos });
    }
    if (entry.kind === 'view') {
      plan = p.planQuery(entry.view.query);
      if (entry.view.columns) plan = renameColumns(plan, entry.view.columns, from.pos);
    } else plan = planScan(p, entry.table, from.pos);
  }
  if (from.alias?.columns) plan = renameColumns(plan, from.alias.columns, from.pos);
  void outer;
  return requalify(plan, alias);
}

/**
 * `dim FOR SYSTEM_TIME AS OF s.proc_time`: a processing-time lookup of a declared table (Flink's
 * lookup join). The AS OF expression is checked when the join condition is planned.
 */
function planLookupTable(p: SubPlanner, from: TableRef): LogicalPlan {
  const entry = p.ctx.catalog.lookup(from.name);
  if (!entry || entry.kind !== 'table') throw new PlanError('PLAN_UNKNOWN_TABLE', `FOR SYSTEM_TIME AS OF needs a declared table, '${from.name.join('.')}' is not one`, { position: from.pos });
  const scan: LogicalPlan = { kind: 'scan', table: entry.table, lookup: true, schema: entry.table.columns.filter((c) => !c.computed).map((c) => ({ name: c.name, type: c.type, qualifier: entry.table.name })), pos: from.pos };
  return requalify(scan, from.alias?.name ?? from.name[from.name.length - 1]);
}

/** Scan of a declared table, plus a projection for its computed columns and its watermark. */
export function planScan(p: SubPlanner, table: TableDefinition, pos: SourcePosition): LogicalPlan {
  const physical = table.columns.filter((c) => !c.computed);
  const rowtime = table.watermark?.column;
  const same = (a: string, b: string) => (p.ctx.caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase());
  const withTime = (name: string, type: Field['type']): Field['type'] => (rowtime && same(name, rowtime) ? { ...type, timeAttribute: 'rowtime' } : type);
  const scanSchema: Schema = physical.map((c) => ({ name: c.name, type: withTime(c.name, c.type), qualifier: table.name }));
  let plan: LogicalPlan = { kind: 'scan', table, schema: scanSchema, pos };
  if (physical.length !== table.columns.length) {
    const binder = new ExprBinder(new Scope(scanSchema, p.ctx.caseSensitive), p.ctx.fn);
    const exprs: BoundExpr[] = [];
    const schema: Field[] = [];
    for (const c of table.columns) {
      const e: BoundExpr = c.computed ? binder.bind(c.computed) : { kind: 'input', index: physical.indexOf(c), type: c.type, name: c.name };
      exprs.push(e);
      schema.push({ name: c.name, type: withTime(c.name, e.type), qualifier: table.name });
    }
    plan = { kind: 'project', input: plan, exprs, schema };
  }
  if (!table.watermark) return plan;
  const scope = new Scope(plan.schema, p.ctx.caseSensitive);
  const rowtimeIndex = scope.resolve([table.watermark.column], table.watermark.pos).index;
  const rowtimeType = plan.schema[rowtimeIndex].type;
  if (rowtimeType.kind !== 'TIMESTAMP' && rowtimeType.kind !== 'TIMESTAMP_LTZ')
    throw new PlanError('PLAN_TYPE_MISMATCH', `watermark column '${table.watermark.column}' must be TIMESTAMP(3) or TIMESTAMP_LTZ(3), it is ${rowtimeType.kind}`, { position: table.watermark.pos });
  const expr = new ExprBinder(scope, p.ctx.fn).bind(table.watermark.expr);
  if (expr.type.kind !== rowtimeType.kind) throw new PlanError('PLAN_TYPE_MISMATCH', `the watermark expression must return ${rowtimeType.kind}`, { position: table.watermark.pos });
  const idle = table.options.get('scan.watermark.idle-timeout') ?? p.ctx.options?.get('table.exec.source.idle-timeout');
  return { kind: 'watermark', input: plan, rowtimeIndex, expr, idleTimeoutMs: parseDurationMs(idle) ?? 0, tableName: table.name, schema: plan.schema };
}


export function planValues(
  p: SubPlanner,
  rows: readonly (readonly Expr[])[],
  pos: SourcePosition,
  alias: string | undefined,
  columns: readonly string[] | undefined,
  outer?: Scope,
): LogicalPlan {
  const binder = new ExprBinder(new Scope([], p.ctx.caseSensitive, outer), p.ctx.fn);
  const bound = rows.map((r) => r.map((e) => binder.bind(e)));
  const width = bound[0]?.length ?? 0;
  if (bound.some((r) => r.length !== width)) throw new PlanError('PLAN_INVALID', 'all VALUES rows must have the same number of columns', { position: pos });
  const types = Array.from({ length: width }, (_, i) => {
    const t = commonSuperType(bound.map((r) => r[i].type), p.ctx.fn.dialect);
    if (!t) throw new PlanError('PLAN_TYPE_MISMATCH', `VALUES column ${i + 1} has no common type`, { position: pos });
    return t;
  });
  const names = columns ?? types.map((_, i) => (p.ctx.fn.dialect === 'spark' ? `col${i + 1}` : `EXPR$${i}`));
  if (names.length !== width) throw new PlanError('PLAN_INVALID', `${names.length} column names for ${width} VALUES columns`, { position: pos });
  const schema: Schema = types.map((type, i) => ({ name: names[i], type, qualifier: alias }));
  return { kind: 'values', rows: bound.map((r) => r.map((e, i) => binder.coerce(e, types[i], pos))), schema };
}

function planJoin(p: SubPlanner, join: JoinItem, outer?: Scope): LogicalPlan {
  const left = p.planFrom(join.left, outer);
  const right = p.planFrom(join.right, outer);
  const joinType: JoinKind = join.type === 'CROSS' ? 'INNER' : join.type === 'LEFT SEMI' ? 'SEMI' : join.type === 'LEFT ANTI' ? 'ANTI' : join.type;
  const nullableLeft = joinType === 'RIGHT' || joinType === 'FULL';
  const nullableRight = joinType === 'LEFT' || joinType === 'FULL';
  const using = join.natural ? naturalColumns(p, left.schema, right.schema) : join.using;
  const rightSchema = right.schema.map((f) => ({
    ...f,
    type: nullableRight ? { ...f.type, nullable: true } : f.type,
    hidden: f.hidden || (using ?? []).some((u) => same(p, u, f.name)),
  }));
  const leftSchema = left.schema.map((f) => (nullableLeft ? { ...f, type: { ...f.type, nullable: true } } : f));
  const joined: Schema = [...leftSchema, ...rightSchema];
  const binder = new ExprBinder(new Scope(joined, p.ctx.caseSensitive, outer), p.ctx.fn);
  let condition: BoundExpr | undefined;
  if (join.on) condition = binder.coerce(binder.bind(join.on), { kind: 'BOOLEAN', nullable: true }, join.pos);
  else if (using) {
    const parts = using.map((u) => {
      const li = left.schema.findIndex((f) => same(p, f.name, u));
      const ri = right.schema.findIndex((f) => same(p, f.name, u));
      if (li < 0 || ri < 0) throw new PlanError('PLAN_UNKNOWN_COLUMN', `USING column '${u}' is not in both inputs`, { position: join.pos });
      const l: BoundExpr = { kind: 'input', index: li, type: leftSchema[li].type, name: u };
      const r: BoundExpr = { kind: 'input', index: left.schema.length + ri, type: rightSchema[ri].type, name: u };
      return binder.compare('=', l, r, join.pos);
    });
    condition = parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : binder.and(parts, join.pos);
  }
  const { leftKeys, rightKeys, nullSafe, residual } = splitEquiKeys(condition, left.schema.length, binder);
  const schema = joinType === 'SEMI' || joinType === 'ANTI' ? left.schema : joined;
  const node: LogicalPlan = { kind: 'join', joinType, left, right, leftKeys, rightKeys, nullSafe, residual, schema };
  if (using && (joinType === 'RIGHT' || joinType === 'FULL')) return coalesceUsingColumns(p, node, using, left.schema.length);
  return node;
}

function same(p: SubPlanner, a: string, b: string): boolean {
  return p.ctx.caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
}

function naturalColumns(p: SubPlanner, left: Schema, right: Schema): string[] {
  return left.filter((l) => !l.hidden && right.some((r) => same(p, r.name, l.name))).map((f) => f.name);
}

/** RIGHT/FULL JOIN USING: the visible join column is COALESCE(left.c, right.c). */
function coalesceUsingColumns(p: SubPlanner, join: LogicalPlan, using: readonly string[], leftWidth: number): LogicalPlan {
  const binder = new ExprBinder(new Scope(join.schema, p.ctx.caseSensitive), p.ctx.fn);
  const exprs: BoundExpr[] = join.schema.map((f, i) => {
    const ref: BoundExpr = { kind: 'input', index: i, type: f.type, name: f.name };
    if (i >= leftWidth || !using.some((u) => same(p, u, f.name))) return ref;
    const ri = join.schema.findIndex((g, j) => j >= leftWidth && same(p, g.name, f.name));
    return binder.callFunction('COALESCE', [ref, { kind: 'input', index: ri, type: join.schema[ri].type, name: f.name }], { line: 0, column: 0 });
  });
  return { kind: 'project', input: join, exprs, schema: join.schema.map((f, i) => ({ ...f, type: exprs[i].type })) };
}

/**
 * Splits a join condition into equi-join keys (left expr = right expr, each side using only its
 * own input) and a residual predicate. Keys make the join a hash join; the residual is checked
 * on each candidate pair.
 */
export function splitEquiKeys(condition: BoundExpr | undefined, leftWidth: number, binder: ExprBinder) {
  const leftKeys: BoundExpr[] = [];
  const rightKeys: BoundExpr[] = [];
  const nullSafe: boolean[] = [];
  const rest: BoundExpr[] = [];
  const conjuncts = !condition ? [] : condition.kind === 'and' ? condition.args : [condition];
  for (const c of conjuncts) {
    if (c.kind === 'compare' && (c.op === '=' || c.op === '<=>')) {
      const l = inputRefsOf(c.left);
      const r = inputRefsOf(c.right);
      const onlyLeft = (s: Set<number>) => s.size > 0 && [...s].every((i) => i < leftWidth);
      const onlyRight = (s: Set<number>) => s.size > 0 && [...s].every((i) => i >= leftWidth);
      if (onlyLeft(l) && onlyRight(r)) {
        leftKeys.push(c.left);
        rightKeys.push(shift(c.right, -leftWidth));
        nullSafe.push(c.op === '<=>');
        continue;
      }
      if (onlyRight(l) && onlyLeft(r)) {
        leftKeys.push(c.right);
        rightKeys.push(shift(c.left, -leftWidth));
        nullSafe.push(c.op === '<=>');
        continue;
      }
    }
    rest.push(c);
  }
  const residual = rest.length === 0 ? undefined : rest.length === 1 ? rest[0] : binder.and(rest, rest[0].pos ?? { line: 0, column: 0 });
  return { leftKeys, rightKeys, nullSafe, residual };
}

function shift(e: BoundExpr, delta: number): BoundExpr {
  return transformExpr(e, (n) => (n.kind === 'input' ? { ...n, index: n.index + delta } : undefined));
}

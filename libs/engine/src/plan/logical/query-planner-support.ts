import { PlanError } from '@sluice/contracts';
import type { Query } from '../../sql/ast';
import type { Schema } from '../../catalog/schema';
import type { BoundExpr } from '../../expr/bound-expr';
import { ExprBinder } from './expr-binder';
import type { LogicalPlan } from './logical-plan';
import type { PlannerContext } from './planner-context';
import { Scope } from './scope';

/** Adds a projection casting each column to the target schema's type when they differ. */
export function castTo(plan: LogicalPlan, schema: Schema, ctx: PlannerContext): LogicalPlan {
  const binder = new ExprBinder(new Scope(plan.schema, ctx.caseSensitive), ctx.fn);
  let changed = false;
  const exprs = plan.schema.map((f, i) => {
    const ref: BoundExpr = { kind: 'input', index: i, type: f.type, name: f.name };
    const cast = binder.coerce(ref, schema[i].type);
    if (cast !== ref) changed = true;
    return cast;
  });
  if (!changed) return plan;
  return { kind: 'project', input: plan, exprs, schema: plan.schema.map((f, i) => ({ ...f, type: exprs[i].type })) };
}

export function renameColumns(plan: LogicalPlan, names: readonly string[], pos: Query['pos']): LogicalPlan {
  if (names.length !== plan.schema.length)
    throw new PlanError('PLAN_INVALID', `${names.length} column names given for ${plan.schema.length} columns`, { position: pos });
  const exprs: BoundExpr[] = plan.schema.map((f, i) => ({ kind: 'input', index: i, type: f.type, name: f.name }));
  return { kind: 'project', input: plan, exprs, schema: plan.schema.map((f, i) => ({ ...f, name: names[i] })) };
}

/** Gives every visible column the qualifier `alias` (FROM x AS alias). */
export function requalify(plan: LogicalPlan, alias: string): LogicalPlan {
  const schema = plan.schema.filter((f) => !f.hidden).map((f) => ({ name: f.name, type: f.type, qualifier: alias }));
  if (schema.length === plan.schema.length) return { ...plan, schema } as LogicalPlan;
  const exprs: BoundExpr[] = [];
  plan.schema.forEach((f, i) => {
    if (!f.hidden) exprs.push({ kind: 'input', index: i, type: f.type, name: f.name });
  });
  return { kind: 'project', input: plan, exprs, schema };
}

export function planLimit(plan: LogicalPlan, query: Pick<Query, 'limit' | 'offset'>, ctx: PlannerContext, outer?: Scope): LogicalPlan {
  if (!query.limit && !query.offset) return plan;
  const constant = (e: Query['limit'], what: string): number | undefined => {
    if (!e) return undefined;
    const bound = new ExprBinder(new Scope([], ctx.caseSensitive, outer), ctx.fn).bind(e);
    const v = bound.kind === 'literal' ? bound.value : undefined;
    const n = typeof v === 'bigint' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new PlanError('PLAN_INVALID', `${what} must be a non-negative integer constant`, { position: e.pos });
    return n;
  };
  return { kind: 'limit', input: plan, limit: constant(query.limit, 'LIMIT'), offset: constant(query.offset, 'OFFSET') ?? 0, schema: plan.schema };
}

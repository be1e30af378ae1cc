import { PlanError } from '@sluice/contracts';
import type { FromItem, Query, QueryBody, Select } from '../../sql/ast';
import type { Schema } from '../../catalog/schema';
import type { BoundExpr } from '../../expr/bound-expr';
import { commonSuperType } from '../../types/type-coercion';
import { formatType } from '../../types/sql-type';
import { ExprBinder } from './expr-binder';
import { planFromItem } from './from-planner';
import type { LogicalPlan, SortKey } from './logical-plan';
import { nameKey, type PlannerContext } from './planner-context';
import { castTo, planLimit, renameColumns, requalify } from './query-planner-support';
import { Scope } from './scope';
import { planSelect } from './select-planner';
import type { SubPlanner } from './sub-planner';

/** AST -> logical plan for queries: CTEs, set operations, VALUES, ORDER BY / LIMIT / OFFSET. */
export class QueryPlanner implements SubPlanner {
  constructor(readonly ctx: PlannerContext) {}

  planQuery(query: Query, outer?: Scope): LogicalPlan {
    const frame = new Map<string, { plan: LogicalPlan }>();
    this.ctx.ctes.push(frame);
    try {
      for (const cte of query.with) {
        let plan = this.planQuery(cte.query, outer);
        if (cte.columns) plan = renameColumns(plan, cte.columns, cte.pos);
        plan = requalify(plan, cte.name);
        frame.set(nameKey(this.ctx, cte.name), { plan });
      }
      // ORDER BY on a single SELECT may use columns that are not selected: the select planner handles it.
      if (query.body.kind === 'select' && (query.orderBy.length > 0 || query.limit || query.offset))
        return planSelect(this, query.body, outer, { orderBy: query.orderBy, limit: query.limit, offset: query.offset });
      let plan = this.planBody(query.body, outer);
      if (query.orderBy.length > 0) plan = this.planOrderByOutput(plan, query, outer);
      return planLimit(plan, query, this.ctx, outer);
    } finally {
      this.ctx.ctes.pop();
    }
  }

  planBody(body: QueryBody, outer?: Scope): LogicalPlan {
    switch (body.kind) {
      case 'select':
        return planSelect(this, body as Select, outer);
      case 'query':
        return this.planQuery(body, outer);
      case 'values':
        return this.planFrom({ kind: 'values', rows: body.rows, pos: body.pos }, outer);
      case 'setop': {
        const left = this.planBody(body.left, outer);
        const right = this.planBody(body.right, outer);
        if (left.schema.length !== right.schema.length)
          throw new PlanError('PLAN_INVALID', `${body.op} inputs have ${left.schema.length} and ${right.schema.length} columns`, { position: body.pos });
        const types = left.schema.map((f, i) => {
          const t = commonSuperType([f.type, right.schema[i].type], this.ctx.fn.dialect);
          if (!t) throw new PlanError('PLAN_TYPE_MISMATCH', `${body.op} column ${i + 1} mixes ${formatType(f.type)} and ${formatType(right.schema[i].type)}`, { position: body.pos });
          return { ...t, nullable: f.type.nullable || right.schema[i].type.nullable };
        });
        const schema: Schema = left.schema.map((f, i) => ({ name: f.name, type: types[i] }));
        return { kind: 'setop', op: body.op, all: body.all, inputs: [castTo(left, schema, this.ctx), castTo(right, schema, this.ctx)], schema };
      }
    }
  }

  planFrom(from: FromItem, outer?: Scope): LogicalPlan {
    return planFromItem(this, from, outer);
  }

  /** ORDER BY over a set operation or VALUES: only output columns (by name or position). */
  private planOrderByOutput(plan: LogicalPlan, query: Query, outer?: Scope): LogicalPlan {
    const scope = new Scope(plan.schema, this.ctx.caseSensitive, outer);
    const binder = new ExprBinder(scope, this.ctx.fn);
    const keys: SortKey[] = query.orderBy.map((o) => {
      let expr: BoundExpr;
      if (o.expr.kind === 'literal' && o.expr.literal === 'number') {
        const i = Number(o.expr.value) - 1;
        if (!(i >= 0 && i < plan.schema.length)) throw new PlanError('PLAN_INVALID', `ORDER BY position ${i + 1} is not in the select list`, { position: o.pos });
        expr = { kind: 'input', index: i, type: plan.schema[i].type, name: plan.schema[i].name };
      } else expr = binder.bind(o.expr);
      return { expr, descending: o.descending, nullsFirst: o.nullsFirst ?? !o.descending };
    });
    return { kind: 'sort', input: plan, keys, schema: plan.schema };
  }
}



import { NotSupportedError, PlanError } from '@sluice/contracts';
import type { TableDefinition } from '../catalog/table-definition';
import type { BoundExpr } from '../expr/bound-expr';
import { ExprBinder } from '../plan/logical/expr-binder';
import { planScan } from '../plan/logical/from-planner';
import type { LogicalPlan } from '../plan/logical/logical-plan';
import type { PlannerContext } from '../plan/logical/planner-context';
import { QueryPlanner } from '../plan/logical/query-planner';
import { castTo } from '../plan/logical/query-planner-support';
import { Scope } from '../plan/logical/scope';
import type { Insert } from '../sql/ast';
import { compileExpr } from '../expr/compile-expr';

/**
 * How a batch INSERT changes its target (Spark semantics):
 * - `append`: INSERT INTO adds rows.
 * - `overwrite`: INSERT OVERWRITE first deletes the rows whose partition columns equal
 *   `staticValues` (all rows when there are none: a truncate), and, when `onlyPresentPartitions`
 *   (spark.sql.sources.partitionOverwriteMode = dynamic), only the partitions the new rows fall into.
 */
export type WriteMode =
  | { readonly kind: 'append' }
  | {
      readonly kind: 'overwrite';
      readonly staticValues: readonly { readonly column: string; readonly value: unknown }[];
      readonly partitionColumns: readonly string[];
      readonly onlyPresentPartitions: boolean;
    };

export interface PlannedInsert {
  readonly table: TableDefinition;
  /** Rows in the target's physical column order, cast to its column types. */
  readonly plan: LogicalPlan;
  readonly write: WriteMode;
}

/**
 * INSERT [INTO | OVERWRITE [TABLE]] t [PARTITION (p = value, q)] query. With static partition
 * values the query supplies the other columns, in table order, and the values fill the rest
 * (Spark's static partition insert).
 */
export function planBatchInsert(ctx: PlannerContext, s: Insert): PlannedInsert {
  const entry = ctx.catalog.lookup(s.table);
  if (!entry || entry.kind !== 'table')
    throw new PlanError('PLAN_UNKNOWN_TABLE', `INSERT target '${s.table.join('.')}' is not a table`, {
      position: s.pos,
    });
  const table = entry.table;
  if (s.columns) throw new NotSupportedError('INSERT with a column list', s.pos);
  const planner = new QueryPlanner(ctx);
  const same = (a: string, b: string) => (ctx.caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase());
  const spec = s.partition ?? [];
  for (const p of spec)
    if (!table.partitionedBy.some((c) => same(c, p.column)))
      throw new PlanError(
        'PLAN_INVALID',
        `'${p.column}' is not a partition column of '${table.name}' (declare it with PARTITIONED BY (...))`,
        { position: s.pos },
      );
  const target = planScan(planner, table, s.pos).schema.filter(
    (f) => !table.columns.find((c) => c.name === f.name)?.computed,
  );
  const binder = new ExprBinder(new Scope([], ctx.caseSensitive), ctx.fn);
  const staticValues = new Map<number, BoundExpr>();
  for (const p of spec) {
    if (!p.value) continue;
    const index = target.findIndex((f) => same(f.name, p.column));
    staticValues.set(index, binder.coerce(binder.bind(p.value), target[index].type));
  }
  let plan = planner.planQuery(s.query);
  const width = target.length - staticValues.size;
  if (plan.schema.length !== width)
    throw new PlanError(
      'PLAN_INVALID',
      `INSERT INTO ${table.name}: the query returns ${plan.schema.length} columns but ${width} are expected`,
      { position: s.pos },
    );
  if (staticValues.size > 0) {
    let next = 0;
    const exprs: BoundExpr[] = target.map(
      (f, i) =>
        staticValues.get(i) ?? {
          kind: 'input',
          index: next++,
          type: plan.schema[next - 1].type,
          name: plan.schema[next - 1].name,
        },
    );
    plan = {
      kind: 'project',
      input: plan,
      exprs,
      schema: target.map((f, i) => ({ name: f.name, type: exprs[i].type })),
    };
  }
  plan = castTo(
    plan,
    target.map((f) => ({ ...f, type: { ...f.type, nullable: true } })),
    ctx,
  );
  const names = target.map((f) => f.name);
  const partitionColumns = table.partitionedBy.map((c) => names.find((n) => same(n, c)) ?? c);
  return { table, plan, write: writeMode(ctx, s, names, partitionColumns, staticValues) };
}

function writeMode(
  ctx: PlannerContext,
  s: Insert,
  names: readonly string[],
  partitionColumns: readonly string[],
  staticValues: ReadonlyMap<number, BoundExpr>,
): WriteMode {
  if (!s.overwrite) return { kind: 'append' };
  const mode = (ctx.options?.get('spark.sql.sources.partitionOverwriteMode') ?? 'static').toLowerCase();
  if (mode !== 'static' && mode !== 'dynamic')
    throw new PlanError(
      'CONFIG_INVALID',
      `spark.sql.sources.partitionOverwriteMode must be 'static' or 'dynamic', got '${mode}'`,
      { position: s.pos },
    );
  const values = [...staticValues].map(([index, e]) => ({ column: names[index], value: compileExpr(e)([]) }));
  return {
    kind: 'overwrite',
    staticValues: values,
    partitionColumns,
    onlyPresentPartitions: mode === 'dynamic' && partitionColumns.length > 0,
  };
}

import { PlanError } from '@sluice/contracts';
import type { TableFunctionRef } from '../../sql/ast';
import { T } from '../../types/sql-type';
import { ExprBinder } from './expr-binder';
import type { LogicalPlan } from './logical-plan';
import { renameColumns, requalify } from './query-planner-support';
import { Scope } from './scope';
import type { SubPlanner } from './sub-planner';

/** Rows a range(...) may produce: the rows are materialized as constants. */
const MAX_RANGE_ROWS = 10_000_000;

/**
 * Spark's range table function: range(end), range(start, end), range(start, end, step[,
 * numPartitions]) yields one BIGINT column `id` from start (default 0) up to, not including, end.
 */
export function planRange(p: SubPlanner, tvf: TableFunctionRef): LogicalPlan {
  const binder = new ExprBinder(new Scope([], p.ctx.caseSensitive), p.ctx.fn);
  const values = tvf.args.map((a) => {
    const bound = a.kind === 'expr' ? binder.bind(a.expr) : undefined;
    if (!bound || bound.kind !== 'literal' || bound.value === null || !['TINYINT', 'SMALLINT', 'INT', 'BIGINT'].includes(bound.type.kind))
      throw new PlanError('PLAN_INVALID', 'range() takes integer literals: range(end), range(start, end[, step[, numPartitions]])', { position: tvf.pos });
    return BigInt(bound.value as number | bigint);
  });
  if (values.length < 1 || values.length > 4) throw new PlanError('PLAN_INVALID', `range() takes 1 to 4 arguments, got ${values.length}`, { position: tvf.pos });
  const [start, end, step] = values.length === 1 ? [0n, values[0], 1n] : [values[0], values[1], values[2] ?? 1n];
  if (step === 0n) throw new PlanError('PLAN_INVALID', 'the step of range() must not be 0', { position: tvf.pos });
  const count = step > 0n ? (end > start ? (end - start + step - 1n) / step : 0n) : start > end ? (start - end - step - 1n) / -step : 0n;
  if (count > BigInt(MAX_RANGE_ROWS)) throw new PlanError('NOT_SUPPORTED', `range() with more than ${MAX_RANGE_ROWS} rows is not supported`, { position: tvf.pos });
  const type = T.bigint(false);
  const rows = Array.from({ length: Number(count) }, (_, i) => [{ kind: 'literal' as const, value: start + BigInt(i) * step, type }]);
  let plan: LogicalPlan = { kind: 'values', rows, schema: [{ name: 'id', type }] };
  if (tvf.alias?.columns) plan = renameColumns(plan, tvf.alias.columns, tvf.pos);
  return requalify(plan, tvf.alias?.name ?? '');
}

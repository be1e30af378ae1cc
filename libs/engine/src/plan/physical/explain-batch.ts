import { explainExpr, explainLogical } from '../explain';
import type { LogicalPlan } from '../logical/logical-plan';

/**
 * The batch physical plan for EXPLAIN: the operator BatchPlanner builds for each logical node
 * (hash aggregate, hash join or nested-loop join, in-memory sort, ...), one per line.
 */
export function explainBatchPhysical(plan: LogicalPlan, indent = 0): string {
  const pad = '  '.repeat(indent);
  const names = (p: LogicalPlan) => p.schema.map((f) => f.name);
  const children: LogicalPlan[] = plan.kind === 'join' ? [plan.left, plan.right] : plan.kind === 'setop' ? [...plan.inputs] : 'input' in plan ? [plan.input as LogicalPlan] : [];
  let line: string;
  switch (plan.kind) {
    case 'scan':
      line = `TableSourceScan(table=[${plan.table.name}], connector=[${plan.table.options.get('connector') ?? '?'}], fields=[${names(plan).join(', ')}])`;
      break;
    case 'filter':
      line = `Calc(where=[${explainExpr(plan.predicate, names(plan.input))}])`;
      break;
    case 'project':
      line = `Calc(select=[${plan.exprs.map((e, i) => `${explainExpr(e, names(plan.input))} AS ${plan.schema[i].name}`).join(', ')}])`;
      break;
    case 'aggregate': {
      const logical = explainLogical({ ...plan, input: { kind: 'values', rows: [], schema: plan.input.schema } }).split('\n')[0];
      line = `HashAggregate${logical.slice('Aggregate'.length)}`;
      break;
    }
    case 'join': {
      const keys = plan.leftKeys.map((k, i) => `${explainExpr(k, names(plan.left))} = ${explainExpr(plan.rightKeys[i], names(plan.right))}`);
      const residual = plan.residual ? `, where=[${explainExpr(plan.residual, [...names(plan.left), ...names(plan.right)])}]` : '';
      line = keys.length > 0 ? `HashJoin(joinType=[${plan.joinType}], build=[right], keys=[${keys.join(', ')}]${residual})` : `NestedLoopJoin(joinType=[${plan.joinType}]${residual})`;
      break;
    }
    case 'sort':
      line = `Sort(orderBy=[${plan.keys.map((k) => `${explainExpr(k.expr, names(plan.input))} ${k.descending ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ')}])`;
      break;
    case 'limit':
      line = `Limit(offset=[${plan.offset}]${plan.limit !== undefined ? `, fetch=[${plan.limit}]` : ''})`;
      break;
    case 'setop':
      line = `HashSetOp(${plan.op}${plan.all ? ' ALL' : ''})`;
      break;
    case 'overWindow':
      line = `SortOverAggregate${explainLogical({ ...plan, input: { kind: 'values', rows: [], schema: plan.input.schema } }).split('\n')[0].slice('OverWindow'.length)}`;
      break;
    default:
      // Values, watermarks, window TVFs, MATCH_RECOGNIZE: one operator each, described as in the logical plan.
      line = explainLogical(plan).split('\n')[0];
  }
  return [pad + line, ...children.map((c) => explainBatchPhysical(c, indent + 1))].join('\n');
}

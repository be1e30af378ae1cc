import { PlanError } from '@sluice/contracts';
import type { TableDefinition } from '../../catalog/table-definition';
import type { BoundExpr } from '../../expr/bound-expr';
import type { JoinNode, LogicalPlan } from '../logical/logical-plan';
import { extractIntervalBounds, type IntervalBounds } from './interval-bounds';

export type StreamingJoinKind =
  | { readonly kind: 'lookup'; readonly table: TableDefinition; readonly keyColumns: readonly string[] }
  | { readonly kind: 'interval'; readonly bounds: IntervalBounds }
  | { readonly kind: 'window'; readonly endKey: number }
  | { readonly kind: 'regular' };

/** Which streaming join a logical join becomes: lookup, event-time interval, or regular (unbounded). */
export function classifyStreamingJoin(join: JoinNode): StreamingJoinKind {
  const right = unwrapScan(join.right);
  if (right?.lookup) {
    const keyColumns = join.rightKeys.map((k) => {
      if (k.kind !== 'input') throw new PlanError('PLAN_INVALID', `a lookup join on '${right.table.name}' needs equality conditions on its plain columns`, { position: k.pos });
      return right.schema[k.index].name;
    });
    if (keyColumns.length === 0) throw new PlanError('PLAN_INVALID', `a lookup join on '${right.table.name}' needs at least one equality condition on its columns`, { position: right.pos });
    return { kind: 'lookup', table: right.table, keyColumns };
  }
  const pairs = join.leftKeys.map((l, i) => [l.type.windowProperty, join.rightKeys[i].type.windowProperty]);
  const endKey = pairs.findIndex(([l, r]) => l === 'end' && r === 'end');
  if (endKey >= 0 && pairs.some(([l, r]) => l === 'start' && r === 'start')) return { kind: 'window', endKey };
  const conjuncts: BoundExpr[] = !join.residual ? [] : join.residual.kind === 'and' ? [...join.residual.args] : [join.residual];
  const bounds = join.joinType === 'SEMI' || join.joinType === 'ANTI' ? undefined : extractIntervalBounds(conjuncts, join.left.schema.length);
  return bounds ? { kind: 'interval', bounds } : { kind: 'regular' };
}

function unwrapScan(plan: LogicalPlan): (LogicalPlan & { kind: 'scan' }) | undefined {
  if (plan.kind === 'scan') return plan;
  if (plan.kind === 'project' && plan.exprs.every((e, i) => e.kind === 'input' && e.index === i)) return unwrapScan(plan.input);
  return undefined;
}

/** Lookup tables and key columns a streaming plan needs, so the caller can open them first. */
export function lookupRequests(plan: LogicalPlan, into: { table: TableDefinition; keyColumns: readonly string[] }[] = []) {
  if (plan.kind === 'join') {
    const kind = classifyStreamingJoin(plan);
    if (kind.kind === 'lookup') into.push({ table: kind.table, keyColumns: kind.keyColumns });
    lookupRequests(plan.left, into);
    if (kind.kind !== 'lookup') lookupRequests(plan.right, into);
    return into;
  }
  if (plan.kind === 'setop') plan.inputs.forEach((p) => lookupRequests(p, into));
  else if (plan.kind !== 'scan' && plan.kind !== 'values') lookupRequests(plan.input, into);
  return into;
}

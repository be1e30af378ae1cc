import { explainExpr, explainLogical } from '../explain';
import type { LogicalPlan } from '../logical/logical-plan';
import { explainBatchPhysical } from './explain-batch';
import { classifyStreamingJoin } from './streaming-joins';
import { isUpdating } from './streaming-planner';

/**
 * The streaming physical plan for EXPLAIN: the operator StreamingPlanner builds for each node,
 * with its changelog mode as Flink prints it (`I` append-only, `I,UB,UA,D` updating).
 */
export function explainStreamingPhysical(plan: LogicalPlan, indent = 0): string {
  const pad = '  '.repeat(indent);
  const names = (p: LogicalPlan) => p.schema.map((f) => f.name);
  const mode = `changelogMode=[${isUpdating(plan) ? 'I,UB,UA,D' : 'I'}]`;
  let line: string;
  let children: LogicalPlan[] = plan.kind === 'join' ? [plan.left, plan.right] : plan.kind === 'setop' ? [...plan.inputs] : 'input' in plan ? [plan.input as LogicalPlan] : [];
  switch (plan.kind) {
    case 'aggregate': {
      const windowed = plan.keys.some((k) => k.type.windowProperty === 'end') && plan.keys.some((k) => k.type.windowProperty === 'start');
      const body = explainLogical({ ...plan, input: { kind: 'values', rows: [], schema: plan.input.schema } }).split('\n')[0].slice('Aggregate'.length);
      line = `${windowed ? 'WindowAggregate' : 'GroupAggregate'}${body.slice(0, -1)}, ${mode})`;
      break;
    }
    case 'join': {
      const kind = classifyStreamingJoin(plan);
      const keys = plan.leftKeys.map((k, i) => `${explainExpr(k, names(plan.left))} = ${explainExpr(plan.rightKeys[i], names(plan.right))}`).join(', ');
      const name = { lookup: 'LookupJoin', interval: 'IntervalJoin', window: 'WindowJoin', regular: 'Join' }[kind.kind];
      const bounds = kind.kind === 'interval' ? `, leftTime - rightTime in [${kind.bounds.lower}ms, ${kind.bounds.upper}ms]` : '';
      line = `${name}(joinType=[${plan.joinType}], keys=[${keys}]${bounds}, ${mode})`;
      if (kind.kind === 'lookup') children = [plan.left];
      break;
    }
    case 'overWindow':
      line = `WindowRank(${plan.calls.map((c) => c.name).join(', ')}, ${mode})`;
      break;
    case 'setop':
      line = `Union(all=[${plan.all}], ${mode})`;
      break;
    default: {
      // Calc, scans, watermark assigners and window TVFs print as in batch, plus the changelog mode.
      const first = explainBatchPhysical({ ...plan, ...('input' in plan ? { input: { kind: 'values', rows: [], schema: (plan.input as LogicalPlan).schema } } : {}) } as LogicalPlan).split('\n')[0];
      line = `${first.slice(0, -1)}, ${mode})`;
    }
  }
  return [pad + line, ...children.map((c) => explainStreamingPhysical(c, indent + 1))].join('\n');
}

import type { TableDefinition } from '../catalog/table-definition';
import { inputsOf, type AggregateNode, type LogicalPlan } from '../plan/logical/logical-plan';

/**
 * Where a batch plan is cut into a map side that runs once per input split and a reduce side
 * that runs once (Spark's exchange before a final aggregate). The map side computes `node` over
 * one split of `driving`; with `aggregate` it ships partial aggregate states, otherwise rows.
 */
export interface SplitPoint {
  readonly node: LogicalPlan;
  /** Set when `node` is an aggregate computed as partial (map) + merge (reduce). */
  readonly aggregate?: AggregateNode;
  /** The table whose splits drive the map tasks; absent: one task computes the whole plan. */
  readonly driving?: TableDefinition;
}

/**
 * Picks the split point. For each splittable table (in scan order) it looks, from the root down,
 * first for an aggregate over a row-local pipeline on that table (filters, projections, tumbling
 * windows, joins that keep the split side's rows independent), then for a row-local node under
 * only projections, filters, sorts and limits. The table must be read exactly once below the point, subqueries included, or a split
 * would change what a subquery sees. Plans with no such point run as one task.
 */
export function findSplitPoint(
  plan: LogicalPlan,
  isSplittable: (table: TableDefinition) => boolean,
): SplitPoint {
  for (const table of scanOrder(plan)) {
    if (!isSplittable(table)) continue;
    const aggregate = findNode(
      plan,
      (n) =>
        n.kind === 'aggregate' && !n.groupingSets && isRowLocal(n.input, table) && countScans(n, table) === 1,
    );
    if (aggregate) return { node: aggregate, aggregate: aggregate as AggregateNode, driving: table };
    const rows = findRowsSplit(plan, table);
    if (rows) return { node: rows, driving: table };
  }
  return { node: plan };
}

/**
 * The highest row-local node under nothing but projections, filters, sorts and limits: the map
 * tasks then ship rows the statement outputs anyway. Deeper cuts (under a window function, a
 * union) would ship every input row to one reducer: slower than one task reading directly.
 */
function findRowsSplit(plan: LogicalPlan, table: TableDefinition): LogicalPlan | undefined {
  for (let node = plan; ;) {
    if (isRowLocal(node, table) && countScans(node, table) === 1) return node;
    if (node.kind !== 'project' && node.kind !== 'filter' && node.kind !== 'sort' && node.kind !== 'limit')
      return undefined;
    node = node.input;
  }
}

/** Pre-order: the first (highest) node satisfying `test`. */
function findNode(plan: LogicalPlan, test: (node: LogicalPlan) => boolean): LogicalPlan | undefined {
  if (test(plan)) return plan;
  for (const input of inputsOf(plan)) {
    const found = findNode(input, test);
    if (found) return found;
  }
  return undefined;
}

/** Each output row depends on one row of `table` only (plus whole other tables): safe to split. */
export function isRowLocal(plan: LogicalPlan, table: TableDefinition): boolean {
  switch (plan.kind) {
    case 'scan':
      return plan.table === table && !plan.lookup;
    case 'filter':
    case 'project':
    case 'watermark':
      return isRowLocal(plan.input, table);
    case 'windowTvf':
      return plan.window.kind !== 'SESSION' && isRowLocal(plan.input, table);
    case 'join': {
      const left = isRowLocal(plan.left, table) && countScans(plan.right, table) === 0;
      const right = isRowLocal(plan.right, table) && countScans(plan.left, table) === 0;
      switch (plan.joinType) {
        case 'INNER':
          return left || right;
        case 'LEFT':
        case 'SEMI':
        case 'ANTI':
          return left;
        case 'RIGHT':
          return right;
        default:
          return false;
      }
    }
    default:
      return false;
  }
}

/** Scans of `table` in `plan`, counting those inside subquery expressions. */
export function countScans(plan: LogicalPlan, table: TableDefinition): number {
  let n = 0;
  visitPlans(plan, (p) => {
    if (p.kind === 'scan' && p.table === table) n++;
  });
  return n;
}

/** Distinct tables in the order the plan reads them (depth first, left to right). */
function scanOrder(plan: LogicalPlan): TableDefinition[] {
  const tables: TableDefinition[] = [];
  visitPlans(plan, (p) => {
    if (p.kind === 'scan' && !tables.includes(p.table)) tables.push(p.table);
  });
  return tables;
}

/** Every plan node, including plans of subqueries inside expressions. */
export function visitPlans(plan: LogicalPlan, visit: (plan: LogicalPlan) => void): void {
  visit(plan);
  for (const [key, value] of Object.entries(plan)) {
    if (key === 'table' || key === 'schema') continue;
    if (key === 'input' || key === 'left' || key === 'right') visitPlans(value as LogicalPlan, visit);
    else if (key === 'inputs') (value as LogicalPlan[]).forEach((p) => visitPlans(p, visit));
    else visitSubqueries(value, visit);
  }
}

function visitSubqueries(value: unknown, visit: (plan: LogicalPlan) => void): void {
  if (!value || typeof value !== 'object') return;
  const node = value as { kind?: string; plan?: unknown };
  if (node.kind === 'subquery' && node.plan) {
    visitPlans(node.plan as LogicalPlan, visit);
    return;
  }
  for (const v of Object.values(value)) visitSubqueries(v, visit);
}

/** `plan` with every occurrence of `target` (by identity) replaced by `replacement`. */
export function replaceNode(plan: LogicalPlan, target: LogicalPlan, replacement: LogicalPlan): LogicalPlan {
  if (plan === target) return replacement;
  const changes: Record<string, unknown> = {};
  for (const key of ['input', 'left', 'right'] as const) {
    const child = (plan as unknown as Record<string, LogicalPlan | undefined>)[key];
    if (child && typeof child === 'object' && 'kind' in child) {
      const replaced = replaceNode(child, target, replacement);
      if (replaced !== child) changes[key] = replaced;
    }
  }
  if (plan.kind === 'setop') {
    const inputs = plan.inputs.map((p) => replaceNode(p, target, replacement));
    if (inputs.some((p, i) => p !== plan.inputs[i])) changes.inputs = inputs;
  }
  return Object.keys(changes).length === 0 ? plan : ({ ...plan, ...changes } as LogicalPlan);
}

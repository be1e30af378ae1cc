import { PlanError } from '@sluice/contracts';
import type { CallExpr, Select, WindowSpec } from '../../sql/ast';

/**
 * Resolves `OVER w` / `OVER (w ORDER BY ...)` against the query's WINDOW clause (SQL:2003, both
 * dialects): the named specification is the base; the referencing one may add ORDER BY and a frame.
 */
export function resolveNamedWindow(call: CallExpr, select: Select, caseSensitive: boolean): CallExpr {
  if (!call.over?.name) return call;
  return { ...call, over: resolveSpec(call.over, select, caseSensitive, new Set()) };
}

function resolveSpec(spec: WindowSpec, select: Select, caseSensitive: boolean, seen: Set<string>): WindowSpec {
  if (!spec.name) return spec;
  const same = (a: string) => (caseSensitive ? a === spec.name : a.toLowerCase() === spec.name!.toLowerCase());
  const def = select.windows.find((w) => same(w.name));
  if (!def) throw new PlanError('PLAN_INVALID', `Window specification ${spec.name} is not defined in the WINDOW clause`, { position: spec.pos });
  if (seen.has(def.name)) throw new PlanError('PLAN_INVALID', `window ${def.name} refers to itself`, { position: spec.pos });
  const base = resolveSpec(def.spec, select, caseSensitive, new Set([...seen, def.name]));
  if (spec.partitionBy.length > 0) throw new PlanError('PLAN_INVALID', `a window that refers to window ${spec.name} cannot have its own PARTITION BY`, { position: spec.pos });
  return {
    partitionBy: base.partitionBy,
    orderBy: spec.orderBy.length > 0 ? spec.orderBy : base.orderBy,
    frame: spec.frame ?? base.frame,
    pos: spec.pos,
  };
}

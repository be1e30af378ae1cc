import type { Catalog } from '../../catalog/catalog';
import type { FunctionContext } from '../../expr/functions/function-spec';
import type { LogicalPlan } from './logical-plan';

/** Everything planning one statement needs; CTEs are scoped by a stack of frames. */
export interface PlannerContext {
  readonly catalog: Catalog;
  readonly fn: FunctionContext;
  readonly caseSensitive: boolean;
  /** Common table expressions visible here, innermost frame last. */
  readonly ctes: Map<string, { plan: LogicalPlan }>[];
  /** 'batch' or 'streaming': some constructs plan differently (or are rejected) per mode. */
  readonly mode: 'batch' | 'streaming';
  /** Session configuration (SET 'k' = 'v'). */
  readonly options?: ReadonlyMap<string, string>;
}

export function nameKey(ctx: PlannerContext, name: string): string {
  return ctx.caseSensitive ? name : name.toLowerCase();
}

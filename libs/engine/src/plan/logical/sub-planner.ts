import type { FromItem, Query, QueryBody } from '../../sql/ast';
import type { LogicalPlan } from './logical-plan';
import type { PlannerContext } from './planner-context';
import type { Scope } from './scope';

/** The planner as its parts see it (FROM, SELECT, set operations call back into the whole). */
export interface SubPlanner {
  readonly ctx: PlannerContext;
  planQuery(query: Query, outer?: Scope): LogicalPlan;
  planBody(body: QueryBody, outer?: Scope): LogicalPlan;
  planFrom(from: FromItem, outer?: Scope): LogicalPlan;
}

import { PlanError, type SourcePosition } from '@sluice/contracts';
import type { CallExpr } from '../../sql/ast';
import type { Field, Schema } from '../../catalog/schema';
import type { BoundExpr } from '../../expr/bound-expr';
import type { VarSet } from '../../exec/streaming/match-recognize/match-spec';
import { isAggregateFunction } from '../../expr/aggregates/aggregate-registry';
import { T } from '../../types/sql-type';
import { ExprBinder } from './expr-binder';
import type { PlannerContext } from './planner-context';
import { Scope, type Resolved } from './scope';

/** Pattern variables and SUBSET names as expressions see them. */
export interface PatternVariables {
  readonly names: readonly string[];
  /** Member ids of a primary variable or SUBSET name; undefined when `name` is neither. */
  lookup(name: string): readonly number[] | undefined;
  describe(): string;
}

/**
 * Binds the argument of a navigation or aggregate (`LAST(A.price * A.tax)`, `SUM(B.price)`) as
 * an expression over ONE row of the input, recording which pattern variable its column
 * references name: SQL:2016 requires them all to name the same variable (or none: all rows).
 * Column `inputWidth` stands for that row's CLASSIFIER().
 */
export class RowBinder {
  /** undefined until a reference was seen; null = the universal variable. */
  vars: VarSet | undefined = undefined;
  usesClassifier = false;
  readonly binder: ExprBinder;
  private readonly input: Scope;

  constructor(
    ctx: PlannerContext,
    schema: Schema,
    private readonly variables: PatternVariables,
    private readonly what: string,
  ) {
    this.input = new Scope(schema, ctx.caseSensitive);
    const scope = new RowScope(schema, ctx.caseSensitive, (parts, pos) => this.resolveColumn(parts, pos));
    this.binder = new ExprBinder(scope, ctx.fn, { onAggregate: (call) => this.onCall(call) });
    this.binder.isAggregateCall = (call) => NESTED_SPECIAL.has(call.name.toUpperCase()) || call.name.toUpperCase() === 'CLASSIFIER' || isAggregateFunction(call.name);
  }

  /** `A.price` -> input column of the row mapped to A; `price` -> of any row of the match. */
  private resolveColumn(parts: readonly string[], pos: SourcePosition): Resolved {
    if (parts.length > 2) throw new PlanError('PLAN_INVALID', `'${parts.join('.')}': inside MATCH_RECOGNIZE a column is qualified by a pattern variable only`, { position: pos });
    if (parts.length === 2) this.use(variableRefs(this.variables, parts[0], pos), pos);
    else this.use(null, pos);
    return this.input.resolve([parts[parts.length - 1]], pos);
  }

  private use(vars: VarSet, pos: SourcePosition): void {
    if (this.vars === undefined) this.vars = vars;
    else if (!sameVars(this.vars, vars))
      throw new PlanError('PLAN_INVALID', `all column references in ${this.what} must refer to the same pattern variable`, { position: pos });
  }

  private onCall(call: CallExpr): BoundExpr {
    const name = call.name.toUpperCase();
    if (name !== 'CLASSIFIER') throw new PlanError('PLAN_INVALID', `${name} cannot be nested inside ${this.what}`, { position: call.pos });
    if (call.args.length > 1) throw new PlanError('PLAN_INVALID', 'CLASSIFIER takes at most one pattern variable', { position: call.pos });
    const arg = call.args[0];
    if (arg && (arg.kind !== 'column' || arg.parts.length !== 1)) throw new PlanError('PLAN_INVALID', 'the argument of CLASSIFIER must be a pattern variable', { position: call.pos });
    this.use(arg ? variableRefs(this.variables, (arg as { parts: readonly string[] }).parts[0], call.pos) : null, call.pos);
    this.usesClassifier = true;
    return { kind: 'input', index: this.input.fields.length, type: T.string(true), name: 'CLASSIFIER()', pos: call.pos };
  }
}

/** Calls that only make sense at the top of a DEFINE/MEASURES expression. */
export const NESTED_SPECIAL = new Set(['PREV', 'NEXT', 'FIRST', 'LAST', 'MATCH_NUMBER', 'MATCH_ROWTIME', 'MATCH_PROCTIME']);

export function variableRefs(variables: PatternVariables, name: string, pos: SourcePosition): readonly number[] {
  const ids = variables.lookup(name);
  if (!ids) throw new PlanError('PLAN_UNKNOWN_COLUMN', `'${name}' is not a pattern variable (${variables.describe()})`, { position: pos });
  return ids;
}

function sameVars(a: VarSet, b: VarSet): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((v) => b.includes(v));
}

/** A scope whose column lookups are answered by a callback (pattern-aware resolution). */
export class RowScope extends Scope {
  constructor(
    fields: Schema | Field[],
    caseSensitive: boolean,
    private readonly lookup: (parts: readonly string[], pos: SourcePosition) => Resolved,
  ) {
    super(fields, caseSensitive);
  }

  override resolve(parts: readonly string[], pos: SourcePosition): Resolved {
    return this.lookup(parts, pos);
  }

  override tryResolve(parts: readonly string[], pos: SourcePosition): Resolved {
    return this.lookup(parts, pos);
  }
}

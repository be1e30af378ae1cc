import { NotSupportedError, PlanError, type SourcePosition } from '@sluice/contracts';
import type { CallExpr, Expr } from '../../sql/ast';
import type { Field, Schema } from '../../catalog/schema';
import type { BoundExpr } from '../../expr/bound-expr';
import { isAggregateFunction } from '../../expr/aggregates/aggregate-registry';
import type { MatchExprSpec, Navigation, SlotSpec } from '../../exec/streaming/match-recognize/match-spec';
import { T, formatType, type SqlType } from '../../types/sql-type';
import { resolveAggregateCall } from './aggregate-binder';
import { ExprBinder } from './expr-binder';
import { NESTED_SPECIAL, RowBinder, RowScope, variableRefs, type PatternVariables } from './match-recognize-row-binder';
import type { PlannerContext } from './planner-context';
import { Scope, type Resolved } from './scope';

export type PatternExprMode = 'define' | 'measures';

/**
 * Binds a DEFINE condition or a measure (SQL:2016 5.6 row pattern navigation). Every reference
 * into the match (`A.price`, `price`, PREV/NEXT/FIRST/LAST(...), aggregates over a variable,
 * CLASSIFIER(), MATCH_NUMBER(), MATCH_ROWTIME()) becomes a slot the runtime fills per
 * evaluation; the rest is an ordinary scalar expression over the slot row, bound by ExprBinder.
 */
export class PatternExprBinder {
  private slots: SlotSpec[] = [];
  private slotFields: Field[] = [];
  private slotKeys: string[] = [];

  constructor(
    private readonly ctx: PlannerContext,
    private readonly input: Schema,
    private readonly variables: PatternVariables,
    private readonly mode: PatternExprMode,
    private readonly timeIndex: number | undefined,
  ) {}

  bind(e: Expr, expect?: SqlType): MatchExprSpec {
    this.slots = [];
    this.slotFields = [];
    this.slotKeys = [];
    const scope = new RowScope(this.slotFields, this.ctx.caseSensitive, (parts, pos) => this.column(parts, pos));
    const binder = new ExprBinder(scope, this.ctx.fn, { onAggregate: (call) => this.special(call) });
    binder.isAggregateCall = (call) => isSpecial(call);
    let expr = binder.bind(e);
    if (expect) {
      if (expr.type.kind !== expect.kind && expr.type.kind !== 'NULL')
        throw new PlanError('PLAN_TYPE_MISMATCH', `a DEFINE condition must be ${formatType(expect)}, this one is ${formatType(expr.type)}`, { position: e.pos });
      expr = binder.coerce(expr, expect, e.pos);
    }
    return { expr, slots: this.slots };
  }

  /** `A.price` = LAST(A.price), `price` = LAST(price) over all variables: the current row. */
  private column(parts: readonly string[], pos: SourcePosition): Resolved {
    const rows = new RowBinder(this.ctx, this.input, this.variables, `'${parts.join('.')}'`);
    const value = rows.binder.bind({ kind: 'column', parts, pos });
    return this.nav({ vars: rows.vars ?? null, fromLast: true, offset: 0, physical: 0, final: false }, value, false, parts[parts.length - 1]);
  }

  private special(call: CallExpr): BoundExpr {
    const name = call.name.toUpperCase();
    if (call.over) throw new PlanError('PLAN_INVALID', `window function ${name} is not allowed in MATCH_RECOGNIZE`, { position: call.pos });
    if (call.filter) throw new NotSupportedError(`FILTER on ${name} in MATCH_RECOGNIZE`, call.pos);
    const final = this.semantics(call);
    switch (name) {
      case 'PREV':
      case 'NEXT':
        return this.physical(call, name);
      case 'FIRST':
      case 'LAST':
        return this.logical(call, name === 'LAST', final, 0);
      case 'CLASSIFIER': {
        const rows = new RowBinder(this.ctx, this.input, this.variables, 'CLASSIFIER');
        const value = rows.binder.bind(call);
        return this.ref(this.nav({ vars: rows.vars ?? null, fromLast: true, offset: 0, physical: 0, final }, value, true, 'CLASSIFIER()'), call.pos);
      }
      case 'MATCH_NUMBER':
        this.arity(call, 0, 0);
        return this.ref(this.add({ kind: 'matchNumber' }, 'MATCH_NUMBER()', T.bigint(false)), call.pos);
      case 'MATCH_ROWTIME':
        return this.matchRowtime(call);
      case 'MATCH_PROCTIME':
        this.measuresOnly(call);
        this.arity(call, 0, 0);
        return this.ref(this.add({ kind: 'matchProctime' }, 'MATCH_PROCTIME()', { ...T.timestampLtz(3, false), timeAttribute: 'proctime' }), call.pos);
      default:
        return this.aggregate(call, final);
    }
  }

  /** RUNNING (default) or FINAL; FINAL only in MEASURES (SQL:2016). */
  private semantics(call: CallExpr): boolean {
    if (call.semantics !== 'FINAL') return false;
    if (this.mode === 'define') throw new PlanError('PLAN_INVALID', 'FINAL is only allowed in MEASURES; DEFINE always uses RUNNING semantics', { position: call.pos });
    return true;
  }

  /** FIRST/LAST(expr [, n]): the n-th row from the first/last mapped to the expression's variable. */
  private logical(call: CallExpr, fromLast: boolean, final: boolean, physical: number): BoundExpr {
    this.arity(call, 1, 2);
    const rows = new RowBinder(this.ctx, this.input, this.variables, call.name.toUpperCase());
    const value = rows.binder.bind(call.args[0]);
    if (rows.vars === undefined) throw new PlanError('PLAN_INVALID', `the first argument of ${call.name.toUpperCase()} must reference a column or CLASSIFIER()`, { position: call.pos });
    const offset = this.constant(call.args[1], 0, call.name);
    return this.ref(this.nav({ vars: rows.vars, fromLast, offset, physical, final }, value, rows.usesClassifier, call.name.toUpperCase()), call.pos);
  }

  /** PREV/NEXT(expr [, n]): n rows before/after the row the (possibly FIRST/LAST) navigation found. */
  private physical(call: CallExpr, name: 'PREV' | 'NEXT'): BoundExpr {
    if (name === 'NEXT' && this.mode === 'define') throw new NotSupportedError('NEXT in DEFINE (it needs rows that have not arrived); use it in MEASURES', call.pos);
    this.arity(call, 1, 2);
    const steps = this.constant(call.args[1], 1, name) * (name === 'PREV' ? -1 : 1);
    const inner = call.args[0];
    if (inner.kind === 'call' && ['FIRST', 'LAST'].includes(inner.name.toUpperCase())) return this.logical(inner, inner.name.toUpperCase() === 'LAST', this.semantics(inner), steps);
    return this.logical({ ...call, name: 'LAST', args: [inner] }, true, false, steps);
  }

  private aggregate(call: CallExpr, final: boolean): BoundExpr {
    const name = call.name.toUpperCase();
    if (call.distinct && name !== 'COUNT') throw new NotSupportedError(`DISTINCT in ${name} inside MATCH_RECOGNIZE`, call.pos);
    const rows = new RowBinder(this.ctx, this.input, this.variables, name);
    const arg0 = call.args[0];
    let star = call.star || (name === 'COUNT' && call.args.length === 0);
    let args = call.args;
    if (arg0?.kind === 'star') {
      if (name !== 'COUNT' || !arg0.qualifier || arg0.qualifier.length !== 1) throw new PlanError('PLAN_INVALID', `${arg0.qualifier?.join('.') ?? ''}.* is only allowed as COUNT(var.*)`, { position: call.pos });
      rows.vars = variableRefs(this.variables, arg0.qualifier[0], call.pos);
      star = true;
      args = [];
    }
    const agg = resolveAggregateCall({ ...call, args, star, semantics: undefined }, rows.binder);
    if (agg.args.length > 1) throw new NotSupportedError(`${name} with more than one argument in MATCH_RECOGNIZE`, call.pos);
    const slot: SlotSpec = { kind: 'aggregate', vars: rows.vars ?? null, final, name: agg.name, arg: star ? undefined : agg.args[0], usesClassifier: rows.usesClassifier, distinct: agg.distinct, argTypes: agg.args.map((a) => a.type) };
    return this.ref(this.add(slot, `${name}(...)`, agg.type), call.pos);
  }

  private matchRowtime(call: CallExpr): BoundExpr {
    this.measuresOnly(call);
    this.arity(call, 0, 1);
    let column = this.timeIndex;
    if (call.args[0]) {
      const arg = call.args[0];
      if (arg.kind !== 'column') throw new PlanError('PLAN_INVALID', 'the argument of MATCH_ROWTIME must be a rowtime column', { position: call.pos });
      column = new Scope(this.input, this.ctx.caseSensitive).resolve([arg.parts[arg.parts.length - 1]], arg.pos).index;
    }
    if (column === undefined || !['TIMESTAMP', 'TIMESTAMP_LTZ'].includes(this.input[column].type.kind))
      throw new PlanError('PLAN_INVALID', 'MATCH_ROWTIME() needs ORDER BY a TIMESTAMP time attribute', { position: call.pos });
    const type: SqlType = { ...this.input[column].type, nullable: true, timeAttribute: 'rowtime' };
    return this.ref(this.add({ kind: 'matchRowtime', column }, 'MATCH_ROWTIME()', type), call.pos);
  }

  private nav(nav: Navigation, value: BoundExpr, usesClassifier: boolean, label: string): Resolved {
    const index = this.add({ kind: 'nav', nav, value, usesClassifier }, label, { ...value.type, nullable: true });
    return { index, depth: 0, field: this.slotFields[index] };
  }

  private add(slot: SlotSpec, label: string, type: SqlType): number {
    const key = JSON.stringify(slot, (k, v) => (k === 'pos' ? undefined : typeof v === 'bigint' ? `${v}n` : typeof v === 'function' ? undefined : v));
    const existing = this.slotKeys.indexOf(key);
    if (existing >= 0) return existing;
    this.slots.push(slot);
    this.slotKeys.push(key);
    this.slotFields.push({ name: label, type });
    return this.slots.length - 1;
  }

  private ref(index: number | Resolved, pos: SourcePosition): BoundExpr {
    const i = typeof index === 'number' ? index : index.index;
    return { kind: 'input', index: i, type: this.slotFields[i].type, name: this.slotFields[i].name, pos };
  }

  private constant(e: Expr | undefined, fallback: number, fn: string): number {
    if (!e) return fallback;
    const v = e.kind === 'literal' ? new ExprBinder(new Scope([], this.ctx.caseSensitive), this.ctx.fn).bind(e) : undefined;
    const n = v?.kind === 'literal' ? Number(v.value) : NaN;
    if (!Number.isInteger(n) || n < 0) throw new PlanError('PLAN_INVALID', `the offset of ${fn.toUpperCase()} must be a non-negative integer constant`, { position: e.pos });
    return n;
  }

  private arity(call: CallExpr, min: number, max: number): void {
    if (call.args.length < min || call.args.length > max)
      throw new PlanError('PLAN_INVALID', `${call.name.toUpperCase()} takes ${min === max ? min : `${min} to ${max}`} argument(s), got ${call.args.length}`, { position: call.pos });
  }

  private measuresOnly(call: CallExpr): void {
    if (this.mode === 'define') throw new PlanError('PLAN_INVALID', `${call.name.toUpperCase()}() is only allowed in MEASURES`, { position: call.pos });
  }
}

function isSpecial(call: CallExpr): boolean {
  const name = call.name.toUpperCase();
  return NESTED_SPECIAL.has(name) || name === 'CLASSIFIER' || isAggregateFunction(name);
}

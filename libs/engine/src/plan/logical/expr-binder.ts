import { NotSupportedError, PlanError, SluiceError, type SourcePosition } from '@sluice/contracts';
import type { CallExpr, Expr, Query } from '../../sql/ast';
import type { BoundExpr, CompareOp } from '../../expr/bound-expr';
import { FunctionArgumentError, type FunctionContext, type ResolvedFunction } from '../../expr/functions/function-spec';
import { lookupScalarFunction, knownFunctionNames } from '../../expr/functions/builtin-functions';
import { compileCast, canCast } from '../../types/cast';
import { commonSuperType, comparisonType, resolveArithmetic, resolveNegate } from '../../types/type-coercion';
import { T, formatType, sameKind, isCharacter, withoutTimeAttribute, type SqlType } from '../../types/sql-type';
import { comparatorFor } from '../../types/values';
import { bindInterval, bindLiteral } from './literal-binder';
import { bindLike } from './like-binder';
import { typeFromName } from './type-name';
import { editDistance, type Scope } from './scope';

/** Gives a SluiceError raised while evaluating a constant the SQL position it came from. */
export function withPosition(error: unknown, pos: SourcePosition | undefined): unknown {
  if (error instanceof SluiceError && !error.position && pos)
    return new SluiceError(error.code, error.message, { position: pos, cause: error.cause, details: error.details, retriable: error.retriable });
  return error;
}

/** Called for calls that are not scalar: aggregates and OVER window functions. */
export interface BindHooks {
  onAggregate?(call: CallExpr, binder: ExprBinder): BoundExpr;
  onWindowFunction?(call: CallExpr, binder: ExprBinder): BoundExpr;
  /** Plans a subquery with `scope` as its outer scope; returns its plan, schema types and correlation. */
  planSubquery?(query: Query, scope: Scope): { plan: unknown; types: SqlType[]; correlated: boolean };
}

/** Turns AST expressions into typed BoundExprs against a scope, inserting implicit casts. */
export class ExprBinder {
  constructor(
    readonly scope: Scope,
    readonly ctx: FunctionContext,
    readonly hooks: BindHooks = {},
  ) {}

  withScope(scope: Scope, hooks: BindHooks = this.hooks): ExprBinder {
    return new ExprBinder(scope, this.ctx, hooks);
  }

  bind(e: Expr): BoundExpr {
    switch (e.kind) {
      case 'literal':
        return bindLiteral(e, this.ctx.dialect);
      case 'interval':
        return bindInterval(e);
      case 'column': {
        // Spark's virtual column grouping__id is grouping_id() over every GROUP BY key.
        if (this.ctx.dialect === 'spark' && this.hooks.onAggregate && e.parts.length === 1 && e.parts[0].toLowerCase() === 'grouping__id' && !this.scope.tryResolve(e.parts, e.pos))
          return this.hooks.onAggregate({ kind: 'call', name: 'GROUPING_ID', args: [], distinct: false, star: false, pos: e.pos }, this);
        const r = this.scope.resolve(e.parts, e.pos);
        const type = r.field.type;
        if (r.depth === 0) return { kind: 'input', index: r.index, type, name: r.field.name, pos: e.pos };
        return { kind: 'outer', index: r.index, depth: r.depth, type, name: r.field.name, pos: e.pos };
      }
      case 'star':
        throw new PlanError('PLAN_INVALID', '* is only allowed in a SELECT list or COUNT(*)', { position: e.pos });
      case 'unary':
        return this.bindUnary(e.op, this.bind(e.arg), e.pos);
      case 'binary':
        return this.bindBinary(e.op, e.left, e.right, e.pos);
      case 'call':
        return this.bindCall(e);
      case 'cast':
        return this.cast(this.bind(e.expr), typeFromName(e.type, this.ctx.dialect), e.mode, e.pos);
      case 'case':
        return this.bindCase(e);
      case 'between': {
        const x = this.bind(e.expr);
        const lo = this.bind(e.low);
        const hi = this.bind(e.high);
        let test = this.and([this.compare('>=', x, lo, e.pos), this.compare('<=', x, hi, e.pos)], e.pos);
        if (e.symmetric) test = this.or([test, this.and([this.compare('>=', x, hi, e.pos), this.compare('<=', x, lo, e.pos)], e.pos)], e.pos);
        return e.negated ? { kind: 'not', arg: test, type: test.type, pos: e.pos } : test;
      }
      case 'in':
        return e.query ? this.bindInSubquery(e.expr, e.query, e.negated, e.pos) : this.bindInList(e.expr, e.list!, e.negated, e.pos);
      case 'like':
        return bindLike(this, e);
      case 'is': {
        const arg = this.bind(e.expr);
        if (e.test === 'NULL' || e.test === 'UNKNOWN') return { kind: 'is', test: 'NULL', negated: e.negated, arg, type: T.boolean(false), pos: e.pos };
        return { kind: 'is', test: e.test, negated: e.negated, arg: this.coerce(arg, T.boolean(), e.pos), type: T.boolean(false), pos: e.pos };
      }
      case 'exists': {
        const sub = this.planSubquery(e.query, e.pos);
        return { kind: 'subquery', mode: 'exists', plan: sub.plan, correlated: sub.correlated, type: T.boolean(false), pos: e.pos };
      }
      case 'subquery': {
        const sub = this.planSubquery(e.query, e.pos);
        if (sub.types.length !== 1) throw new PlanError('PLAN_INVALID', `a scalar subquery must return one column, this one returns ${sub.types.length}`, { position: e.pos });
        return { kind: 'subquery', mode: 'scalar', plan: sub.plan, correlated: sub.correlated, type: { ...sub.types[0], nullable: true }, pos: e.pos };
      }
      case 'subscript':
        return this.bindSubscript(this.bind(e.expr), this.bind(e.index), e.pos);
      case 'field':
        return this.bindFieldAccess(this.bind(e.expr), e.field, e.pos);
    }
  }

  planSubquery(query: Query, pos: SourcePosition) {
    if (!this.hooks.planSubquery) throw new NotSupportedError('a subquery in this position', pos);
    return this.hooks.planSubquery(query, this.scope);
  }

  /** Casts `e` to `type` when needed (implicit conversion); errors when no cast exists. */
  coerce(e: BoundExpr, type: SqlType, pos?: SourcePosition): BoundExpr {
    if (sameKind(e.type, type) || e.type.kind === type.kind && e.type.kind !== 'DECIMAL' && e.type.kind !== 'ARRAY' && e.type.kind !== 'ROW' && e.type.kind !== 'MAP') return e;
    if (e.kind === 'literal' && e.value === null) return { kind: 'literal', value: null, type: { ...type, nullable: true }, pos: e.pos };
    return this.cast(e, { ...type, nullable: e.type.nullable }, 'implicit', pos ?? e.pos);
  }

  cast(e: BoundExpr, type: SqlType, mode: 'cast' | 'try' | 'implicit', pos?: SourcePosition): BoundExpr {
    const target = withoutTimeAttribute(type);
    if (e.kind === 'literal' && e.value === null) return { kind: 'literal', value: null, type: { ...target, nullable: true }, pos };
    if (!canCast(e.type, target)) throw new PlanError('PLAN_TYPE_MISMATCH', `cannot cast ${formatType(e.type)} to ${formatType(target)}`, { position: pos });
    const convert = compileCast(e.type, target, this.ctx, mode === 'try' ? 'try' : 'cast');
    const nullable = e.type.nullable || mode === 'try' || this.ctx.dialect === 'spark' || isCharacter(e.type);
    const node: BoundExpr = { kind: 'cast', arg: e, convert, mode, type: { ...target, nullable }, pos };
    if (e.kind === 'literal') {
      try {
        return { kind: 'literal', value: convert(e.value), type: node.type, pos };
      } catch (error) {
        throw withPosition(error, pos);
      }
    }
    return node;
  }

  private bindUnary(op: string, arg: BoundExpr, pos: SourcePosition): BoundExpr {
    if (op === 'NOT') {
      const b = this.coerce(arg, T.boolean(), pos);
      return { kind: 'not', arg: b, type: b.type, pos };
    }
    if (op === '+') return arg;
    if (op === '~') return this.callFunction('~', [arg], pos);
    return this.fromResolved('-', this.tryResolve(() => resolveNegate(arg.type, this.ctx), '-', pos), [arg], pos);
  }

  private bindBinary(op: string, l: Expr, r: Expr, pos: SourcePosition): BoundExpr {
    switch (op) {
      case 'AND':
        return this.and([this.bind(l), this.bind(r)], pos);
      case 'OR':
        return this.or([this.bind(l), this.bind(r)], pos);
      case '=':
      case '<>':
      case '<':
      case '<=':
      case '>':
      case '>=':
      case '<=>':
        return this.compare(op, this.bind(l), this.bind(r), pos);
      case 'IS DISTINCT FROM':
        return this.compare('IS DISTINCT FROM', this.bind(l), this.bind(r), pos);
      case 'IS NOT DISTINCT FROM':
        return this.compare('<=>', this.bind(l), this.bind(r), pos);
      case '||':
        return this.callFunction('CONCAT', [this.bind(l), this.bind(r)], pos);
      case '&':
      case '|':
      case '^':
        return this.callFunction(op === '&' ? 'BITAND' : op === '|' ? 'BITOR' : 'BITXOR', [this.bind(l), this.bind(r)], pos);
      default: {
        const left = this.bind(l);
        const right = this.bind(r);
        const literals = [left, right].map((a) => (a.kind === 'literal' ? a.value : undefined));
        const resolved = this.tryResolve(() => resolveArithmetic(op as '+', left.type, right.type, this.ctx, literals), op, pos);
        return this.fromResolved(op, resolved, [left, right], pos);
      }
    }
  }

  and(args: BoundExpr[], pos: SourcePosition): BoundExpr {
    const flat = args.flatMap((a) => (a.kind === 'and' ? a.args : [this.coerce(a, T.boolean(), pos)]));
    return { kind: 'and', args: flat, type: T.boolean(flat.some((a) => a.type.nullable)), pos };
  }

  or(args: BoundExpr[], pos: SourcePosition): BoundExpr {
    const flat = args.flatMap((a) => (a.kind === 'or' ? a.args : [this.coerce(a, T.boolean(), pos)]));
    return { kind: 'or', args: flat, type: T.boolean(flat.some((a) => a.type.nullable)), pos };
  }

  compare(op: CompareOp, left: BoundExpr, right: BoundExpr, pos: SourcePosition): BoundExpr {
    const common = comparisonType(left.type, right.type, this.ctx.dialect);
    if (!common)
      throw new PlanError('PLAN_TYPE_MISMATCH', `cannot compare ${formatType(left.type)} with ${formatType(right.type)}`, { position: pos });
    const l = this.coerce(left, common, pos);
    const r = this.coerce(right, common, pos);
    const nullable = op === '<=>' || op === 'IS DISTINCT FROM' ? false : l.type.nullable || r.type.nullable;
    return { kind: 'compare', op, left: l, right: r, compare: comparatorFor(common), type: T.boolean(nullable), pos };
  }

  private bindInList(arg: Expr, list: readonly Expr[], negated: boolean, pos: SourcePosition): BoundExpr {
    const x = this.bind(arg);
    const items = list.map((i) => this.bind(i));
    const common = commonSuperType([x.type, ...items.map((i) => i.type)], this.ctx.dialect);
    if (!common) throw new PlanError('PLAN_TYPE_MISMATCH', `IN list values do not have a common type with ${formatType(x.type)}`, { position: pos });
    return {
      kind: 'inList',
      arg: this.coerce(x, common, pos),
      list: items.map((i) => this.coerce(i, common, pos)),
      negated,
      type: T.boolean(),
      pos,
    };
  }

  private bindInSubquery(arg: Expr, query: Query, negated: boolean, pos: SourcePosition): BoundExpr {
    const x = this.bind(arg);
    const sub = this.planSubquery(query, pos);
    if (sub.types.length !== 1) throw new PlanError('PLAN_INVALID', `the IN subquery must return one column, it returns ${sub.types.length}`, { position: pos });
    const common = commonSuperType([x.type, sub.types[0]], this.ctx.dialect);
    if (!common) throw new PlanError('PLAN_TYPE_MISMATCH', `cannot compare ${formatType(x.type)} with the subquery's ${formatType(sub.types[0])}`, { position: pos });
    return { kind: 'subquery', mode: 'in', arg: this.coerce(x, common, pos), negated, plan: sub.plan, correlated: sub.correlated, compare: comparatorFor(common), type: T.boolean(), pos };
  }

  private bindCase(e: Expr & { kind: 'case' }): BoundExpr {
    const operand = e.operand ? this.bind(e.operand) : undefined;
    const whens = e.whens.map((w) => ({
      when: operand ? this.compare('=', operand, this.bind(w.when), w.when.pos) : this.coerce(this.bind(w.when), T.boolean(), w.when.pos),
      then: this.bind(w.then),
    }));
    const otherwise: BoundExpr = e.else ? this.bind(e.else) : { kind: 'literal', value: null, type: T.null(), pos: e.pos };
    const type = commonSuperType([...whens.map((w) => w.then.type), otherwise.type], this.ctx.dialect);
    if (!type) throw new PlanError('PLAN_TYPE_MISMATCH', 'the branches of CASE have no common type', { position: e.pos });
    const resultType = { ...type, nullable: type.nullable || !e.else };
    return {
      kind: 'case',
      whens: whens.map((w) => ({ when: w.when, then: this.coerce(w.then, resultType, e.pos) })),
      otherwise: this.coerce(otherwise, resultType, e.pos),
      type: resultType,
      pos: e.pos,
    };
  }

  private bindCall(e: CallExpr): BoundExpr {
    if (e.over) {
      if (!this.hooks.onWindowFunction) throw new PlanError('PLAN_INVALID', `window function ${e.name} is not allowed here`, { position: e.pos });
      return this.hooks.onWindowFunction(e, this);
    }
    if (this.hooks.onAggregate && this.isAggregateCall(e)) return this.hooks.onAggregate(e, this);
    if (this.isAggregateCall(e)) throw new PlanError('PLAN_INVALID', `aggregate function ${e.name} is not allowed here`, { position: e.pos });
    if (e.distinct || e.star || e.filter) throw new PlanError('PLAN_INVALID', `${e.name} is not an aggregate function; DISTINCT, * and FILTER are not allowed`, { position: e.pos });
    const castType = this.ctx.dialect === 'spark' && e.args.length === 1 ? SPARK_CAST_FUNCTIONS[e.name.toUpperCase()] : undefined;
    if (castType) return this.cast(this.bind(e.args[0]), typeFromName({ name: castType, params: [], pos: e.pos }, 'spark'), 'cast', e.pos);
    return this.callFunction(e.name, e.args.map((a) => this.bind(a)), e.pos);
  }

  /** Aggregate-ness is decided by the planner's registry; kept overridable for MATCH_RECOGNIZE. */
  isAggregateCall: (e: CallExpr) => boolean = () => false;

  callFunction(name: string, args: BoundExpr[], pos: SourcePosition): BoundExpr {
    const upper = name.toUpperCase();
    const spec = lookupScalarFunction(upper, this.ctx.dialect);
    if (!spec && WINDOW_ONLY.has(upper)) throw new PlanError('PLAN_INVALID', `${name} is a window function and needs an OVER (...) clause`, { position: pos });
    if (!spec) throw new PlanError('PLAN_UNKNOWN_FUNCTION', `unknown function ${name}${this.suggestFunction(upper)}`, { position: pos });
    const literals = args.map((a) => (a.kind === 'literal' ? a.value : undefined));
    const resolved = this.tryResolve(() => spec.resolve(args.map((a) => a.type), this.ctx, literals), upper, pos);
    return this.fromResolved(upper, resolved, args, pos);
  }

  private suggestFunction(name: string): string {
    let best: string | undefined;
    let bestD = 3;
    for (const known of knownFunctionNames(this.ctx.dialect)) {
      const d = editDistance(name, known);
      if (d < bestD) [best, bestD] = [known, d];
    }
    return best ? `; did you mean ${best}?` : '';
  }

  private tryResolve(resolve: () => ResolvedFunction, name: string, pos: SourcePosition): ResolvedFunction {
    try {
      return resolve();
    } catch (error) {
      if (error instanceof FunctionArgumentError) throw new PlanError('PLAN_TYPE_MISMATCH', error.message, { position: pos });
      throw error;
    }
  }

  /** Builds the call with the argument casts the resolution asked for; folds constant calls. */
  fromResolved(name: string, fn: ResolvedFunction, args: BoundExpr[], pos: SourcePosition): BoundExpr {
    const cast = fn.argTypes ? args.map((a, i) => (fn.argTypes![i] ? this.coerce(a, fn.argTypes![i], pos) : a)) : args;
    const strictNullable = fn.nulls !== 'custom' && cast.some((a) => a.type.nullable);
    const type = strictNullable && !fn.returnType.nullable ? { ...fn.returnType, nullable: true } : fn.returnType;
    return { kind: 'call', name, fn, args: cast, type, pos };
  }

  private bindSubscript(base: BoundExpr, index: BoundExpr, pos: SourcePosition): BoundExpr {
    if (base.type.kind === 'ARRAY') {
      // Flink arrays are 1-based (a[1]); Spark's subscript is 0-based (a[0]).
      const offset = this.ctx.dialect === 'spark' ? 0 : 1;
      const idx = this.coerce(index, T.int(), pos);
      const fn: ResolvedFunction = { returnType: { ...base.type.element!, nullable: true }, impl: (a: unknown, i: unknown) => (a as unknown[])[(i as number) - offset] ?? null };
      return { kind: 'call', name: 'SUBSCRIPT', fn, args: [base, idx], type: fn.returnType, pos };
    }
    if (base.type.kind === 'MAP') {
      const key = this.coerce(index, base.type.key!, pos);
      const fn: ResolvedFunction = { returnType: { ...base.type.element!, nullable: true }, impl: (m: unknown, k: unknown) => (m as Map<unknown, unknown>).get(k) ?? null };
      return { kind: 'call', name: 'SUBSCRIPT', fn, args: [base, key], type: fn.returnType, pos };
    }
    throw new PlanError('PLAN_TYPE_MISMATCH', `cannot subscript a value of type ${formatType(base.type)}`, { position: pos });
  }

  private bindFieldAccess(base: BoundExpr, field: string, pos: SourcePosition): BoundExpr {
    const i = base.type.fields?.findIndex((f) => (this.scope.caseSensitive ? f.name === field : f.name.toLowerCase() === field.toLowerCase())) ?? -1;
    if (base.type.kind !== 'ROW' || i < 0) throw new PlanError('PLAN_UNKNOWN_COLUMN', `no field '${field}' in ${formatType(base.type)}`, { position: pos });
    const fn: ResolvedFunction = { returnType: { ...base.type.fields![i].type, nullable: true }, impl: (r: unknown) => (r as unknown[])[i] ?? null };
    return { kind: 'call', name: `.${field}`, fn, args: [base], type: fn.returnType, pos };
  }
}

/** Spark's function-style casts: date(x) is CAST(x AS DATE), int(x) is CAST(x AS INT), ... */
const SPARK_CAST_FUNCTIONS: Record<string, string> = {
  BOOLEAN: 'BOOLEAN', TINYINT: 'TINYINT', SMALLINT: 'SMALLINT', INT: 'INT', BIGINT: 'BIGINT', FLOAT: 'FLOAT', DOUBLE: 'DOUBLE',
  DECIMAL: 'DECIMAL', STRING: 'STRING', BINARY: 'BYTES', DATE: 'DATE', TIMESTAMP: 'TIMESTAMP',
};

/** Functions that exist only as window functions (an OVER clause is required). */
const WINDOW_ONLY = new Set(['ROW_NUMBER', 'RANK', 'DENSE_RANK', 'PERCENT_RANK', 'CUME_DIST', 'NTILE', 'LAG', 'LEAD', 'NTH_VALUE']);

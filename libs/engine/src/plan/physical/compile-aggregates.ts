import { InternalError } from '@sluice/contracts';
import { resolveAggregate } from '../../expr/aggregates/aggregate-registry';
import type { CompileEnv } from '../../expr/compile-expr';
import { compileExpr } from '../../expr/compile-expr';
import type { Dialect } from '../../expr/functions/function-spec';
import type { CompiledAggregate } from '../../exec/operators/hash-aggregate.operator';
import type { AggregateCall } from '../logical/aggregate-call';

/** Aggregate calls -> accumulator factories and compiled argument/filter closures. */
export function compileAggregates(calls: readonly AggregateCall[], dialect: Dialect, env: CompileEnv): CompiledAggregate[] {
  return calls.map((a) => {
    const resolved = resolveAggregate(a.name, a.args.map((x) => x.type), {
      dialect,
      distinct: a.distinct,
      ignoreNulls: a.ignoreNulls ?? false,
      literalArgs: a.args.map((x) => (x.kind === 'literal' ? x.value : undefined)),
    });
    if (typeof resolved === 'string') throw new InternalError(resolved);
    const arg = a.star || a.args.length === 0 ? () => 1 : compileExpr(a.args[0], env);
    const argColumn = !a.star && a.args[0]?.kind === 'input' ? a.args[0].index : undefined;
    return { create: resolved.create, createGroups: resolved.createGroups, arg, argColumn, star: a.star, filter: a.filter ? compileExpr(a.filter, env) : undefined };
  });
}

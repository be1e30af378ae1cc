import { compileCast } from '../../types/cast';
import type { SqlType } from '../../types/sql-type';
import { lookupScalarFunction } from './builtin-functions';
import type { FunctionContext, ResolvedFunction } from './function-spec';

/**
 * Resolves a built-in function and applies it to values the way the planner and expression
 * compiler do: argument i is cast to `argTypes[i]`, literals are passed to resolve, and a
 * 'strict' function returns NULL for a NULL argument. For specs and one-off evaluation; the
 * hot path uses compiled closures instead.
 */
export interface TypedValue {
  readonly type: SqlType;
  readonly value: unknown;
}

export function resolveFunction(name: string, ctx: FunctionContext, args: readonly TypedValue[]): ResolvedFunction {
  const spec = lookupScalarFunction(name, ctx.dialect);
  if (!spec) throw new Error(`unknown function ${name} in ${ctx.dialect}`);
  return spec.resolve(
    args.map((a) => a.type),
    ctx,
    args.map((a) => a.value),
  );
}

export function callFunction(name: string, ctx: FunctionContext, args: readonly TypedValue[]): unknown {
  const fn = resolveFunction(name, ctx, args);
  const values = args.map((a, i) => {
    const target = fn.argTypes?.[i];
    if (a.value === null || !target || target.kind === a.type.kind && target.precision === a.type.precision && target.scale === a.type.scale) {
      return a.value;
    }
    return compileCast(a.type, target, ctx, 'cast')(a.value);
  });
  if (fn.nulls !== 'custom' && values.some((v) => v === null)) return null;
  return fn.impl(...values);
}

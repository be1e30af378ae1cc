import {
  T,
  formatType,
  isCharacter,
  isIntegral,
  isNumeric,
  withNullable,
  type SqlType,
} from '../../types/sql-type';
import {
  FunctionArgumentError,
  type Dialect,
  type FunctionContext,
  type ResolvedFunction,
  type ScalarFunctionSpec,
} from './function-spec';

/**
 * Small helpers shared by the built-in function families: argument checks that produce the
 * "NAME expects (...), got (...)" message, implicit argument coercions and spec builders.
 */
export function argumentError(name: string, signature: string, args: readonly SqlType[]): FunctionArgumentError {
  return new FunctionArgumentError(`${name} expects ${signature}, got (${args.map(formatType).join(', ')})`);
}

export function checkArity(name: string, signature: string, args: readonly SqlType[], min: number, max = min): void {
  if (args.length < min || args.length > max) throw argumentError(name, signature, args);
}

export const anyNullable = (args: readonly SqlType[]) => args.some((a) => a.nullable || a.kind === 'NULL');

/**
 * STRING parameter: character types pass as they are; NULL, numbers, booleans and temporal
 * values are cast to STRING (both engines coerce them implicitly in string functions).
 */
export function stringArg(t: SqlType): SqlType | undefined {
  if (isCharacter(t)) return t;
  if (t.kind === 'NULL') return T.string();
  if (isNumeric(t) || t.kind === 'BOOLEAN' || t.kind === 'DATE' || t.kind === 'TIMESTAMP' || t.kind === 'TIMESTAMP_LTZ' || t.kind === 'TIME') {
    return T.string(t.nullable);
  }
  return undefined;
}

/** INT parameter: any integral type (or NULL) is cast to INT. */
export function intArg(t: SqlType): SqlType | undefined {
  if (t.kind === 'INT') return t;
  if (isIntegral(t) || t.kind === 'NULL') return T.int(t.nullable || t.kind === 'NULL');
  return undefined;
}

/** DOUBLE parameter: any numeric type (or NULL) is cast to DOUBLE; Spark also casts strings. */
export function doubleArg(t: SqlType, dialect: Dialect): SqlType | undefined {
  if (t.kind === 'DOUBLE') return t;
  if (isNumeric(t) || t.kind === 'NULL' || (dialect === 'spark' && isCharacter(t))) return T.double(t.nullable || t.kind === 'NULL');
  return undefined;
}

/** Maps each argument through its coercion; throws the signature error when one does not fit. */
export function coerceArgs(
  name: string,
  signature: string,
  args: readonly SqlType[],
  coercions: readonly ((t: SqlType) => SqlType | undefined)[],
): SqlType[] {
  return args.map((a, i) => {
    const coerce = coercions[Math.min(i, coercions.length - 1)];
    const t = coerce(a);
    if (!t) throw argumentError(name, signature, args);
    return t;
  });
}

export function literalString(literals: readonly unknown[], i: number): string | undefined {
  const v = literals[i];
  return typeof v === 'string' ? v : undefined;
}

export function literalNumber(literals: readonly unknown[], i: number): number | undefined {
  const v = literals[i];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v !== null && typeof v === 'object' && 'toNumber' in v) return (v as { toNumber(): number }).toNumber();
  return undefined;
}

export function nullableLike(type: SqlType, args: readonly SqlType[], alwaysNullable = false): SqlType {
  return withNullable(type, alwaysNullable || anyNullable(args));
}

/** A function with the same resolution in both dialects (or the given ones). */
export function defineFunction(
  name: string,
  resolve: (args: readonly SqlType[], ctx: FunctionContext, literals: readonly unknown[]) => ResolvedFunction,
  dialects?: readonly Dialect[],
): ScalarFunctionSpec {
  return dialects ? { name, dialects, resolve } : { name, resolve };
}

/** The same function under other names (UCASE for UPPER, ...). */
export function aliases(spec: ScalarFunctionSpec, names: readonly string[], dialects = spec.dialects): ScalarFunctionSpec[] {
  return names.map((name) => (dialects ? { name, dialects, resolve: spec.resolve } : { name, resolve: spec.resolve }));
}

/** Code-point aware helpers: both engines count characters, not UTF-16 units. */
const SURROGATE = /[\uD800-\uDFFF]/;

export function charLength(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function charSlice(s: string, start: number, end?: number): string {
  if (!SURROGATE.test(s)) return s.slice(start, end);
  return Array.from(s).slice(start, end).join('');
}

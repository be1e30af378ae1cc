import { Decimal, pow10 } from '../../types/decimal';
import { T, isCharacter, isIntegral } from '../../types/sql-type';
import { resolveArithmetic } from '../../types/type-coercion';
import type { FunctionContext, ResolvedFunction, ScalarFunctionSpec } from './function-spec';
import { aliases, argumentError, checkArity, coerceArgs, defineFunction, doubleArg, nullableLike, stringArg } from './function-helpers';
import { bitwiseFunctions } from './bitwise-functions';
import { roundingFunctions } from './math-rounding-functions';

/**
 * Numeric functions (Flink "Arithmetic Functions", Spark "Mathematical Functions"). Results are
 * DOUBLE unless noted. Spark returns NULL for the logarithm of a non-positive number; Flink
 * follows java.lang.Math (-Infinity / NaN).
 */
function doubleFunction(
  name: string,
  arity: number,
  fn: (...xs: number[]) => number | null,
  sparkFn: ((...xs: number[]) => number | null) | undefined = undefined,
  dialects?: readonly ('flink' | 'spark')[],
): ScalarFunctionSpec {
  return defineFunction(
    name,
    (args, ctx): ResolvedFunction => {
      const sig = `(${Array(arity).fill('DOUBLE').join(', ')})`;
      checkArity(name, sig, args, arity);
      const argTypes = coerceArgs(name, sig, args, [(t) => doubleArg(t, ctx.dialect)]);
      const impl = ctx.dialect === 'spark' && sparkFn ? sparkFn : fn;
      return { returnType: nullableLike(T.double(), args, impl === sparkFn), argTypes, impl: impl as (...a: unknown[]) => unknown };
    },
    dialects,
  );
}

const positive = (f: (x: number) => number) => (x: number) => (x <= 0 ? null : f(x));
const LN2 = Math.log(2);

const log = defineFunction('LOG', (args, ctx) => {
  const sig = '(DOUBLE) or (DOUBLE base, DOUBLE)';
  checkArity('LOG', sig, args, 1, 2);
  const argTypes = coerceArgs('LOG', sig, args, [(t) => doubleArg(t, ctx.dialect)]);
  const spark = ctx.dialect === 'spark';
  if (args.length === 1) {
    return { returnType: nullableLike(T.double(), args, spark), argTypes, impl: (x) => (spark && (x as number) <= 0 ? null : Math.log(x as number)) };
  }
  const impl = (b: unknown, x: unknown) =>
    spark && ((b as number) <= 0 || (x as number) <= 0) ? null : Math.log(x as number) / Math.log(b as number);
  return { returnType: nullableLike(T.double(), args, spark), argTypes, impl };
});

/** ABS keeps the argument type; the most negative integer stays negative (Java wrap-around). */
const abs = defineFunction('ABS', (args, ctx) => {
  checkArity('ABS', '(NUMERIC)', args, 1);
  const t = args[0].kind === 'NULL' ? T.int() : ctx.dialect === 'spark' && isCharacter(args[0]) ? T.double(args[0].nullable) : args[0];
  let impl: (v: unknown) => unknown;
  switch (t.kind) {
    case 'BIGINT': impl = (v) => BigInt.asIntN(64, (v as bigint) < 0n ? -(v as bigint) : (v as bigint)); break;
    case 'INT': impl = (v) => Math.abs(v as number) | 0; break;
    case 'SMALLINT': impl = (v) => (Math.abs(v as number) << 16) >> 16; break;
    case 'TINYINT': impl = (v) => (Math.abs(v as number) << 24) >> 24; break;
    case 'DECIMAL': impl = (v) => (v as Decimal).abs(); break;
    case 'FLOAT':
    case 'DOUBLE':
    case 'INTERVAL_DAY_TIME':
    case 'INTERVAL_YEAR_MONTH': impl = (v) => Math.abs(v as number); break;
    default: throw argumentError('ABS', '(NUMERIC)', args);
  }
  return { returnType: t, argTypes: [t], impl };
});

/** Flink SIGN keeps the argument type; Spark SIGN/SIGNUM return DOUBLE. */
const sign = defineFunction('SIGN', (args, ctx) => {
  checkArity('SIGN', '(NUMERIC)', args, 1);
  const t = args[0];
  if (ctx.dialect === 'spark' || t.kind === 'DOUBLE' || t.kind === 'FLOAT' || t.kind === 'NULL') {
    const argTypes = coerceArgs('SIGN', '(NUMERIC)', args, [(x) => doubleArg(x, ctx.dialect)]);
    return { returnType: nullableLike(T.double(), args), argTypes, impl: (v) => Math.sign(v as number) };
  }
  if (t.kind === 'DECIMAL') {
    const scale = t.scale ?? 0;
    const one = pow10(scale);
    return { returnType: t, argTypes: [t], impl: (v) => new Decimal(BigInt((v as Decimal).sign()) * one, scale) };
  }
  if (t.kind === 'BIGINT') return { returnType: t, argTypes: [t], impl: (v) => ((v as bigint) > 0n ? 1n : (v as bigint) < 0n ? -1n : 0n) };
  if (isIntegral(t)) return { returnType: t, argTypes: [t], impl: (v) => Math.sign(v as number) };
  throw argumentError('SIGN', '(NUMERIC)', args);
});

function constant(name: string, value: number): ScalarFunctionSpec {
  return defineFunction(name, (args) => {
    checkArity(name, '()', args, 0);
    return { returnType: T.double(false), impl: () => value };
  });
}

/** RAND([seed]): uniform in [0, 1); a seed gives a reproducible sequence per expression. */
const rand = defineFunction('RAND', (args, _ctx, literals) => {
  checkArity('RAND', '([INT])', args, 0, 1);
  if (args.length === 1 && !isIntegral(args[0]) && args[0].kind !== 'NULL') throw argumentError('RAND', '([INT])', args);
  const seed = literals[0];
  if (typeof seed !== 'number' && typeof seed !== 'bigint') {
    return { returnType: T.double(false), argTypes: args.length ? [T.bigint()] : [], nulls: 'custom', deterministic: false, impl: () => Math.random() };
  }
  let state = BigInt.asUintN(64, BigInt(seed) ^ 0x5deece66dn);
  const next = () => {
    // xorshift64*: reproducible for a given seed (the engines' own generators are not replicated).
    state ^= state >> 12n;
    state = BigInt.asUintN(64, state ^ (state << 25n));
    state ^= state >> 27n;
    return Number(BigInt.asUintN(64, state * 0x2545f4914f6cdd1dn) >> 11n) / 2 ** 53;
  };
  return { returnType: T.double(false), argTypes: [T.bigint()], nulls: 'custom', deterministic: false, impl: () => next() };
});

/** MOD(a, b) is the `%` operator; Spark PMOD is its non-negative variant. */
function modFunction(name: string, positiveOnly: boolean, dialects?: readonly ('flink' | 'spark')[]): ScalarFunctionSpec {
  return defineFunction(
    name,
    (args, ctx: FunctionContext, literals) => {
      checkArity(name, '(NUMERIC, NUMERIC)', args, 2);
      const mod = resolveArithmetic('%', args[0], args[1], ctx, literals);
      if (!positiveOnly) return mod;
      const add = resolveArithmetic('+', mod.returnType, args[1], ctx);
      const impl = (a: unknown, b: unknown) => {
        const r = mod.impl(a, b);
        if (r === null) return null;
        const negative = typeof r === 'bigint' ? r < 0n : typeof r === 'number' ? r < 0 : (r as Decimal).sign() < 0;
        return negative ? mod.impl(add.impl(r, b), b) : r;
      };
      return { ...mod, impl };
    },
    dialects,
  );
}

/** BIN(BIGINT) and HEX(BIGINT | STRING): two's complement for negative numbers, like Long.toBinaryString. */
function radixFunction(name: string, radix: 2 | 16): ScalarFunctionSpec {
  return defineFunction(name, (args) => {
    checkArity(name, radix === 2 ? '(BIGINT)' : '(BIGINT) or (STRING)', args, 1);
    const t = args[0];
    if (radix === 16 && (t.kind === 'BYTES' || isCharacter(t))) {
      const argTypes = t.kind === 'BYTES' ? [t] : coerceArgs(name, '(STRING)', args, [stringArg]);
      const encoder = new TextEncoder();
      const impl = (v: unknown) => Buffer.from(typeof v === 'string' ? encoder.encode(v) : (v as Uint8Array)).toString('hex').toUpperCase();
      return { returnType: nullableLike(T.string(), args), argTypes, impl };
    }
    if (!isIntegral(t) && t.kind !== 'NULL') throw argumentError(name, '(BIGINT)', args);
    const impl = (v: unknown) => BigInt.asUintN(64, v as bigint).toString(radix).toUpperCase();
    return { returnType: nullableLike(T.string(), args), argTypes: [T.bigint(t.nullable)], impl };
  });
}

const trig: [string, (x: number) => number][] = [
  ['SIN', Math.sin], ['COS', Math.cos], ['TAN', Math.tan], ['COT', (x) => 1 / Math.tan(x)],
  ['ASIN', Math.asin], ['ACOS', Math.acos], ['ATAN', Math.atan], ['SINH', Math.sinh],
  ['COSH', Math.cosh], ['TANH', Math.tanh], ['EXP', Math.exp], ['SQRT', Math.sqrt], ['CBRT', Math.cbrt],
  ['DEGREES', (x) => x * 57.29577951308232], ['RADIANS', (x) => x * 0.017453292519943295],
];

const power = doubleFunction('POWER', 2, Math.pow);
const signum = aliases(sign, ['SIGNUM'], ['spark']);

export const mathFunctions: readonly ScalarFunctionSpec[] = [
  abs,
  power,
  ...aliases(power, ['POW']),
  ...trig.map(([name, fn]) => doubleFunction(name, 1, fn)),
  doubleFunction('ATAN2', 2, Math.atan2),
  doubleFunction('LN', 1, Math.log, positive(Math.log)),
  doubleFunction('LOG10', 1, Math.log10, positive(Math.log10)),
  doubleFunction('LOG2', 1, (x) => Math.log(x) / LN2, positive((x) => Math.log(x) / LN2)),
  log,
  sign,
  ...signum,
  constant('PI', Math.PI),
  constant('E', Math.E),
  rand,
  modFunction('MOD', false),
  modFunction('PMOD', true, ['spark']),
  radixFunction('BIN', 2),
  radixFunction('HEX', 16),
  ...roundingFunctions,
  ...bitwiseFunctions,
];


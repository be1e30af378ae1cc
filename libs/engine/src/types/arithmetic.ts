import { ExecutionError } from '@sluice/contracts';
import { FunctionArgumentError, type FunctionContext, type ResolvedFunction } from '../expr/functions/function-spec';
import { wrapInt } from './cast-numeric';
import type { Decimal } from './decimal';
import { decimalArithmeticShape, decimalType, integralAsDecimal, shapeOf, type DecimalShape } from './decimal-typing';
import { T, formatType, isCharacter, isInterval, isNumeric, numericRank, withNullable, type SqlType } from './sql-type';
import { resolveTemporalArithmetic } from './temporal-arithmetic';

/**
 * Binary arithmetic `+ - * / % DIV` and unary minus. Result types: Flink follows Calcite's
 * operator table with FlinkTypeSystem (INT/INT is INT, `%` takes the right operand's type,
 * DECIMAL via LogicalTypeMerging); Spark follows its analyzer (`/` is DOUBLE or DECIMAL, DIV is
 * BIGINT, strings in arithmetic are cast to DOUBLE, DECIMAL via DecimalPrecision). Integral
 * overflow wraps like Java in both (Spark ANSI raises); division by zero raises in Flink and
 * is NULL in Spark (ANSI raises); a DECIMAL result that does not fit is NULL (Spark ANSI raises).
 */
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | 'DIV';

type Binary = (a: unknown, b: unknown) => unknown;

const OPS = new Set<string>(['+', '-', '*', '/', '%', 'DIV']);

/**
 * `literals[i]` is the value of operand i when it is a literal: Spark gives an integral literal
 * only the DECIMAL digits it needs when combined with a DECIMAL (DecimalType.forLiteral).
 */
export function resolveArithmetic(
  op: ArithmeticOp,
  left: SqlType,
  right: SqlType,
  ctx: FunctionContext,
  literals: readonly unknown[] = [],
): ResolvedFunction {
  if ((op as string) === 'MOD') op = '%';
  if (!OPS.has(op)) throw new FunctionArgumentError(`unknown arithmetic operator '${op}'`);
  let l = left.kind === 'NULL' ? withNullable(right.kind === 'NULL' ? T.int() : right, true) : left;
  let r = right.kind === 'NULL' ? withNullable(left.kind === 'NULL' ? T.int() : left, true) : right;
  if (ctx.dialect === 'spark') {
    // Spark casts a string next to an interval to TIMESTAMP, and a string in arithmetic to DOUBLE.
    if (isCharacter(l) && isInterval(r)) l = T.timestamp(6, l.nullable);
    if (isCharacter(r) && isInterval(l)) r = T.timestamp(6, r.nullable);
    if (isCharacter(l) && (isNumeric(r) || isCharacter(r))) l = T.double(l.nullable);
    if (isCharacter(r) && isNumeric(l)) r = T.double(r.nullable);
  }
  const temporal = resolveTemporalArithmetic(op, l, r, ctx);
  if (temporal) return temporal;
  if (!isNumeric(l) || !isNumeric(r)) {
    throw new FunctionArgumentError(`cannot apply '${op}' to arguments of type ${formatType(left)} and ${formatType(right)}`);
  }
  if (ctx.dialect === 'flink' && op === '%' && (!isExact(l) || !isExact(r))) {
    throw new FunctionArgumentError(`cannot apply '%' (MOD) to arguments of type ${formatType(left)} and ${formatType(right)}: MOD expects exact numeric arguments`);
  }
  const nullable = l.nullable || r.nullable;
  if (op === 'DIV') return resolveIntegralDivide(l, r, ctx, nullable, literals);
  if (l.kind === 'DECIMAL' || r.kind === 'DECIMAL') {
    if (isExact(l) && isExact(r)) return resolveDecimal(op, l, r, ctx, nullable, literals);
    return floating(op, 'DOUBLE', ctx, nullable);
  }
  if (l.kind === 'DOUBLE' || r.kind === 'DOUBLE') return floating(op, 'DOUBLE', ctx, nullable);
  if (l.kind === 'FLOAT' || r.kind === 'FLOAT') return floating(op, ctx.dialect === 'spark' && op === '/' ? 'DOUBLE' : 'FLOAT', ctx, nullable);
  if (ctx.dialect === 'spark' && op === '/') return floating(op, 'DOUBLE', ctx, nullable);
  return resolveIntegral(op, l, r, ctx, nullable);
}

const isExact = (t: SqlType) => t.kind !== 'FLOAT' && t.kind !== 'DOUBLE';

function divisionByZero(ctx: FunctionContext): () => null {
  if (ctx.dialect === 'spark' && !ctx.ansi) return () => null;
  return () => {
    throw new ExecutionError('DIVISION_BY_ZERO', 'division by zero');
  };
}

function overflow(ctx: FunctionContext, what: string): () => null {
  if (ctx.dialect === 'spark' && ctx.ansi) {
    return () => {
      throw new ExecutionError('ARITHMETIC_OVERFLOW', `${what} overflow`);
    };
  }
  return () => null;
}

const mayBeNull = (ctx: FunctionContext) => ctx.dialect === 'spark' && !ctx.ansi;

function floating(op: Exclude<ArithmeticOp, 'DIV'>, kind: 'FLOAT' | 'DOUBLE', ctx: FunctionContext, nullable: boolean): ResolvedFunction {
  const type = kind === 'FLOAT' ? T.float(nullable) : T.double(nullable);
  const zero = divisionByZero(ctx);
  const spark = ctx.dialect === 'spark';
  let impl: Binary;
  switch (op) {
    case '+': impl = (a, b) => (a as number) + (b as number); break;
    case '-': impl = (a, b) => (a as number) - (b as number); break;
    case '*': impl = (a, b) => (a as number) * (b as number); break;
    case '/': impl = spark ? (a, b) => (b === 0 ? zero() : (a as number) / (b as number)) : (a, b) => (a as number) / (b as number); break;
    case '%': impl = spark ? (a, b) => (b === 0 ? zero() : (a as number) % (b as number)) : (a, b) => (a as number) % (b as number); break;
  }
  if (kind === 'FLOAT') {
    const wide = impl;
    impl = (a, b) => {
      const v = wide(a, b);
      return v === null ? null : Math.fround(v as number);
    };
  }
  const resultNullable = nullable || (spark && (op === '/' || op === '%') && mayBeNull(ctx));
  const argType = kind === 'FLOAT' ? T.float() : T.double();
  return { returnType: withNullable(type, resultNullable), argTypes: [argType, argType], impl };
}

function resolveIntegral(op: Exclude<ArithmeticOp, 'DIV'>, l: SqlType, r: SqlType, ctx: FunctionContext, nullable: boolean): ResolvedFunction {
  const wide = numericRank(l) >= numericRank(r) ? l : r;
  // Calcite's NULLABLE_MOD: MOD(a, b) has the type of b.
  const result = ctx.dialect === 'flink' && op === '%' ? r : wide;
  const opType = withNullable(wide, true);
  let impl = wide.kind === 'BIGINT' ? bigintImpl(op, ctx) : intImpl(op, wide.kind === 'INT' ? 32 : wide.kind === 'SMALLINT' ? 16 : 8, ctx);
  if (result.kind !== wide.kind) {
    const compute = impl;
    const bits = result.kind === 'INT' ? 32 : result.kind === 'SMALLINT' ? 16 : 8;
    impl = (a, b) => {
      const v = compute(a, b);
      return v === null ? null : wrapInt(typeof v === 'bigint' ? Number(BigInt.asIntN(32, v)) : (v as number), bits);
    };
  }
  const resultNullable = nullable || ((op === '/' || op === '%') && mayBeNull(ctx));
  return { returnType: withNullable(result, resultNullable), argTypes: [opType, opType], impl };
}

function intImpl(op: Exclude<ArithmeticOp, 'DIV'>, bits: number, ctx: FunctionContext): Binary {
  const zero = divisionByZero(ctx);
  const checked = ctx.dialect === 'spark' && ctx.ansi === true;
  const max = 2 ** (bits - 1);
  const fail = overflow(ctx, `${bits}-bit integer`);
  const wrap = checked ? (v: number) => (v >= -max && v < max ? v : fail()) : (v: number) => wrapInt(v, bits);
  switch (op) {
    case '+': return (a, b) => wrap((a as number) + (b as number));
    case '-': return (a, b) => wrap((a as number) - (b as number));
    case '*': return checked ? (a, b) => wrap((a as number) * (b as number)) : (a, b) => wrapInt(Math.imul(a as number, b as number), bits);
    case '/': return (a, b) => (b === 0 ? zero() : wrap(Math.trunc((a as number) / (b as number))));
    case '%': return (a, b) => (b === 0 ? zero() : ((a as number) % (b as number)) | 0);
  }
}

function bigintImpl(op: Exclude<ArithmeticOp, 'DIV'>, ctx: FunctionContext): Binary {
  const zero = divisionByZero(ctx);
  const fail = overflow(ctx, 'BIGINT');
  const wrap = ctx.dialect === 'spark' && ctx.ansi
    ? (v: bigint) => (BigInt.asIntN(64, v) === v ? v : fail())
    : (v: bigint) => BigInt.asIntN(64, v);
  switch (op) {
    case '+': return (a, b) => wrap((a as bigint) + (b as bigint));
    case '-': return (a, b) => wrap((a as bigint) - (b as bigint));
    case '*': return (a, b) => wrap((a as bigint) * (b as bigint));
    case '/': return (a, b) => (b === 0n ? zero() : wrap((a as bigint) / (b as bigint)));
    case '%': return (a, b) => (b === 0n ? zero() : (a as bigint) % (b as bigint));
  }
}

function decimalShapeOf(t: SqlType, ctx: FunctionContext, literal: unknown): DecimalShape {
  return t.kind === 'DECIMAL' ? shapeOf(t) : integralAsDecimal(t, ctx.dialect, literal);
}

function resolveDecimal(
  op: Exclude<ArithmeticOp, 'DIV'>,
  l: SqlType,
  r: SqlType,
  ctx: FunctionContext,
  nullable: boolean,
  literals: readonly unknown[],
): ResolvedFunction {
  const x = decimalShapeOf(l, ctx, literals[0]);
  const y = decimalShapeOf(r, ctx, literals[1]);
  const shape = decimalArithmeticShape(op, x.precision, x.scale, y.precision, y.scale);
  const { precision, scale } = shape;
  const tooBig = overflow(ctx, `DECIMAL(${precision}, ${scale})`);
  const zero = divisionByZero(ctx);
  const fit = (d: Decimal) => (d.fits(precision) ? d : tooBig());
  let impl: Binary;
  switch (op) {
    case '+': impl = (a, b) => fit((a as Decimal).add(b as Decimal).rescale(scale)); break;
    case '-': impl = (a, b) => fit((a as Decimal).subtract(b as Decimal).rescale(scale)); break;
    case '*': impl = (a, b) => fit((a as Decimal).multiply(b as Decimal).rescale(scale)); break;
    case '/': impl = (a, b) => ((b as Decimal).unscaled === 0n ? zero() : fit((a as Decimal).divide(b as Decimal, scale)!)); break;
    case '%': impl = (a, b) => ((b as Decimal).unscaled === 0n ? zero() : fit((a as Decimal).remainder(b as Decimal)!.rescale(scale))); break;
  }
  return {
    returnType: decimalType(shape, true),
    argTypes: [decimalType(x, l.nullable), decimalType(y, r.nullable)],
    impl,
  };
}

/** Spark's `a DIV b`: integral quotient truncated toward zero, BIGINT. */
function resolveIntegralDivide(l: SqlType, r: SqlType, ctx: FunctionContext, nullable: boolean, literals: readonly unknown[]): ResolvedFunction {
  const zero = divisionByZero(ctx);
  const returnType = T.bigint(nullable || mayBeNull(ctx));
  if ((l.kind === 'DECIMAL' || r.kind === 'DECIMAL') && isExact(l) && isExact(r)) {
    const x = decimalShapeOf(l, ctx, literals[0]);
    const y = decimalShapeOf(r, ctx, literals[1]);
    const scale = Math.max(x.scale, y.scale);
    return {
      returnType,
      argTypes: [decimalType(x, l.nullable), decimalType(y, r.nullable)],
      impl: (a, b) => {
        const d = b as Decimal;
        if (d.unscaled === 0n) return zero();
        return BigInt.asIntN(64, (a as Decimal).rescale(scale).unscaled / d.rescale(scale).unscaled);
      },
    };
  }
  return {
    returnType,
    argTypes: [T.bigint(l.nullable), T.bigint(r.nullable)],
    impl: (a, b) => (b === 0n ? zero() : BigInt.asIntN(64, (a as bigint) / (b as bigint))),
  };
}

/** Unary minus. */
export function resolveNegate(type: SqlType, ctx: FunctionContext): ResolvedFunction {
  const t = type.kind === 'NULL' ? T.int() : ctx.dialect === 'spark' && isCharacter(type) ? T.double(type.nullable) : type;
  const fail = overflow(ctx, formatType(t));
  const checked = ctx.dialect === 'spark' && ctx.ansi === true;
  let impl: (a: unknown) => unknown;
  switch (t.kind) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT': {
      const bits = t.kind === 'INT' ? 32 : t.kind === 'SMALLINT' ? 16 : 8;
      const min = -(2 ** (bits - 1));
      impl = checked ? (a) => (a === min ? fail() : -(a as number) | 0) : (a) => wrapInt(-(a as number), bits);
      break;
    }
    case 'BIGINT':
      impl = checked ? (a) => (a === -(2n ** 63n) ? fail() : -(a as bigint)) : (a) => BigInt.asIntN(64, -(a as bigint));
      break;
    case 'DECIMAL':
      impl = (a) => (a as Decimal).negate();
      break;
    case 'FLOAT':
    case 'DOUBLE':
    case 'INTERVAL_DAY_TIME':
    case 'INTERVAL_YEAR_MONTH':
      impl = (a) => 0 - (a as number);
      break;
    default:
      throw new FunctionArgumentError(`cannot apply unary '-' to an argument of type ${formatType(type)}`);
  }
  return { returnType: t, argTypes: [t], impl };
}


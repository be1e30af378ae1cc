import { doubleToInt64, wrapInt } from '../../types/cast-numeric';
import { Decimal, pow10 } from '../../types/decimal';
import { decimalType, roundDecimalShape, shapeOf } from '../../types/decimal-typing';
import { T, isApproximate, isIntegral, withNullable, type SqlType } from '../../types/sql-type';
import {
  MS_PER_DAY,
  ceilTimestamp,
  floorTimestamp,
  instantToWallClock,
  wallClockToInstant,
  zoneRules,
  type TimeUnit,
} from '../../types/temporal';
import type { FunctionContext, ResolvedFunction, ScalarFunctionSpec } from './function-spec';
import { aliases, argumentError, checkArity, defineFunction, literalNumber, literalString } from './function-helpers';

/**
 * ROUND, BROUND, TRUNCATE, FLOOR and CEIL, including FLOOR/CEIL(temporal TO unit), which the
 * parser sends as FLOOR(temporal, 'UNIT'). Rounding of doubles goes through their decimal text
 * (Java's BigDecimal.valueOf(double).setScale), so ROUND(1.005, 2) = 1.01 as in both engines.
 */
export type RoundingMode = 'HALF_UP' | 'HALF_EVEN' | 'DOWN' | 'FLOOR' | 'CEILING';

/** Rounds to `digits` fraction digits (negative: tens, hundreds, ...); result scale max(digits, 0). */
export function roundDecimal(d: Decimal, digits: number, mode: RoundingMode): Decimal {
  if (digits >= d.scale) return d.rescale(Math.max(digits, 0));
  const divisor = pow10(d.scale - digits);
  const u = d.unscaled;
  let q = u / divisor;
  const r = u - q * divisor;
  if (r !== 0n) {
    const negative = u < 0n;
    const twice = (r < 0n ? -r : r) * 2n;
    let away = false;
    if (mode === 'HALF_UP') away = twice >= divisor;
    else if (mode === 'HALF_EVEN') away = twice > divisor || (twice === divisor && q % 2n !== 0n);
    else if (mode === 'FLOOR') away = negative;
    else if (mode === 'CEILING') away = !negative;
    if (away) q += negative ? -1n : 1n;
  }
  return digits >= 0 ? new Decimal(q, digits) : new Decimal(q * pow10(-digits), 0);
}

function roundDouble(x: number, digits: number, mode: RoundingMode): number {
  if (!Number.isFinite(x)) return x;
  const d = Decimal.fromNumber(x);
  return d === undefined ? x : roundDecimal(d, digits, mode).toNumber();
}

function roundingFunction(name: string, mode: RoundingMode, dialects?: readonly ('flink' | 'spark')[]): ScalarFunctionSpec {
  return defineFunction(
    name,
    (args, ctx, literals): ResolvedFunction => {
      const sig = '(NUMERIC[, INT])';
      checkArity(name, sig, args, 1, 2);
      const [x] = args;
      const d = args[1];
      if (d && !isIntegral(d) && d.kind !== 'NULL') throw argumentError(name, sig, args);
      const literalDigits = args.length === 1 ? 0 : literalNumber(literals, 1);
      const digitArg = d ? [T.int(d.nullable)] : [];
      const nullable = args.some((a) => a.nullable || a.kind === 'NULL');
      switch (x.kind) {
        case 'DECIMAL': {
          const { precision, scale } = shapeOf(x);
          const r = literalDigits ?? scale;
          const shape = roundDecimalShape(precision, scale, r, ctx.dialect);
          const impl = (v: unknown, digits: unknown = 0) => roundDecimal(v as Decimal, digits as number, mode).rescale(shape.scale);
          return { returnType: decimalType(shape, nullable), argTypes: [x, ...digitArg], impl };
        }
        case 'FLOAT':
        case 'DOUBLE': {
          const f = x.kind === 'FLOAT';
          const impl = (v: unknown, digits: unknown = 0) => {
            const y = roundDouble(v as number, digits as number, mode);
            return f ? Math.fround(y) : y;
          };
          return { returnType: withNullable(x, nullable), argTypes: [x, ...digitArg], impl };
        }
        case 'TINYINT':
        case 'SMALLINT':
        case 'INT':
        case 'BIGINT':
        case 'NULL': {
          const t = x.kind === 'NULL' ? T.int() : x;
          const big = t.kind === 'BIGINT';
          const bits = t.kind === 'INT' ? 32 : t.kind === 'SMALLINT' ? 16 : 8;
          const impl = (v: unknown, digits: unknown = 0) => {
            if ((digits as number) >= 0) return v;
            const r = roundDecimal(new Decimal(BigInt(v as number | bigint), 0), digits as number, mode).unscaled;
            return big ? BigInt.asIntN(64, r) : wrapInt(Number(BigInt.asIntN(32, r)), bits);
          };
          return { returnType: withNullable(t, nullable), argTypes: [t, ...digitArg], impl };
        }
        default:
          if (ctx.dialect === 'spark' && (x.kind === 'STRING' || x.kind === 'VARCHAR' || x.kind === 'CHAR')) {
            const impl = (v: unknown, digits: unknown = 0) => roundDouble(v as number, digits as number, mode);
            return { returnType: T.double(true), argTypes: [T.double(), ...digitArg], impl };
          }
          throw argumentError(name, sig, args);
      }
    },
    dialects,
  );
}

const TIME_UNITS = new Set(['MILLENNIUM', 'CENTURY', 'DECADE', 'YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'MILLISECOND', 'MICROSECOND']);

/** FLOOR/CEIL(temporal TO unit). */
function temporalFloorCeil(name: string, isCeil: boolean, args: readonly SqlType[], ctx: FunctionContext, literals: readonly unknown[]): ResolvedFunction {
  const unit = literalString(literals, 1)?.toUpperCase();
  if (!unit || !TIME_UNITS.has(unit)) throw argumentError(name, `(DATE|TIME|TIMESTAMP, 'YEAR'|...|'SECOND')`, args);
  const u = unit as TimeUnit;
  const op = isCeil ? ceilTimestamp : floorTimestamp;
  const t = args[0];
  let impl: (v: unknown) => unknown;
  switch (t.kind) {
    case 'DATE':
      impl = (v) => Math.floor(op((v as number) * MS_PER_DAY, u) / MS_PER_DAY);
      break;
    case 'TIMESTAMP_LTZ': {
      const zone = zoneRules(ctx.timeZone);
      impl = (v) => wallClockToInstant(op(instantToWallClock(v as number, zone), u), zone);
      break;
    }
    default:
      impl = (v) => op(v as number, u);
  }
  return { returnType: withNullable(t, t.nullable), argTypes: [t, T.string()], impl: (v) => impl(v) };
}

/**
 * FLOOR/CEIL of numbers. Flink (Calcite ARG0_OR_EXACT_NO_SCALE): same type, DECIMAL(p, 0) for
 * decimals. Spark: BIGINT for integral and floating types, DECIMAL(p - s + 1, 0) for decimals.
 */
function floorCeil(name: string, isCeil: boolean): ScalarFunctionSpec {
  return defineFunction(name, (args, ctx, literals) => {
    const sig = `(NUMERIC) or (DATE|TIME|TIMESTAMP, unit)`;
    checkArity(name, sig, args, 1, 2);
    const x = args[0];
    if (args.length === 2) {
      if (['DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP_LTZ'].includes(x.kind)) return temporalFloorCeil(name, isCeil, args, ctx, literals);
      throw argumentError(name, sig, args);
    }
    const spark = ctx.dialect === 'spark';
    const mode: RoundingMode = isCeil ? 'CEILING' : 'FLOOR';
    const mathOp = isCeil ? Math.ceil : Math.floor;
    if (x.kind === 'DECIMAL') {
      const { precision, scale } = shapeOf(x);
      const returnType = decimalType({ precision: spark ? Math.min(38, precision - scale + 1) : precision, scale: 0 }, x.nullable);
      return { returnType, argTypes: [x], impl: (v) => roundDecimal(v as Decimal, 0, mode) };
    }
    if (isApproximate(x) || (spark && x.kind !== 'NULL' && !isIntegral(x) && ['STRING', 'VARCHAR', 'CHAR'].includes(x.kind))) {
      if (spark) return { returnType: T.bigint(x.nullable), argTypes: [T.double(x.nullable)], impl: (v) => doubleToInt64(mathOp(v as number)) };
      return { returnType: x, argTypes: [x], impl: (v) => mathOp(v as number) };
    }
    if (isIntegral(x) || x.kind === 'NULL') {
      if (spark) return { returnType: T.bigint(true), argTypes: [T.bigint(x.nullable)], impl: (v) => v };
      const t = x.kind === 'NULL' ? T.int() : x;
      return { returnType: t, argTypes: [t], impl: (v) => v };
    }
    throw argumentError(name, sig, args);
  });
}

const floor = floorCeil('FLOOR', false);
const ceil = floorCeil('CEIL', true);

/** FLOOR(x TO unit) / CEIL(x TO unit) as the parser sends them: TIME_FLOOR(x, 'UNIT'). */
function timeFloorCeil(name: string, isCeil: boolean): ScalarFunctionSpec {
  return defineFunction(name, (args, ctx, literals) => {
    const sig = "(DATE | TIME | TIMESTAMP, 'UNIT')";
    checkArity(name, sig, args, 2);
    if (!['DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP_LTZ'].includes(args[0].kind)) throw argumentError(name, sig, args);
    return temporalFloorCeil(name, isCeil, args, ctx, literals);
  });
}

export const roundingFunctions: readonly ScalarFunctionSpec[] = [
  roundingFunction('ROUND', 'HALF_UP'),
  roundingFunction('BROUND', 'HALF_EVEN', ['spark']),
  roundingFunction('TRUNCATE', 'DOWN', ['flink']),
  floor,
  ceil,
  ...aliases(ceil, ['CEILING']),
  timeFloorCeil('TIME_FLOOR', false),
  timeFloorCeil('TIME_CEIL', true),
];

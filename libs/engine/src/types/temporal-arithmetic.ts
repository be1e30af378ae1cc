import { ExecutionError } from '@sluice/contracts';
import type { FunctionContext, ResolvedFunction } from '../expr/functions/function-spec';
import type { ArithmeticOp } from './arithmetic';
import { MS_PER_DAY, addMonthsToDays, addMonthsToTimestamp } from './civil-date';
import type { Decimal } from './decimal';
import { T, isIntegral, isInterval, isNumeric, withNullable, type SqlType } from './sql-type';
import { instantToWallClock, wallClockToInstant, zoneRules } from './time-zone';

/**
 * Arithmetic on dates, timestamps and intervals. DATE ± INT adds days (Spark's date_add);
 * DATE ± interval stays a DATE (day-time intervals count whole days: our interval type does
 * not record its fields, so Spark's promotion of `date + INTERVAL '1' HOUR` to TIMESTAMP is not
 * modelled); TIMESTAMP - TIMESTAMP and DATE - DATE give a day-time interval (Spark).
 * Year-month intervals clamp to the end of month (2020-01-31 + 1 month = 2020-02-29).
 */
type Binary = (a: unknown, b: unknown) => unknown;

const isPoint = (t: SqlType) => t.kind === 'DATE' || t.kind === 'TIME' || t.kind === 'TIMESTAMP' || t.kind === 'TIMESTAMP_LTZ';

export function resolveTemporalArithmetic(
  op: ArithmeticOp,
  l: SqlType,
  r: SqlType,
  ctx: FunctionContext,
): ResolvedFunction | undefined {
  const nullable = l.nullable || r.nullable;
  if (op === '+' && (isInterval(l) || isIntegral(l)) && isPoint(r)) {
    const swapped = resolveTemporalArithmetic('+', r, l, ctx);
    if (!swapped) return undefined;
    const impl = swapped.impl;
    return { ...swapped, argTypes: [swapped.argTypes![1], swapped.argTypes![0]], impl: (a, b) => impl(b, a) };
  }
  if ((op === '+' || op === '-') && isPoint(l)) {
    const sign = op === '+' ? 1 : -1;
    if (isInterval(r)) return shiftByInterval(l, r, sign, ctx, nullable);
    if (l.kind === 'DATE' && isIntegral(r)) {
      return { returnType: T.date(nullable), argTypes: [l, T.int(r.nullable)], impl: (a, b) => (a as number) + sign * (b as number) };
    }
    if (op === '-' && isPoint(r) && l.kind !== 'TIME' && r.kind !== 'TIME') return difference(l, r, nullable);
    return undefined;
  }
  if (isInterval(l) && isInterval(r) && l.kind === r.kind && (op === '+' || op === '-')) {
    const impl: Binary = op === '+' ? (a, b) => (a as number) + (b as number) : (a, b) => (a as number) - (b as number);
    return { returnType: withNullable(l, nullable), argTypes: [l, r], impl };
  }
  if (op === '*' && isNumeric(l) && isInterval(r)) {
    const swapped = scaleInterval('*', r, l, ctx, nullable);
    return { ...swapped, argTypes: [swapped.argTypes![1], swapped.argTypes![0]], impl: (a, b) => swapped.impl(b, a) };
  }
  if ((op === '*' || op === '/') && isInterval(l) && isNumeric(r)) return scaleInterval(op, l, r, ctx, nullable);
  return undefined;
}

function shiftByInterval(point: SqlType, interval: SqlType, sign: number, ctx: FunctionContext, nullable: boolean): ResolvedFunction {
  const months = interval.kind === 'INTERVAL_YEAR_MONTH';
  let impl: Binary;
  switch (point.kind) {
    case 'DATE':
      impl = months
        ? (a, b) => addMonthsToDays(a as number, sign * (b as number))
        : (a, b) => (a as number) + sign * Math.trunc((b as number) / MS_PER_DAY);
      break;
    case 'TIME':
      impl = months
        ? (a) => a
        : (a, b) => {
            const t = ((a as number) + sign * (b as number)) % MS_PER_DAY;
            return t < 0 ? t + MS_PER_DAY : t;
          };
      break;
    case 'TIMESTAMP':
      impl = months
        ? (a, b) => addMonthsToTimestamp(a as number, sign * (b as number))
        : (a, b) => (a as number) + sign * (b as number);
      break;
    default: {
      const zone = zoneRules(ctx.timeZone);
      impl = months
        ? (a, b) => wallClockToInstant(addMonthsToTimestamp(instantToWallClock(a as number, zone), sign * (b as number)), zone)
        : (a, b) => (a as number) + sign * (b as number);
    }
  }
  return { returnType: withNullable(point, nullable), argTypes: [point, interval], impl };
}

/** TIMESTAMP - TIMESTAMP and DATE - DATE as a day-time interval (ms). */
function difference(l: SqlType, r: SqlType, nullable: boolean): ResolvedFunction {
  if (l.kind === 'DATE' && r.kind === 'DATE') {
    return { returnType: T.intervalDayTime(nullable), argTypes: [l, r], impl: (a, b) => ((a as number) - (b as number)) * MS_PER_DAY };
  }
  const ltz = l.kind === 'TIMESTAMP_LTZ' || r.kind === 'TIMESTAMP_LTZ';
  const precisionOf = (t: SqlType) => {
    const target = ltz ? 'TIMESTAMP_LTZ' : 'TIMESTAMP';
    if (t.kind === target) return t;
    const precision = t.kind === 'DATE' ? 3 : t.precision ?? 3;
    return ltz ? T.timestampLtz(precision, t.nullable) : T.timestamp(precision, t.nullable);
  };
  return {
    returnType: T.intervalDayTime(nullable),
    argTypes: [precisionOf(l), precisionOf(r)],
    impl: (a, b) => (a as number) - (b as number),
  };
}

function scaleInterval(op: '*' | '/', interval: SqlType, factor: SqlType, ctx: FunctionContext, nullable: boolean): ResolvedFunction {
  // Spark rounds HALF_UP (multiply_dt_interval / divide_dt_interval); Flink truncates like Java's (long) cast.
  const round = ctx.dialect === 'spark' ? (x: number) => Math.sign(x) * Math.round(Math.abs(x)) : Math.trunc;
  const toNumber = factor.kind === 'DECIMAL' ? (v: unknown) => (v as Decimal).toNumber() : (v: unknown) => Number(v);
  const impl: Binary =
    op === '*'
      ? (a, b) => round((a as number) * toNumber(b))
      : (a, b) => {
          const d = toNumber(b);
          if (d === 0) throw new ExecutionError('DIVISION_BY_ZERO', 'interval divided by zero');
          return round((a as number) / d);
        };
  return { returnType: withNullable(interval, nullable), argTypes: [interval, factor], impl };
}

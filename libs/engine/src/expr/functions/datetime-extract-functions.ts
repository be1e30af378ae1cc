import { Decimal } from '../../types/decimal';
import { T, type SqlType } from '../../types/sql-type';
import {
  MS_PER_DAY,
  civilFromDays,
  dayOfWeek,
  dayOfYear,
  isoDayOfWeek,
  isoWeek,
} from '../../types/temporal';
import type { FunctionContext, ResolvedFunction, ScalarFunctionSpec } from './function-spec';
import { aliases, argumentError, checkArity, defineFunction, literalString } from './function-helpers';
import { sessionZone, temporalArg, wallClockReader } from './datetime-helpers';

/**
 * EXTRACT(unit FROM x) (sent as EXTRACT('UNIT', x)) and the field functions YEAR, MONTH, ...
 * Flink returns BIGINT (Calcite); Spark returns INT, and DECIMAL(8, 6) for EXTRACT(SECOND),
 * which includes the fraction. DAYOFWEEK is 1 = Sunday in both; WEEK is the ISO week.
 */
type Field = (wallMs: number) => number;

// BigInt() of a small number costs more than the field itself; Flink's fields are BIGINT.
const SMALL_BIGINTS = Array.from({ length: 10_000 }, (_, i) => BigInt(i));
const toBigInt = (n: number) => (n >= 0 && n < 10_000 ? SMALL_BIGINTS[n] : BigInt(n));

const days = (ms: number) => Math.floor(ms / MS_PER_DAY);
const tod = (ms: number) => ms - days(ms) * MS_PER_DAY;

const FIELDS: Record<string, Field> = {
  MILLENNIUM: (ms) => Math.floor((civilFromDays(days(ms)).year - 1) / 1000) + 1,
  CENTURY: (ms) => Math.floor((civilFromDays(days(ms)).year - 1) / 100) + 1,
  DECADE: (ms) => Math.floor(civilFromDays(days(ms)).year / 10),
  YEAR: (ms) => civilFromDays(days(ms)).year,
  ISOYEAR: (ms) => isoWeek(days(ms)).weekYear,
  QUARTER: (ms) => Math.floor((civilFromDays(days(ms)).month - 1) / 3) + 1,
  MONTH: (ms) => civilFromDays(days(ms)).month,
  WEEK: (ms) => isoWeek(days(ms)).week,
  DAY: (ms) => civilFromDays(days(ms)).day,
  DOY: (ms) => dayOfYear(days(ms)),
  DOW: (ms) => dayOfWeek(days(ms)),
  ISODOW: (ms) => isoDayOfWeek(days(ms)),
  WEEKDAY: (ms) => isoDayOfWeek(days(ms)) - 1,
  HOUR: (ms) => Math.floor(tod(ms) / 3_600_000),
  MINUTE: (ms) => Math.floor(tod(ms) / 60_000) % 60,
  SECOND: (ms) => Math.floor(tod(ms) / 1000) % 60,
  MILLISECOND: (ms) => Math.floor(tod(ms)) % 60_000,
  MICROSECOND: (ms) => Math.round((tod(ms) % 60_000) * 1000),
  EPOCH: (ms) => Math.floor(ms / 1000),
};

const SYNONYMS: Record<string, string> = {
  Y: 'YEAR', YEARS: 'YEAR', YR: 'YEAR', YRS: 'YEAR', YEAROFWEEK: 'ISOYEAR', QTR: 'QUARTER',
  MON: 'MONTH', MONS: 'MONTH', MONTHS: 'MONTH', W: 'WEEK', WEEKS: 'WEEK', D: 'DAY', DAYS: 'DAY',
  DAYOFMONTH: 'DAY', DAYOFWEEK: 'DOW', DAYOFWEEK_ISO: 'ISODOW', DOW_ISO: 'ISODOW', DAYOFYEAR: 'DOY',
  H: 'HOUR', HOURS: 'HOUR', HR: 'HOUR', HRS: 'HOUR', M: 'MINUTE', MIN: 'MINUTE', MINS: 'MINUTE',
  MINUTES: 'MINUTE', S: 'SECOND', SEC: 'SECOND', SECONDS: 'SECOND', SECS: 'SECOND',
  MILLISECONDS: 'MILLISECOND', MICROSECONDS: 'MICROSECOND',
};

export function canonicalUnit(unit: string): string {
  const u = unit.toUpperCase();
  return SYNONYMS[u] ?? u;
}

/** Interval fields: EXTRACT(DAY FROM INTERVAL '...' DAY TO SECOND). */
function intervalField(unit: string, t: SqlType): ((v: number) => number) | undefined {
  if (t.kind === 'INTERVAL_YEAR_MONTH') {
    if (unit === 'YEAR') return (v) => Math.trunc(v / 12);
    if (unit === 'MONTH') return (v) => v % 12;
    return undefined;
  }
  const sizes: Record<string, [number, number]> = {
    DAY: [MS_PER_DAY, Infinity], HOUR: [3_600_000, 24], MINUTE: [60_000, 60], SECOND: [1000, 60], MILLISECOND: [1, 60_000],
  };
  const size = sizes[unit];
  return size && ((v) => Math.trunc(v / size[0]) % size[1]);
}

function fieldFunction(name: string, unit: string, args: readonly SqlType[], ctx: FunctionContext, sparkSecondFraction: boolean): ResolvedFunction {
  const t = args[args.length - 1];
  const spark = ctx.dialect === 'spark';
  const nullable = t.nullable || t.kind === 'NULL';
  const leading = args.length === 2 ? [T.string()] : [];
  if (t.kind === 'INTERVAL_DAY_TIME' || t.kind === 'INTERVAL_YEAR_MONTH') {
    const f = intervalField(unit, t);
    if (!f) throw argumentError(name, `(unit, ${t.kind})`, args);
    const returnType = spark ? T.int(nullable) : T.bigint(nullable);
    return { returnType, argTypes: [...leading, t], impl: (...a) => (spark ? f(a[a.length - 1] as number) : toBigInt(f(a[a.length - 1] as number))) };
  }
  const arg = temporalArg(t, ctx, ['HOUR', 'MINUTE', 'SECOND', 'MILLISECOND', 'MICROSECOND', 'EPOCH'].includes(unit) ? 'TIMESTAMP' : 'DATE');
  const field = FIELDS[unit];
  if (!arg || !field || (arg.kind === 'TIME' && !['HOUR', 'MINUTE', 'SECOND', 'MILLISECOND', 'MICROSECOND'].includes(unit))) {
    throw argumentError(name, '(DATE | TIMESTAMP)', args);
  }
  const wall = wallClockReader(arg, sessionZone(ctx));
  const argTypes = [...leading, arg];
  if (spark && sparkSecondFraction && unit === 'SECOND') {
    const impl = (...a: unknown[]) => {
      const ms = tod(wall(a[a.length - 1])) % 60_000;
      return new Decimal(BigInt(Math.round(ms * 1000)), 6);
    };
    return { returnType: T.decimal(8, 6, nullable), argTypes, impl };
  }
  const last = args.length - 1;
  if (spark) {
    return { returnType: T.int(nullable), argTypes, impl: last === 0 ? (v) => field(wall(v)) : (_u, v) => field(wall(v)) };
  }
  return { returnType: T.bigint(nullable), argTypes, impl: last === 0 ? (v) => toBigInt(field(wall(v))) : (_u, v) => toBigInt(field(wall(v))) };
}

/** EXTRACT('UNIT', x); Spark's DATE_PART('unit', x) is the same function. */
function extractSpec(name: string, dialects?: readonly ('flink' | 'spark')[]): ScalarFunctionSpec {
  return defineFunction(
    name,
    (args, ctx, literals) => {
      checkArity(name, "('UNIT', DATE | TIMESTAMP | INTERVAL)", args, 2);
      const unit = literalString(literals, 0);
      if (unit === undefined) throw argumentError(name, "('UNIT', DATE | TIMESTAMP | INTERVAL)", args);
      return fieldFunction(name, canonicalUnit(unit), args, ctx, true);
    },
    dialects,
  );
}

function field(name: string, unit: string, dialects?: readonly ('flink' | 'spark')[]): ScalarFunctionSpec {
  return defineFunction(
    name,
    (args, ctx) => {
      checkArity(name, '(DATE | TIMESTAMP)', args, 1);
      return fieldFunction(name, unit, args, ctx, false);
    },
    dialects,
  );
}

const dayOfMonth = field('DAYOFMONTH', 'DAY');
const week = field('WEEK', 'WEEK', ['flink']);

export const extractFunctions: readonly ScalarFunctionSpec[] = [
  extractSpec('EXTRACT'),
  extractSpec('DATE_PART', ['spark']),
  field('YEAR', 'YEAR'),
  field('QUARTER', 'QUARTER'),
  field('MONTH', 'MONTH'),
  week,
  field('WEEKOFYEAR', 'WEEK', ['spark']),
  field('DAYOFYEAR', 'DOY'),
  dayOfMonth,
  ...aliases(dayOfMonth, ['DAY']),
  field('DAYOFWEEK', 'DOW'),
  field('WEEKDAY', 'WEEKDAY', ['spark']),
  field('HOUR', 'HOUR'),
  field('MINUTE', 'MINUTE'),
  field('SECOND', 'SECOND'),
];

import { T, type SqlType } from '../../types/sql-type';
import {
  MS_PER_DAY,
  addMonthsToDays,
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  floorDays,
  floorTimestamp,
  isoDayOfWeek,
  lastDayOfMonth,
  type TimeUnit,
} from '../../types/temporal';
import type { FunctionContext, ResolvedFunction, ScalarFunctionSpec } from './function-spec';
import { argumentError, checkArity, defineFunction, intArg, literalString, nullableLike, stringArg } from './function-helpers';
import { sessionZone, temporalArg, wallClockReader, wallClockWriter } from './datetime-helpers';

/**
 * Spark's date functions (DateTimeUtils): DATE_ADD, DATE_SUB, DATEDIFF, ADD_MONTHS,
 * MONTHS_BETWEEN, LAST_DAY, NEXT_DAY, TRUNC, DATE_TRUNC, MAKE_DATE. Strings and timestamps
 * are cast to DATE where a date is expected; invalid units or day names give NULL.
 */
const SPARK: readonly ('flink' | 'spark')[] = ['spark'];

function dateArg(name: string, sig: string, args: readonly SqlType[], i: number, ctx: FunctionContext): SqlType {
  const t = temporalArg(args[i], ctx, 'DATE');
  if (!t || t.kind === 'TIME') throw argumentError(name, sig, args);
  return t.kind === 'DATE' ? t : T.date(t.nullable);
}

function dayShift(name: string, sign: 1 | -1): ScalarFunctionSpec {
  return defineFunction(
    name,
    (args, ctx) => {
      const sig = '(DATE, INT)';
      checkArity(name, sig, args, 2);
      const days = intArg(args[1]);
      if (!days) throw argumentError(name, sig, args);
      return {
        returnType: nullableLike(T.date(), args),
        argTypes: [dateArg(name, sig, args, 0, ctx), days],
        impl: (d, n) => (d as number) + sign * (n as number),
      };
    },
    SPARK,
  );
}

/** DATEDIFF(end, start) in days. */
const dateDiff = defineFunction(
  'DATEDIFF',
  (args, ctx) => {
    const sig = '(DATE, DATE)';
    checkArity('DATEDIFF', sig, args, 2);
    return {
      returnType: nullableLike(T.int(), args),
      argTypes: [dateArg('DATEDIFF', sig, args, 0, ctx), dateArg('DATEDIFF', sig, args, 1, ctx)],
      impl: (end, start) => (end as number) - (start as number),
    };
  },
  SPARK,
);

const addMonths = defineFunction(
  'ADD_MONTHS',
  (args, ctx) => {
    const sig = '(DATE, INT)';
    checkArity('ADD_MONTHS', sig, args, 2);
    const n = intArg(args[1]);
    if (!n) throw argumentError('ADD_MONTHS', sig, args);
    return {
      returnType: nullableLike(T.date(), args),
      argTypes: [dateArg('ADD_MONTHS', sig, args, 0, ctx), n],
      impl: (d, m) => addMonthsToDays(d as number, m as number),
    };
  },
  SPARK,
);

/**
 * MONTHS_BETWEEN(t1, t2[, roundOff]) (DateTimeUtils.monthsBetween): whole months when both days
 * are equal or both are month ends, otherwise the day and time difference over 31-day months;
 * rounded to 8 digits unless roundOff is false.
 */
export function monthsBetween(wall1: number, wall2: number, roundOff: boolean): number {
  const d1 = Math.floor(wall1 / MS_PER_DAY);
  const d2 = Math.floor(wall2 / MS_PER_DAY);
  const a = civilFromDays(d1);
  const b = civilFromDays(d2);
  const monthDiff = a.year * 12 + a.month - (b.year * 12 + b.month);
  const endA = a.day === daysInMonth(a.year, a.month);
  const endB = b.day === daysInMonth(b.year, b.month);
  if (a.day === b.day || (endA && endB)) return monthDiff;
  const secondsA = Math.floor((wall1 - d1 * MS_PER_DAY) / 1000);
  const secondsB = Math.floor((wall2 - d2 * MS_PER_DAY) / 1000);
  const diff = monthDiff + ((a.day - b.day) * 86400 + secondsA - secondsB) / (31 * 86400);
  return roundOff ? Math.round(diff * 1e8) / 1e8 : diff;
}

const monthsBetweenSpec = defineFunction(
  'MONTHS_BETWEEN',
  (args, ctx): ResolvedFunction => {
    const sig = '(TIMESTAMP, TIMESTAMP[, BOOLEAN])';
    checkArity('MONTHS_BETWEEN', sig, args, 2, 3);
    const a = temporalArg(args[0], ctx, 'TIMESTAMP');
    const b = temporalArg(args[1], ctx, 'TIMESTAMP');
    if (!a || !b || (args[2] && args[2].kind !== 'BOOLEAN' && args[2].kind !== 'NULL')) throw argumentError('MONTHS_BETWEEN', sig, args);
    const zone = sessionZone(ctx);
    const readA = wallClockReader(a, zone);
    const readB = wallClockReader(b, zone);
    return {
      returnType: nullableLike(T.double(), args),
      argTypes: args.length === 3 ? [a, b, T.boolean()] : [a, b],
      impl: (x, y, round = true) => monthsBetween(readA(x), readB(y), round as boolean),
    };
  },
  SPARK,
);

const lastDay = defineFunction(
  'LAST_DAY',
  (args, ctx) => {
    checkArity('LAST_DAY', '(DATE)', args, 1);
    return { returnType: nullableLike(T.date(), args), argTypes: [dateArg('LAST_DAY', '(DATE)', args, 0, ctx)], impl: (d) => lastDayOfMonth(d as number) };
  },
  SPARK,
);

const DAY_NAMES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const FULL_DAY_NAMES = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

/** ISO day number (1 = Monday) of 'Mo' / 'Mon' / 'Monday' (any case), or undefined. */
function isoDayOf(name: string): number | undefined {
  const upper = name.trim().toUpperCase();
  const i = upper.length === 2 ? DAY_NAMES.indexOf(upper) : FULL_DAY_NAMES.findIndex((f) => f === upper || (upper.length === 3 && f.startsWith(upper)));
  return i < 0 ? undefined : i + 1;
}

/** NEXT_DAY(date, dayOfWeek): the first later date that falls on that day. */
const nextDay = defineFunction(
  'NEXT_DAY',
  (args, ctx) => {
    const sig = '(DATE, STRING)';
    checkArity('NEXT_DAY', sig, args, 2);
    const name = stringArg(args[1]);
    if (!name) throw argumentError('NEXT_DAY', sig, args);
    return {
      returnType: T.date(true),
      argTypes: [dateArg('NEXT_DAY', sig, args, 0, ctx), name],
      impl: (d, n) => {
        const target = isoDayOf(n as string);
        if (target === undefined) return null;
        const shift = (target - isoDayOfWeek(d as number) + 7) % 7 || 7;
        return (d as number) + shift;
      },
    };
  },
  SPARK,
);

const TRUNC_UNITS: Record<string, TimeUnit> = {
  YEAR: 'YEAR', YYYY: 'YEAR', YY: 'YEAR', QUARTER: 'QUARTER', MONTH: 'MONTH', MM: 'MONTH', MON: 'MONTH',
  WEEK: 'WEEK', DAY: 'DAY', DD: 'DAY', HOUR: 'HOUR', MINUTE: 'MINUTE', SECOND: 'SECOND',
  MILLISECOND: 'MILLISECOND', MICROSECOND: 'MICROSECOND',
};
const DATE_LEVEL = new Set<TimeUnit>(['YEAR', 'QUARTER', 'MONTH', 'WEEK']);

/** A unit getter: fixed when the unit is a literal; NULL (undefined) for an unknown unit. */
function unitGetter(literals: readonly unknown[], index: number, allowed: (u: TimeUnit) => boolean): (u: unknown) => TimeUnit | undefined {
  const lookup = (u: unknown) => {
    const unit = typeof u === 'string' ? TRUNC_UNITS[u.toUpperCase()] : undefined;
    return unit && allowed(unit) ? unit : undefined;
  };
  const literal = literalString(literals, index);
  if (literal !== undefined) {
    const fixed = lookup(literal);
    return () => fixed;
  }
  return lookup;
}

/** TRUNC(date, 'YEAR' | 'QUARTER' | 'MONTH' | 'WEEK') -> DATE (weeks start on Monday). */
const trunc = defineFunction(
  'TRUNC',
  (args, ctx, literals) => {
    const sig = '(DATE, STRING)';
    checkArity('TRUNC', sig, args, 2);
    const unit = unitGetter(literals, 1, (u) => DATE_LEVEL.has(u));
    return {
      returnType: T.date(true),
      argTypes: [dateArg('TRUNC', sig, args, 0, ctx), T.string()],
      impl: (d, u) => {
        const unitValue = unit(u);
        return unitValue ? floorDays(d as number, unitValue, 'MONDAY') : null;
      },
    };
  },
  SPARK,
);

/** DATE_TRUNC(unit, ts) -> TIMESTAMP, in the session zone's wall clock. */
const dateTrunc = defineFunction(
  'DATE_TRUNC',
  (args, ctx, literals) => {
    const sig = '(STRING, TIMESTAMP)';
    checkArity('DATE_TRUNC', sig, args, 2);
    const t = temporalArg(args[1], ctx, 'TIMESTAMP');
    if (!t || t.kind === 'TIME') throw argumentError('DATE_TRUNC', sig, args);
    const ts = t.kind === 'DATE' ? T.timestamp(6, t.nullable) : t;
    const unit = unitGetter(literals, 0, () => true);
    const zone = sessionZone(ctx);
    const read = wallClockReader(ts, zone);
    const write = wallClockWriter(ts, zone);
    return {
      returnType: withNullable(ts),
      argTypes: [T.string(), ts],
      impl: (u, v) => {
        const unitValue = unit(u);
        return unitValue ? write(floorTimestamp(read(v), unitValue, 'MONDAY')) : null;
      },
    };
  },
  SPARK,
);

function withNullable(t: SqlType): SqlType {
  return t.nullable ? t : { ...t, nullable: true };
}

const makeDate = defineFunction(
  'MAKE_DATE',
  (args) => {
    const sig = '(INT, INT, INT)';
    checkArity('MAKE_DATE', sig, args, 3);
    const argTypes = args.map(intArg);
    if (argTypes.some((t) => !t)) throw argumentError('MAKE_DATE', sig, args);
    return {
      returnType: T.date(true),
      argTypes: argTypes as SqlType[],
      impl: (y, m, d) => {
        const [yy, mm, dd] = [y as number, m as number, d as number];
        return mm >= 1 && mm <= 12 && dd >= 1 && dd <= daysInMonth(yy, mm) ? daysFromCivil(yy, mm, dd) : null;
      },
    };
  },
  SPARK,
);

const dateAdd = dayShift('DATE_ADD', 1);

export const sparkDateFunctions: readonly ScalarFunctionSpec[] = [
  dateAdd,
  dayShift('DATE_SUB', -1),
  dateDiff,
  addMonths,
  monthsBetweenSpec,
  lastDay,
  nextDay,
  trunc,
  dateTrunc,
  makeDate,
];

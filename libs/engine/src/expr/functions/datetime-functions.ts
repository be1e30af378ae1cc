import { T, type SqlType } from '../../types/sql-type';
import {
  MS_PER_DAY,
  addMonthsToTimestamp,
  formatTimestamp,
  instantToWallClock,
  parseTimestamp,
  tryZoneRules,
  wallClockToInstant,
} from '../../types/temporal';
import type { ResolvedFunction, ScalarFunctionSpec } from './function-spec';
import { aliases, argumentError, checkArity, coerceArgs, defineFunction, intArg, literalString, nullableLike, stringArg } from './function-helpers';
import { formatterFor, instantReader, sessionZone, timestampPrecision, temporalArg, wallClockReader, wallClockWriter } from './datetime-helpers';
import { extractFunctions } from './datetime-extract-functions';
import { parseFunctions } from './datetime-parse-functions';
import { intervalFunctions } from './interval-functions';
import { sparkDateFunctions } from './spark-date-functions';

/**
 * Current time, DATE_FORMAT, TIMESTAMPADD/TIMESTAMPDIFF and CONVERT_TZ, plus the other date/time
 * families. "Now" is the query start (FunctionContext.queryStartMs), so a statement sees one
 * instant, as Flink batch mode and Spark do.
 */
function now(name: string, kind: 'DATE' | 'TIME' | 'TIMESTAMP' | 'TIMESTAMP_LTZ', dialects?: readonly ('flink' | 'spark')[]): ScalarFunctionSpec {
  return defineFunction(
    name,
    (args, ctx) => {
      checkArity(name, '()', args, 0);
      const instant = ctx.queryStartMs;
      const wall = instantToWallClock(instant, sessionZone(ctx));
      const values = {
        DATE: [T.date(false), Math.floor(wall / MS_PER_DAY)],
        TIME: [T.time(false), Math.floor((wall - Math.floor(wall / MS_PER_DAY) * MS_PER_DAY) / 1000) * 1000],
        TIMESTAMP: [T.timestamp(timestampPrecision(ctx), false), wall],
        TIMESTAMP_LTZ: [T.timestampLtz(3, false), instant],
      } as const;
      const [returnType, value] = values[kind];
      return { returnType, deterministic: false, impl: () => value };
    },
    dialects,
  );
}

/** Spark's CURRENT_TIMESTAMP is a TIMESTAMP (shown in the session zone); Flink's is TIMESTAMP_LTZ. */
const currentTimestamp = defineFunction('CURRENT_TIMESTAMP', (args, ctx, literals) =>
  (ctx.dialect === 'spark' ? now('CURRENT_TIMESTAMP', 'TIMESTAMP') : now('CURRENT_TIMESTAMP', 'TIMESTAMP_LTZ')).resolve(args, ctx, literals),
);

const currentRowTimestamp = defineFunction(
  'CURRENT_ROW_TIMESTAMP',
  (args) => {
    checkArity('CURRENT_ROW_TIMESTAMP', '()', args, 0);
    return { returnType: T.timestampLtz(3, false), deterministic: false, impl: () => Date.now() };
  },
  ['flink'],
);

/** DATE_FORMAT(ts, pattern). Flink also takes a STRING timestamp ('yyyy-MM-dd HH:mm:ss'). */
const dateFormat = defineFunction('DATE_FORMAT', (args, ctx, literals) => {
  const sig = '(TIMESTAMP | STRING, STRING)';
  checkArity('DATE_FORMAT', sig, args, 2);
  const zone = sessionZone(ctx);
  const formatter = formatterFor('DATE_FORMAT', literals, 1);
  const t = args[0];
  let wall: (v: unknown) => number | undefined;
  let argType: SqlType | undefined;
  if (ctx.dialect === 'flink' && (t.kind === 'STRING' || t.kind === 'VARCHAR' || t.kind === 'CHAR')) {
    argType = t;
    wall = (v) => parseTimestamp(v as string)?.wallMs;
  } else {
    argType = temporalArg(t, ctx, 'TIMESTAMP');
    if (argType) wall = wallClockReader(argType, zone);
    else wall = () => undefined;
  }
  const patternType = stringArg(args[1]);
  if (!argType || !patternType) throw argumentError('DATE_FORMAT', sig, args);
  return {
    returnType: T.string(true),
    argTypes: [argType, patternType],
    impl: (v, p) => {
      const ms = wall(v);
      const f = formatter(p);
      if (ms === undefined || !f) return null;
      return f.usesZone ? f(ms, zone.offsetAt(wallClockToInstant(ms, zone)), zone.id) : f(ms);
    },
  };
});

const UNIT_MONTHS: Record<string, number> = { YEAR: 12, QUARTER: 3, MONTH: 1 };
const UNIT_MS: Record<string, number> = {
  WEEK: 7 * MS_PER_DAY, DAY: MS_PER_DAY, HOUR: 3_600_000, MINUTE: 60_000, SECOND: 1000,
  MILLISECOND: 1, MICROSECOND: 0.001, FRAC_SECOND: 0.001, NANOSECOND: 0.000001,
};
const UNIT_ALIASES: Record<string, string> = {
  SQL_TSI_YEAR: 'YEAR', SQL_TSI_QUARTER: 'QUARTER', SQL_TSI_MONTH: 'MONTH', SQL_TSI_WEEK: 'WEEK',
  SQL_TSI_DAY: 'DAY', SQL_TSI_HOUR: 'HOUR', SQL_TSI_MINUTE: 'MINUTE', SQL_TSI_SECOND: 'SECOND',
  YEARS: 'YEAR', MONTHS: 'MONTH', WEEKS: 'WEEK', DAYS: 'DAY', HOURS: 'HOUR', MINUTES: 'MINUTE', SECONDS: 'SECOND',
};

function timestampUnit(name: string, args: readonly SqlType[], literals: readonly unknown[]): string {
  const raw = literalString(literals, 0)?.toUpperCase();
  const unit = raw && (UNIT_ALIASES[raw] ?? raw);
  if (!unit || (UNIT_MONTHS[unit] === undefined && UNIT_MS[unit] === undefined)) {
    throw argumentError(name, "('YEAR'|'QUARTER'|'MONTH'|'WEEK'|'DAY'|'HOUR'|'MINUTE'|'SECOND', ...)", args);
  }
  return unit;
}

/** TIMESTAMPADD(unit, n, t): DATE stays DATE for day-based units and becomes TIMESTAMP otherwise. */
const timestampAdd = defineFunction('TIMESTAMPADD', (args, ctx, literals): ResolvedFunction => {
  const sig = "('UNIT', INT, DATE | TIMESTAMP)";
  checkArity('TIMESTAMPADD', sig, args, 3);
  const unit = timestampUnit('TIMESTAMPADD', args, literals);
  const t = temporalArg(args[2], ctx, 'TIMESTAMP');
  const n = intArg(args[1]) ?? (args[1].kind === 'BIGINT' ? args[1] : undefined);
  if (!t || !n) throw argumentError('TIMESTAMPADD', sig, args);
  const zone = sessionZone(ctx);
  const months = UNIT_MONTHS[unit];
  const dayBased = months !== undefined || unit === 'DAY' || unit === 'WEEK';
  const resultType = t.kind === 'DATE' && !dayBased ? T.timestamp(timestampPrecision(ctx), t.nullable) : t;
  const read = wallClockReader(t, zone);
  const write = wallClockWriter(resultType, zone);
  const step = UNIT_MS[unit];
  const impl = (_u: unknown, count: unknown, v: unknown) => {
    const k = Number(count);
    if (months !== undefined) return write(addMonthsToTimestamp(read(v), k * months));
    if (t.kind === 'TIMESTAMP_LTZ' && !dayBased) return (v as number) + k * step;
    return write(read(v) + k * step);
  };
  return { returnType: nullableLike(resultType, args.slice(1)), argTypes: [T.string(), n, t], impl };
});

/** Whole months from a to b, as Calcite's DateTimeUtils.subtractMonths (and java.time's MONTHS.between). */
export function monthsBetweenWhole(a: number, b: number): number {
  if (b < a) return -monthsBetweenWhole(b, a);
  const da = Math.floor(a / MS_PER_DAY);
  const db = Math.floor(b / MS_PER_DAY);
  let m = Math.floor((db - da) / 31);
  while (m > 0 && addMonthsToTimestamp(a, m) > b) m--;
  while (addMonthsToTimestamp(a, m + 1) <= b) m++;
  return m;
}

/** TIMESTAMPDIFF(unit, a, b): whole units from a to b, truncated toward zero. */
const timestampDiff = defineFunction('TIMESTAMPDIFF', (args, ctx, literals): ResolvedFunction => {
  const sig = "('UNIT', DATE | TIMESTAMP, DATE | TIMESTAMP)";
  checkArity('TIMESTAMPDIFF', sig, args, 3);
  const unit = timestampUnit('TIMESTAMPDIFF', args, literals);
  const a = temporalArg(args[1], ctx, 'TIMESTAMP');
  const b = temporalArg(args[2], ctx, 'TIMESTAMP');
  if (!a || !b) throw argumentError('TIMESTAMPDIFF', sig, args);
  const zone = sessionZone(ctx);
  const months = UNIT_MONTHS[unit];
  const bothInstants = a.kind === 'TIMESTAMP_LTZ' && b.kind === 'TIMESTAMP_LTZ';
  const readA = bothInstants && months === undefined ? instantReader(a, zone) : wallClockReader(a, zone);
  const readB = bothInstants && months === undefined ? instantReader(b, zone) : wallClockReader(b, zone);
  const step = UNIT_MS[unit];
  const spark = ctx.dialect === 'spark';
  const impl = (_u: unknown, x: unknown, y: unknown) => {
    const r = months !== undefined ? Math.trunc(monthsBetweenWhole(readA(x), readB(y)) / months) : Math.trunc((readB(y) - readA(x)) / step);
    return spark ? BigInt(r) : r;
  };
  return { returnType: nullableLike(spark ? T.bigint() : T.int(), args.slice(1)), argTypes: [T.string(), a, b], impl };
});

/** Flink CONVERT_TZ(text, fromZone, toZone) on 'yyyy-MM-dd HH:mm:ss' text. */
const convertTz = defineFunction(
  'CONVERT_TZ',
  (args) => {
    const sig = '(STRING, STRING, STRING)';
    checkArity('CONVERT_TZ', sig, args, 3);
    const argTypes = coerceArgs('CONVERT_TZ', sig, args, [stringArg]);
    return {
      returnType: T.string(true),
      argTypes,
      impl: (s, from, to) => {
        const parsed = parseTimestamp(s as string);
        const fromZone = tryZoneRules(from as string);
        const toZone = tryZoneRules(to as string);
        if (!parsed || !fromZone || !toZone) return null;
        return formatTimestamp(instantToWallClock(wallClockToInstant(parsed.wallMs, fromZone), toZone), 0);
      },
    };
  },
  ['flink'],
);

const currentDate = now('CURRENT_DATE', 'DATE');
const localTimestamp = now('LOCALTIMESTAMP', 'TIMESTAMP');
const currentTime = now('CURRENT_TIME', 'TIME', ['flink']);

export const datetimeFunctions: readonly ScalarFunctionSpec[] = [
  currentDate,
  ...aliases(currentDate, ['CURDATE'], ['spark']),
  currentTimestamp,
  ...aliases(currentTimestamp, ['NOW']),
  localTimestamp,
  currentTime,
  ...aliases(currentTime, ['LOCALTIME']),
  currentRowTimestamp,
  dateFormat,
  timestampAdd,
  ...aliases(timestampAdd, ['DATEADD'], ['spark']),
  timestampDiff,
  convertTz,
  ...extractFunctions,
  ...parseFunctions,
  ...sparkDateFunctions,
  ...intervalFunctions,
];


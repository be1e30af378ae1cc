import type { Decimal } from '../../types/decimal';
import { T, isCharacter, isNumeric, type SqlType } from '../../types/sql-type';
import {
  MS_PER_DAY,
  instantToWallClock,
  parseDate,
  parseTimestamp,
  tryZoneRules,
  wallClockToInstant,
  type ZoneRules,
} from '../../types/temporal';
import type { ResolvedFunction, ScalarFunctionSpec } from './function-spec';
import { argumentError, checkArity, coerceArgs, defineFunction, literalNumber, nullableLike, stringArg } from './function-helpers';
import { formatterFor, instantOf, instantReader, parserFor, sessionZone, timestampPrecision, wallClockReader } from './datetime-helpers';

/**
 * Conversions between text, epoch numbers and temporal values: TO_DATE, TO_TIMESTAMP,
 * TO_TIMESTAMP_LTZ, UNIX_TIMESTAMP, FROM_UNIXTIME and Spark's epoch helpers. Unparsable text
 * is NULL, except Flink's UNIX_TIMESTAMP, which documents Long.MIN_VALUE.
 */
const LONG_MIN = -(2n ** 63n);

const toNumber = (t: SqlType) => (t.kind === 'DECIMAL' ? (v: unknown) => (v as Decimal).toNumber() : (v: unknown) => Number(v));

/** Wall-clock ms of a parsed text in `zone` (a written offset or zone is converted). */
function wallIn(zone: ZoneRules, parsed: { wallMs: number; offsetMs?: number; zone?: string } | undefined): number | undefined {
  if (!parsed) return undefined;
  if (parsed.offsetMs === undefined && parsed.zone === undefined) return parsed.wallMs;
  const instant = instantOf(parsed, zone);
  return instant === undefined ? undefined : instantToWallClock(instant, zone);
}

/** TO_DATE(x[, pattern]) and TO_TIMESTAMP(x[, pattern]). */
function toDateOrTimestamp(name: string, target: 'DATE' | 'TIMESTAMP'): ScalarFunctionSpec {
  return defineFunction(name, (args, ctx, literals): ResolvedFunction => {
    const sig = '(STRING[, STRING])';
    checkArity(name, sig, args, 1, 2);
    const spark = ctx.dialect === 'spark';
    const x = args[0];
    // Flink's TO_TIMESTAMP works 'under the UTC+0 time zone'; Spark uses the session zone.
    const zone = spark ? sessionZone(ctx) : (tryZoneRules('UTC') as ZoneRules);
    const toResult = target === 'DATE' ? (ms: number) => Math.floor(ms / MS_PER_DAY) : (ms: number) => ms;
    const returnType = target === 'DATE' ? T.date(true) : T.timestamp(timestampPrecision(ctx), true);
    if (spark && (x.kind === 'DATE' || x.kind === 'TIMESTAMP' || x.kind === 'TIMESTAMP_LTZ')) {
      const wall = wallClockReader(x, sessionZone(ctx));
      return { returnType, argTypes: [x, ...args.slice(1)], impl: (v) => toResult(wall(v)) };
    }
    const argTypes = coerceArgs(name, sig, args, [stringArg]);
    if (args.length === 1) {
      const parse = target === 'DATE' ? (s: string) => {
        const d = parseDate(s, spark);
        return d === undefined ? undefined : d * MS_PER_DAY;
      } : (s: string) => wallIn(zone, parseTimestamp(s, spark));
      return { returnType, argTypes, impl: (s) => {
        const ms = parse(s as string);
        return ms === undefined ? null : toResult(ms);
      } };
    }
    const parser = parserFor(name, literals, 1, true, '');
    return {
      returnType,
      argTypes,
      impl: (s, p) => {
        const ms = wallIn(zone, parser(p)?.(s as string));
        return ms === undefined ? null : toResult(ms);
      },
    };
  });
}

/** Flink TO_TIMESTAMP_LTZ(epoch, 0 | 3) or TO_TIMESTAMP_LTZ(text, pattern[, zone]). */
const toTimestampLtz = defineFunction(
  'TO_TIMESTAMP_LTZ',
  (args, ctx, literals): ResolvedFunction => {
    const sig = '(NUMERIC[, 0 | 3]) or (STRING, STRING[, STRING])';
    checkArity('TO_TIMESTAMP_LTZ', sig, args, 1, 3);
    const x = args[0];
    if (isNumeric(x) || x.kind === 'NULL') {
      const precision = args.length > 1 ? literalNumber(literals, 1) : 3;
      if (precision !== 0 && precision !== 3) throw argumentError('TO_TIMESTAMP_LTZ', sig, args);
      const read = toNumber(x);
      const factor = precision === 0 ? 1000 : 1;
      return {
        returnType: nullableLike(T.timestampLtz(3), args),
        argTypes: args.length > 1 ? [x, T.int()] : [x],
        impl: (v) => Math.floor(read(v) * factor),
      };
    }
    if (!isCharacter(x) || args.length < 2) throw argumentError('TO_TIMESTAMP_LTZ', sig, args);
    const argTypes = coerceArgs('TO_TIMESTAMP_LTZ', sig, args, [stringArg]);
    const parser = parserFor('TO_TIMESTAMP_LTZ', literals, 1, true, '');
    const session = sessionZone(ctx);
    return {
      returnType: T.timestampLtz(3, true),
      argTypes,
      impl: (s, p, z) => {
        const zone = z === undefined ? session : tryZoneRules(z as string);
        const parsed = parser(p)?.(s as string);
        return parsed && zone ? instantOf(parsed, zone) ?? null : null;
      },
    };
  },
  ['flink'],
);

/** UNIX_TIMESTAMP() | UNIX_TIMESTAMP(text[, pattern]) | UNIX_TIMESTAMP(timestamp): epoch seconds. */
const unixTimestamp = defineFunction('UNIX_TIMESTAMP', (args, ctx, literals): ResolvedFunction => {
  const sig = '() or (STRING[, STRING]) or (TIMESTAMP)';
  checkArity('UNIX_TIMESTAMP', sig, args, 0, 2);
  const zone = sessionZone(ctx);
  if (args.length === 0) {
    const seconds = BigInt(Math.floor(ctx.queryStartMs / 1000));
    return { returnType: T.bigint(false), deterministic: false, impl: () => seconds };
  }
  const x = args[0];
  if (x.kind === 'DATE' || x.kind === 'TIMESTAMP' || x.kind === 'TIMESTAMP_LTZ') {
    const instant = instantReader(x, zone);
    return { returnType: nullableLike(T.bigint(), args), argTypes: [x, ...args.slice(1)], impl: (v) => BigInt(Math.floor(instant(v) / 1000)) };
  }
  const argTypes = coerceArgs('UNIX_TIMESTAMP', sig, args, [stringArg]);
  const flink = ctx.dialect === 'flink';
  // Flink parses with SimpleDateFormat: lenient field widths, text after the pattern ignored.
  const options = flink ? { allowTrailing: true, lenientWidths: true } : {};
  const parser = parserFor('UNIX_TIMESTAMP', literals, 1, args.length > 1, 'yyyy-MM-dd HH:mm:ss', options);
  const failed = flink ? LONG_MIN : null;
  return {
    returnType: T.bigint(!flink || args.some((a) => a.nullable)),
    argTypes,
    impl: (s, p) => {
      const parsed = parser(p)?.(s as string);
      const instant = parsed && instantOf(parsed, zone);
      return instant === undefined ? failed : BigInt(Math.floor(instant / 1000));
    },
  };
});

/** FROM_UNIXTIME(seconds[, pattern]): text in the session zone, default 'yyyy-MM-dd HH:mm:ss'. */
const fromUnixtime = defineFunction('FROM_UNIXTIME', (args, ctx, literals): ResolvedFunction => {
  const sig = '(BIGINT[, STRING])';
  checkArity('FROM_UNIXTIME', sig, args, 1, 2);
  const x = args[0];
  if (!isNumeric(x) && x.kind !== 'NULL') throw argumentError('FROM_UNIXTIME', sig, args);
  const read = toNumber(x);
  const zone = sessionZone(ctx);
  const formatter = formatterFor('FROM_UNIXTIME', literals, 1, 'yyyy-MM-dd HH:mm:ss');
  const argTypes = [x, ...coerceArgs('FROM_UNIXTIME', sig, args.slice(1), [stringArg])];
  return {
    returnType: T.string(true),
    argTypes,
    impl: (v, p) => {
      const f = formatter(p);
      if (!f) return null;
      const instant = Math.floor(read(v)) * 1000;
      return f(instantToWallClock(instant, zone), zone.offsetAt(instant), zone.id);
    },
  };
});

/** Spark epoch helpers: TIMESTAMP_SECONDS/MILLIS, UNIX_SECONDS/MILLIS, UNIX_DATE, DATE_FROM_UNIX_DATE. */
function epochToTimestamp(name: string, msPerUnit: number): ScalarFunctionSpec {
  return defineFunction(
    name,
    (args, ctx) => {
      checkArity(name, '(NUMERIC)', args, 1);
      if (!isNumeric(args[0]) && args[0].kind !== 'NULL') throw argumentError(name, '(NUMERIC)', args);
      const read = toNumber(args[0]);
      const zone = sessionZone(ctx);
      return { returnType: nullableLike(T.timestamp(6), args), argTypes: [args[0]], impl: (v) => instantToWallClock(read(v) * msPerUnit, zone) };
    },
    ['spark'],
  );
}

function timestampToEpoch(name: string, msPerUnit: number): ScalarFunctionSpec {
  return defineFunction(
    name,
    (args, ctx) => {
      checkArity(name, '(TIMESTAMP)', args, 1);
      const t = args[0].kind === 'NULL' ? T.timestamp() : args[0];
      if (t.kind !== 'TIMESTAMP' && t.kind !== 'TIMESTAMP_LTZ') throw argumentError(name, '(TIMESTAMP)', args);
      const instant = instantReader(t, sessionZone(ctx));
      return { returnType: nullableLike(T.bigint(), args), argTypes: [t], impl: (v) => BigInt(Math.floor(instant(v) / msPerUnit)) };
    },
    ['spark'],
  );
}

/** Spark FROM_UTC_TIMESTAMP / TO_UTC_TIMESTAMP(ts, zone): shift a wall-clock time between UTC and a zone. */
function utcShift(name: string, fromUtc: boolean): ScalarFunctionSpec {
  return defineFunction(
    name,
    (args) => {
      const sig = '(TIMESTAMP, STRING)';
      checkArity(name, sig, args, 2);
      const t = args[0].kind === 'TIMESTAMP' ? args[0] : T.timestamp(6, args[0].nullable);
      if (!['TIMESTAMP', 'DATE', 'NULL', 'STRING', 'VARCHAR', 'CHAR'].includes(args[0].kind)) throw argumentError(name, sig, args);
      return {
        returnType: nullableLike(T.timestamp(t.precision), args, true),
        argTypes: [t, ...coerceArgs(name, sig, args.slice(1), [stringArg])],
        impl: (v, z) => {
          const zone = tryZoneRules(z as string);
          if (!zone) return null;
          return fromUtc ? instantToWallClock(v as number, zone) : wallClockToInstant(v as number, zone);
        },
      };
    },
    ['spark'],
  );
}

const unixDate = defineFunction(
  'UNIX_DATE',
  (args) => {
    checkArity('UNIX_DATE', '(DATE)', args, 1);
    if (args[0].kind !== 'DATE' && args[0].kind !== 'NULL') throw argumentError('UNIX_DATE', '(DATE)', args);
    return { returnType: nullableLike(T.int(), args), argTypes: [T.date()], impl: (v) => v };
  },
  ['spark'],
);

const dateFromUnixDate = defineFunction(
  'DATE_FROM_UNIX_DATE',
  (args) => {
    checkArity('DATE_FROM_UNIX_DATE', '(INT)', args, 1);
    return { returnType: nullableLike(T.date(), args), argTypes: [T.int()], impl: (v) => v };
  },
  ['spark'],
);

export const parseFunctions: readonly ScalarFunctionSpec[] = [
  toDateOrTimestamp('TO_DATE', 'DATE'),
  toDateOrTimestamp('TO_TIMESTAMP', 'TIMESTAMP'),
  toTimestampLtz,
  unixTimestamp,
  fromUnixtime,
  epochToTimestamp('TIMESTAMP_SECONDS', 1000),
  epochToTimestamp('TIMESTAMP_MILLIS', 1),
  epochToTimestamp('TIMESTAMP_MICROS', 0.001),
  timestampToEpoch('UNIX_SECONDS', 1000),
  timestampToEpoch('UNIX_MILLIS', 1),
  timestampToEpoch('UNIX_MICROS', 0.001),
  unixDate,
  dateFromUnixDate,
  utcShift('FROM_UTC_TIMESTAMP', true),
  utcShift('TO_UTC_TIMESTAMP', false),
];

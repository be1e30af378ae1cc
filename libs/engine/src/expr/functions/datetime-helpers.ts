import { T, isCharacter, type SqlType } from '../../types/sql-type';
import {
  MS_PER_DAY,
  cachedDateTimeFormatter,
  compileDateTimeFormatter,
  compileDateTimeParser,
  cachedDateTimeParser,
  DateTimePatternError,
  instantToWallClock,
  wallClockToInstant,
  zoneRules,
  type DateTimeFormatterFn,
  type DateTimeParserOptions,
  type ParsedDateTime,
  type ZoneRules,
} from '../../types/temporal';
import { FunctionArgumentError, type FunctionContext } from './function-spec';
import { literalString } from './function-helpers';

/** Shared pieces of the date/time function families. */
export const isDateTimeType = (t: SqlType) =>
  t.kind === 'DATE' || t.kind === 'TIMESTAMP' || t.kind === 'TIMESTAMP_LTZ' || t.kind === 'TIME';

/** Spark's TIMESTAMP has microseconds (TIMESTAMP(6), as the binder types it); Flink's functions return TIMESTAMP(3). */
export function timestampPrecision(ctx: FunctionContext): number {
  return ctx.dialect === 'spark' ? 6 : 3;
}

/**
 * A DATE/TIMESTAMP parameter. Temporal types pass as they are; NULL and (in Spark, which casts
 * strings implicitly) character types become `preferred`.
 */
export function temporalArg(t: SqlType, ctx: FunctionContext, preferred: 'DATE' | 'TIMESTAMP'): SqlType | undefined {
  if (isDateTimeType(t)) return t;
  if (t.kind === 'NULL' || (ctx.dialect === 'spark' && isCharacter(t))) {
    const nullable = t.nullable || t.kind === 'NULL';
    return preferred === 'DATE' ? T.date(nullable) : T.timestamp(timestampPrecision(ctx), nullable);
  }
  return undefined;
}

/** Reads a value of a temporal type as a wall-clock epoch ms in the session zone. */
export function wallClockReader(t: SqlType, zone: ZoneRules): (v: unknown) => number {
  switch (t.kind) {
    case 'DATE':
      return (v) => (v as number) * MS_PER_DAY;
    case 'TIMESTAMP_LTZ':
      return (v) => instantToWallClock(v as number, zone);
    default:
      return (v) => v as number;
  }
}

/** Reads a value of a temporal type as an instant (epoch ms), wall-clock values in the session zone. */
export function instantReader(t: SqlType, zone: ZoneRules): (v: unknown) => number {
  if (t.kind === 'TIMESTAMP_LTZ') return (v) => v as number;
  const wall = wallClockReader(t, zone);
  return (v) => wallClockToInstant(wall(v), zone);
}

/** Writes a wall-clock epoch ms back as a value of `t`. */
export function wallClockWriter(t: SqlType, zone: ZoneRules): (wallMs: number) => number {
  switch (t.kind) {
    case 'DATE':
      return (ms) => Math.floor(ms / MS_PER_DAY);
    case 'TIMESTAMP_LTZ':
      return (ms) => wallClockToInstant(ms, zone);
    case 'TIME':
      return (ms) => ms - Math.floor(ms / MS_PER_DAY) * MS_PER_DAY;
    default:
      return (ms) => ms;
  }
}

export function sessionZone(ctx: FunctionContext): ZoneRules {
  return zoneRules(ctx.timeZone);
}

/** Formatter for argument `index`: compiled once when it is a literal. */
export function formatterFor(name: string, literals: readonly unknown[], index: number, fallback?: string): (p: unknown) => DateTimeFormatterFn | undefined {
  const literal = literalString(literals, index) ?? (literals.length <= index ? fallback : undefined);
  if (literal !== undefined) {
    try {
      const f = compileDateTimeFormatter(literal);
      return () => f;
    } catch (e) {
      throw patternError(name, literal, e);
    }
  }
  return (p) => (typeof p === 'string' ? cachedDateTimeFormatter(p) : undefined);
}

/** Parser for argument `index` (or the default pattern when the argument is absent). */
export function parserFor(
  name: string,
  literals: readonly unknown[],
  index: number,
  hasArgument: boolean,
  fallback: string,
  options: DateTimeParserOptions = {},
): (p: unknown) => ((text: string) => ParsedDateTime | undefined) | undefined {
  const literal = hasArgument ? literalString(literals, index) : fallback;
  if (literal !== undefined) {
    try {
      const f = compileDateTimeParser(literal, options);
      return () => f;
    } catch (e) {
      throw patternError(name, literal, e);
    }
  }
  return (p) => (typeof p === 'string' ? cachedDateTimeParser(p, options) : undefined);
}

function patternError(name: string, pattern: string, e: unknown): FunctionArgumentError {
  const reason = e instanceof DateTimePatternError ? e.message : String(e);
  return new FunctionArgumentError(`${name}: invalid date-time pattern '${pattern}': ${reason}`);
}

/** Instant of a parsed text: its own offset or zone when written, else `zone`. */
export function instantOf(parsed: ParsedDateTime, zone: ZoneRules): number | undefined {
  if (parsed.offsetMs !== undefined) return parsed.wallMs - parsed.offsetMs;
  if (parsed.zone !== undefined) {
    try {
      return wallClockToInstant(parsed.wallMs, zoneRules(parsed.zone));
    } catch {
      return undefined;
    }
  }
  return wallClockToInstant(parsed.wallMs, zone);
}

import type { FunctionContext } from '../expr/functions/function-spec';
import type { CastFailures } from './cast';
import { numericConverter } from './cast-numeric';
import { Decimal } from './decimal';
import { T, isNumeric, type SqlType } from './sql-type';
import { MS_PER_DAY, parseCanonicalTimestamp, parseDate, parseTime, parseTimestamp, type ParsedTimestamp } from './temporal';
import { instantToWallClock, tryZoneRules, wallClockToInstant, zoneRules, type ZoneRules } from './time-zone';

/**
 * Casts that involve DATE, TIME, TIMESTAMP (wall-clock) and TIMESTAMP_LTZ (instant). The
 * session zone converts between wall-clock and instant. Numbers are epoch seconds, as in
 * Spark's CAST(long AS TIMESTAMP) and Flink's legacy numeric casts.
 */
export const isDateTime = (t: SqlType) =>
  t.kind === 'DATE' || t.kind === 'TIME' || t.kind === 'TIMESTAMP' || t.kind === 'TIMESTAMP_LTZ';

type Converter = (v: unknown) => unknown;

/** Instant of a parsed timestamp text: its own zone if it names one, else the session zone. */
export function instantOfParsed(p: ParsedTimestamp, session: ZoneRules): number | undefined {
  if (p.zone === undefined) return wallClockToInstant(p.wallMs, session);
  const zone = tryZoneRules(p.zone);
  return zone ? wallClockToInstant(p.wallMs, zone) : undefined;
}

/** Truncates the sub-second part to `precision` digits (Flink's DateTimeUtils.truncate). */
export function truncateToPrecision(ms: number, precision: number): number {
  if (precision >= 9) return ms;
  const unit = 10 ** (3 - precision);
  return Math.floor(ms / unit) * unit;
}

export function castTextToTemporal(to: SqlType, ctx: FunctionContext, fail: CastFailures): Converter {
  const lenient = ctx.dialect === 'spark';
  const zone = zoneRules(ctx.timeZone);
  switch (to.kind) {
    case 'DATE':
      if (lenient) return (v) => parseDate(v as string, true) ?? fail.invalid(v);
      // Flink's DateTimeUtils.parseDate also takes a timestamp string and keeps the part before the first space.
      return (v) => {
        const space = (v as string).indexOf(' ');
        return parseDate(space > 0 ? (v as string).slice(0, space) : (v as string), false) ?? fail.invalid(v);
      };
    case 'TIME':
      return (v) => parseTime(v as string) ?? fail.invalid(v);
    case 'TIMESTAMP':
      return (v) => {
        const fast = parseCanonicalTimestamp(v as string);
        if (fast !== undefined) return fast;
        const p = parseTimestamp(v as string, lenient);
        if (p === undefined) return fail.invalid(v);
        if (p.zone === undefined) return p.wallMs;
        const instant = instantOfParsed(p, zone);
        return instant === undefined ? fail.invalid(v) : instantToWallClock(instant, zone);
      };
    case 'TIMESTAMP_LTZ':
      return (v) => {
        const p = parseTimestamp(v as string, lenient);
        const instant = p && instantOfParsed(p, zone);
        return instant === undefined ? fail.invalid(v) : instant;
      };
    default:
      return (v) => fail.invalid(v);
  }
}

export function castFromTemporal(from: SqlType, to: SqlType, ctx: FunctionContext, fail: CastFailures): Converter {
  const zone = zoneRules(ctx.timeZone);
  if (isNumeric(from)) return numberToTimestamp(from, to, zone, fail);
  if (isNumeric(to) || to.kind === 'BOOLEAN') return timestampToNumber(from, to, zone, fail);
  const precision = to.precision ?? 3;
  switch (to.kind) {
    case 'DATE':
      if (from.kind === 'TIMESTAMP') return (v) => Math.floor((v as number) / MS_PER_DAY);
      if (from.kind === 'TIMESTAMP_LTZ') return (v) => Math.floor(instantToWallClock(v as number, zone) / MS_PER_DAY);
      return (v) => v;
    case 'TIME': {
      const ofDay = (ms: number) => ms - Math.floor(ms / MS_PER_DAY) * MS_PER_DAY;
      const digits = to.precision ?? 0;
      if (from.kind === 'TIMESTAMP') return (v) => truncateToPrecision(ofDay(v as number), digits);
      if (from.kind === 'TIMESTAMP_LTZ') return (v) => truncateToPrecision(ofDay(instantToWallClock(v as number, zone)), digits);
      return (v) => v;
    }
    case 'TIMESTAMP':
      if (from.kind === 'DATE') return (v) => (v as number) * MS_PER_DAY;
      if (from.kind === 'TIMESTAMP_LTZ') return (v) => truncateToPrecision(instantToWallClock(v as number, zone), precision);
      if (from.kind === 'TIME') return (v) => v;
      return precision < (from.precision ?? 3) ? (v) => truncateToPrecision(v as number, precision) : (v) => v;
    case 'TIMESTAMP_LTZ':
      if (from.kind === 'DATE') return (v) => wallClockToInstant((v as number) * MS_PER_DAY, zone);
      if (from.kind === 'TIMESTAMP' || from.kind === 'TIME') return (v) => truncateToPrecision(wallClockToInstant(v as number, zone), precision);
      return precision < (from.precision ?? 3) ? (v) => truncateToPrecision(v as number, precision) : (v) => v;
    default:
      return (v) => fail.invalid(v);
  }
}

function numberToTimestamp(from: SqlType, to: SqlType, zone: ZoneRules, fail: CastFailures): Converter {
  const seconds =
    from.kind === 'DECIMAL' ? (v: unknown) => (v as Decimal).toNumber() : from.kind === 'BIGINT' ? (v: unknown) => Number(v) : (v: unknown) => v as number;
  const isLtz = to.kind === 'TIMESTAMP_LTZ';
  return (v) => {
    const s = seconds(v);
    if (!Number.isFinite(s)) return fail.invalid(v);
    const instant = Math.floor(s * 1e6) / 1000;
    return isLtz ? instant : instantToWallClock(instant, zone);
  };
}

function timestampToNumber(from: SqlType, to: SqlType, zone: ZoneRules, fail: CastFailures): Converter {
  if (from.kind === 'DATE') return () => null; // Spark: CAST(date AS numeric) is NULL
  const instant = from.kind === 'TIMESTAMP' ? (v: unknown) => wallClockToInstant(v as number, zone) : (v: unknown) => v as number;
  if (to.kind === 'DOUBLE' || to.kind === 'FLOAT' || to.kind === 'DECIMAL') {
    const toTarget = numericConverter(T.double(), to, fail.checked, fail.overflow);
    return (v) => toTarget(instant(v) / 1000);
  }
  const toTarget = numericConverter(T.bigint(), to, fail.checked, fail.overflow);
  return (v) => toTarget(BigInt(Math.floor(instant(v) / 1000)));
}


import type { Decimal } from './decimal';
import type { SqlType } from './sql-type';
import { formatDayTimeInterval, formatYearMonthInterval } from './interval';
import { formatDate, formatTime, formatTimestamp, formatTimestampTrimmed } from './temporal';
import { UTC_ZONE, instantToWallClock, zoneRules, type ZoneRules } from './time-zone';

/**
 * Text form of values for CAST(x AS STRING) and string concatenation, per dialect. Numbers
 * print as Java does (`String.valueOf(double)`: 1.0E10, 100.0, 1.0E-4), which both engines use.
 */
export interface ValueTextOptions {
  readonly dialect: 'flink' | 'spark';
  /** Session zone, for TIMESTAMP_LTZ. */
  readonly timeZone?: string;
  /** Spark ANSI mode prints decimals in plain notation. */
  readonly ansi?: boolean;
}

/** Java's Double.toString for a double (shortest round-trip digits). */
export function javaDoubleToString(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = x.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.startsWith('+') ? exponent.slice(1) : exponent}`;
}

/** Shortest decimal text that reads back as the same 32-bit float (Java's Float.toString digits). */
export function shortestFloatText(x: number): string {
  if (!Number.isFinite(x) || x === 0) return String(x);
  for (let p = 1; p <= 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(x);
}

export function javaFloatToString(x: number): string {
  return javaDoubleToString(Number(shortestFloatText(x)));
}

/** Java's BigDecimal.toString: scientific notation when the exponent is below -6 (e.g. 0E-10). */
export function javaBigDecimalToString(d: Decimal): string {
  const negative = d.unscaled < 0n;
  const digits = (negative ? -d.unscaled : d.unscaled).toString();
  const adjusted = -d.scale + (digits.length - 1);
  if (d.scale >= 0 && adjusted >= -6) return d.toString();
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${negative ? '-' : ''}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}

const decoder = new TextDecoder();

/** Compiles the CAST(x AS STRING) conversion of a non-null value of `type`. */
export function formatValueAsString(type: SqlType, options: ValueTextOptions): (v: unknown) => string {
  const flink = options.dialect === 'flink';
  switch (type.kind) {
    case 'NULL':
      return () => 'NULL';
    case 'BOOLEAN':
      return flink ? (v) => (v ? 'TRUE' : 'FALSE') : (v) => (v ? 'true' : 'false');
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
      return (v) => String(v);
    case 'FLOAT':
      return (v) => javaFloatToString(v as number);
    case 'DOUBLE':
      return (v) => javaDoubleToString(v as number);
    case 'DECIMAL':
      return flink || options.ansi ? (v) => (v as Decimal).toString() : (v) => javaBigDecimalToString(v as Decimal);
    case 'CHAR':
    case 'VARCHAR':
    case 'STRING':
      return (v) => v as string;
    case 'BYTES':
      return (v) => decoder.decode(v as Uint8Array);
    case 'DATE':
      return (v) => formatDate(v as number);
    case 'TIME': {
      const digits = type.precision ?? 0;
      return (v) => formatTime(v as number, digits);
    }
    case 'TIMESTAMP':
      return timestampText(type, options, UTC_ZONE, false);
    case 'TIMESTAMP_LTZ':
      return timestampText(type, options, options.timeZone ? zoneRules(options.timeZone) : UTC_ZONE, true);
    case 'INTERVAL_DAY_TIME':
      return (v) => formatDayTimeInterval(v as number, options.dialect);
    case 'INTERVAL_YEAR_MONTH':
      return (v) => formatYearMonthInterval(v as number, options.dialect);
    case 'ARRAY':
      return arrayText(type, options);
    case 'MAP':
      return mapText(type, options);
    case 'ROW':
      return rowText(type, options);
  }
}

function timestampText(type: SqlType, options: ValueTextOptions, zone: ZoneRules, isInstant: boolean): (v: unknown) => string {
  const digits = type.precision ?? 3;
  if (options.dialect === 'spark') {
    return isInstant
      ? (v) => formatTimestampTrimmed(instantToWallClock(v as number, zone))
      : (v) => formatTimestampTrimmed(v as number);
  }
  return isInstant
    ? (v) => formatTimestamp(instantToWallClock(v as number, zone), digits)
    : (v) => formatTimestamp(v as number, digits);
}

function nullText(options: ValueTextOptions): string {
  return options.dialect === 'flink' ? 'NULL' : 'null';
}

function arrayText(type: SqlType, options: ValueTextOptions): (v: unknown) => string {
  const element = formatValueAsString(type.element!, options);
  const nul = nullText(options);
  return (v) => `[${(v as unknown[]).map((e) => (e === null ? nul : element(e))).join(', ')}]`;
}

function mapText(type: SqlType, options: ValueTextOptions): (v: unknown) => string {
  const key = formatValueAsString(type.key!, options);
  const value = formatValueAsString(type.element!, options);
  const nul = nullText(options);
  const arrow = options.dialect === 'flink' ? '=' : ' -> ';
  return (v) => {
    const parts: string[] = [];
    for (const [k, e] of v as Map<unknown, unknown>) {
      parts.push(`${k === null ? nul : key(k)}${arrow}${e === null ? nul : value(e)}`);
    }
    return `{${parts.join(', ')}}`;
  };
}

function rowText(type: SqlType, options: ValueTextOptions): (v: unknown) => string {
  const fields = type.fields!.map((f) => formatValueAsString(f.type, options));
  const nul = nullText(options);
  const [open, close] = options.dialect === 'flink' ? ['(', ')'] : ['{', '}'];
  return (v) => {
    const row = v as unknown[];
    return `${open}${fields.map((f, i) => (row[i] === null ? nul : f(row[i]))).join(', ')}${close}`;
  };
}

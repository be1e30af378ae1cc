import type { Decimal } from './decimal';
import type { SqlType } from './sql-type';
import { formatDayTimeInterval, formatYearMonthInterval } from './interval';
import { formatDate, formatTime, formatTimestamp } from './temporal';
import { UTC_ZONE, instantToWallClock, zoneRules } from './time-zone';
import { formatValueAsString, shortestFloatText } from './value-text';

export { formatValueAsString, javaDoubleToString, javaFloatToString, javaBigDecimalToString } from './value-text';
export type { ValueTextOptions } from './value-text';

/**
 * The JSON value `sluice run` prints for a SQL value (DESIGN.md "sluice run"): TIMESTAMP as
 * 'YYYY-MM-DD HH:MM:SS.fff', DECIMAL as a string with its scale, BIGINT as an exact JSON number,
 * NaN/Infinity as strings, ARRAY/MAP/ROW as JSON arrays and objects.
 */

/** A number that must be written verbatim (BIGINT beyond 2^53, FLOAT's shortest form). */
export class RawJsonNumber {
  constructor(readonly text: string) {}
}

export interface OutputFormatOptions {
  /** Session zone for TIMESTAMP_LTZ (default UTC). */
  readonly timeZone?: string;
  readonly dialect?: 'flink' | 'spark';
}

export type OutputFormatter = (v: unknown) => unknown;

const identity: OutputFormatter = (v) => v;

function specialDouble(x: number): unknown {
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

/** Compiles the conversion of a value of `type` (null allowed) into its JSON value. */
export function compileOutputFormatter(type: SqlType, options: OutputFormatOptions = {}): OutputFormatter {
  const inner = nonNullFormatter(type, options);
  if (inner === identity) return identity;
  return (v) => (v === null || v === undefined ? null : inner(v));
}

function nonNullFormatter(type: SqlType, options: OutputFormatOptions): OutputFormatter {
  const dialect = options.dialect ?? 'flink';
  switch (type.kind) {
    case 'NULL':
      return () => null;
    case 'BOOLEAN':
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'CHAR':
    case 'VARCHAR':
    case 'STRING':
      return identity;
    case 'BIGINT':
      return (v) => new RawJsonNumber((v as bigint).toString());
    case 'FLOAT':
      return (v) => (Number.isFinite(v) ? new RawJsonNumber(shortestFloatText(v as number)) : specialDouble(v as number));
    case 'DOUBLE':
      return (v) => (Number.isFinite(v) ? v : specialDouble(v as number));
    case 'DECIMAL': {
      const scale = type.scale ?? 0;
      return (v) => (v as Decimal).rescale(scale).toString();
    }
    case 'BYTES':
      return (v) => Buffer.from(v as Uint8Array).toString('base64');
    case 'DATE':
      return (v) => formatDate(v as number);
    case 'TIME': {
      const digits = type.precision ?? 0;
      return (v) => formatTime(v as number, digits);
    }
    case 'TIMESTAMP': {
      // DESIGN.md: always YYYY-MM-DD HH:MM:SS.fff (values are kept to the millisecond).
      const digits = 3;
      return (v) => formatTimestamp(v as number, digits);
    }
    case 'TIMESTAMP_LTZ': {
      const digits = 3;
      const zone = options.timeZone ? zoneRules(options.timeZone) : UTC_ZONE;
      return (v) => formatTimestamp(instantToWallClock(v as number, zone), digits);
    }
    case 'INTERVAL_DAY_TIME':
      return (v) => formatDayTimeInterval(v as number, dialect);
    case 'INTERVAL_YEAR_MONTH':
      return (v) => formatYearMonthInterval(v as number, dialect);
    case 'ARRAY': {
      const element = compileOutputFormatter(type.element!, options);
      return (v) => (v as unknown[]).map(element);
    }
    case 'MAP': {
      const key = compileOutputFormatter(type.key!, options);
      const keyText = isTextual(type.key!) ? undefined : formatValueAsString(type.key!, { dialect, timeZone: options.timeZone });
      const value = compileOutputFormatter(type.element!, options);
      return (v) => {
        const out: Record<string, unknown> = {};
        for (const [k, e] of v as Map<unknown, unknown>) {
          const name = k === null ? 'null' : keyText ? keyText(k) : String(key(k));
          out[name] = value(e);
        }
        return out;
      };
    }
    case 'ROW': {
      const fields = type.fields!.map((f) => [f.name, compileOutputFormatter(f.type, options)] as const);
      return (v) => {
        const row = v as unknown[];
        const out: Record<string, unknown> = {};
        for (let i = 0; i < fields.length; i++) out[fields[i][0]] = fields[i][1](row[i] ?? null);
        return out;
      };
    }
  }
}

function isTextual(t: SqlType): boolean {
  return t.kind === 'STRING' || t.kind === 'VARCHAR' || t.kind === 'CHAR';
}

/** JSON text of a formatted value; RawJsonNumber is written verbatim, bigints exactly. */
export function toJsonText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(specialDouble(value));
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    default:
      break;
  }
  if (value instanceof RawJsonNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) parts.push(`${JSON.stringify(k)}:${toJsonText(v)}`);
  return `{${parts.join(',')}}`;
}

const keyCache = new WeakMap<readonly string[], string[]>();

/** One NDJSON line (without the newline): keys in column order, values through `formatters`. */
export function formatNdjsonRow(names: readonly string[], formatters: readonly OutputFormatter[], row: readonly unknown[]): string {
  let keys = keyCache.get(names);
  if (!keys) {
    keys = names.map((n, i) => `${i === 0 ? '{' : ','}${JSON.stringify(n)}:`);
    keyCache.set(names, keys);
  }
  let line = '';
  for (let i = 0; i < keys.length; i++) line += keys[i] + toJsonText(formatters[i](row[i] ?? null));
  return keys.length === 0 ? '{}' : `${line}}`;
}

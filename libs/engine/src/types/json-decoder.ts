import { Decimal } from './decimal';
import type { SqlType } from './sql-type';
import { parseDate, parseTime, parseTimestamp, wallClockToInstant, zoneRules } from './temporal';

/** Marker for a JSON value that does not fit the column type. */
export const INVALID = Symbol('invalid');

/**
 * JSON field value -> SQL value of `type` (json format of the filesystem and kafka connectors,
 * Flink's json format rules): numbers or numeric strings for numbers, ISO strings or epoch
 * milliseconds for time types. Returns INVALID when the value cannot be read as that type.
 */
export function compileJsonDecoder(type: SqlType, timeZone = 'UTC'): (v: unknown) => unknown {
  const inner = decoderFor(type, timeZone);
  return (v) => (v === null || v === undefined ? null : inner(v));
}

function decoderFor(type: SqlType, timeZone: string): (v: unknown) => unknown {
  switch (type.kind) {
    case 'BOOLEAN':
      return (v) => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : INVALID);
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      return (v) => {
        const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v) ? Number(v) : NaN;
        return Number.isInteger(n) ? n : INVALID;
      };
    case 'BIGINT':
      return (v) => {
        if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : INVALID;
        if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return BigInt(v.trim());
        return INVALID;
      };
    case 'FLOAT':
    case 'DOUBLE':
      return (v) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : INVALID);
    case 'DECIMAL':
      return (v) => {
        const d = typeof v === 'number' ? Decimal.fromNumber(v) : typeof v === 'string' ? Decimal.fromString(v) : undefined;
        if (!d) return INVALID;
        const r = d.rescale(type.scale!);
        return r.fits(type.precision!) ? r : INVALID;
      };
    case 'CHAR':
    case 'VARCHAR':
    case 'STRING':
      return (v) => (typeof v === 'string' ? v : JSON.stringify(v));
    case 'DATE':
      return (v) => (typeof v === 'number' ? v : typeof v === 'string' ? (parseDate(v) ?? INVALID) : INVALID);
    case 'TIME':
      return (v) => (typeof v === 'string' ? (parseTime(v) ?? INVALID) : INVALID);
    case 'TIMESTAMP':
      return (v) => {
        if (typeof v === 'number') return v;
        if (typeof v !== 'string') return INVALID;
        const p = parseTimestamp(v);
        return p ? p.wallMs : INVALID;
      };
    case 'TIMESTAMP_LTZ': {
      const zone = zoneRules(timeZone);
      return (v) => {
        if (typeof v === 'number') return v;
        if (typeof v !== 'string') return INVALID;
        const p = parseTimestamp(v);
        if (!p) return INVALID;
        return p.zone ? wallClockToInstant(p.wallMs, zoneRules(normalizeZone(p.zone))) : wallClockToInstant(p.wallMs, zone);
      };
    }
    case 'ARRAY': {
      const element = compileJsonDecoder(type.element!, timeZone);
      return (v) => {
        if (!Array.isArray(v)) return INVALID;
        const out = v.map(element);
        return out.includes(INVALID) ? INVALID : out;
      };
    }
    case 'MAP': {
      const value = compileJsonDecoder(type.element!, timeZone);
      return (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? new Map(Object.entries(v).map(([k, x]) => [k, value(x)])) : INVALID);
    }
    case 'ROW': {
      const fields = type.fields!.map((f) => ({ name: f.name, decode: compileJsonDecoder(f.type, timeZone) }));
      return (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? fields.map((f) => f.decode((v as Record<string, unknown>)[f.name])) : INVALID);
    }
    default:
      return () => INVALID;
  }
}

function normalizeZone(zone: string): string {
  if (zone === 'Z') return 'UTC';
  return /^[+-]/.test(zone) ? `UTC${zone}` : zone;
}

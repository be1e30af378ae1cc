import { ExecutionError } from '@sluice/contracts';
import type { FunctionContext } from '../expr/functions/function-spec';
import { numericConverter, parseBooleanText, parseDecimalText, parseDoubleText, parseIntegralText, parseSmallIntegralText } from './cast-numeric';
import type { Decimal } from './decimal';
import { formatType, isCharacter, isInterval, isNumeric, withNullable, type SqlType } from './sql-type';
import { castFromTemporal, castTextToTemporal, isDateTime } from './cast-temporal';
import { formatValueAsString } from './value-text';

/**
 * CAST and TRY_CAST (and the implicit casts the planner inserts). Flink 1.19 semantics: an
 * invalid value fails the job with CAST_INVALID (TRY_CAST: NULL); integral narrowing wraps as
 * Java does; a DECIMAL that does not fit becomes NULL. Spark 3.5 non-ANSI: invalid values and
 * DECIMAL overflow become NULL, integral narrowing wraps; with `ansi` both raise errors.
 * The compiled function receives a non-null value and returns the converted value or null.
 */
export type CastMode = 'cast' | 'try';

export interface CastFailures {
  readonly invalid: (value: unknown) => null;
  readonly overflow: (value: unknown) => null;
  /** Spark ANSI: integral narrowing and double -> integral are checked. */
  readonly checked: boolean;
}

function failures(from: SqlType, to: SqlType, ctx: FunctionContext, mode: CastMode): CastFailures {
  const ansi = ctx.dialect === 'spark' && ctx.ansi === true && mode === 'cast';
  const raiseInvalid = mode === 'cast' && (ctx.dialect === 'flink' || ansi);
  const target = formatType(withNullable(to, true));
  const source = formatType(withNullable(from, true));
  return {
    checked: ansi,
    invalid: raiseInvalid
      ? (v) => {
          throw new ExecutionError('CAST_INVALID', `cannot cast ${describe(v)} of type ${source} to ${target}`);
        }
      : () => null,
    overflow: ansi
      ? (v) => {
          throw new ExecutionError('ARITHMETIC_OVERFLOW', `${describe(v)} is out of the range of ${target}`);
        }
      : () => null,
  };
}

function describe(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : String(v);
}

const identity = (v: unknown) => v;

export function compileCast(from: SqlType, to: SqlType, ctx: FunctionContext, mode: CastMode = 'cast'): (v: unknown) => unknown {
  if (!canCast(from, to, ctx.dialect)) {
    throw new ExecutionError('CAST_INVALID', `cannot cast ${formatType(from)} to ${formatType(to)}`);
  }
  return compileChecked(from, to, ctx, mode, failures(from, to, ctx, mode));
}

function compileChecked(from: SqlType, to: SqlType, ctx: FunctionContext, mode: CastMode, fail: CastFailures): (v: unknown) => unknown {
  if (from.kind === 'NULL') return identity;
  if (isCharacter(to)) return toText(from, to, ctx, fail);
  if (isCharacter(from)) return fromText(to, ctx, fail);
  if ((isNumeric(from) || from.kind === 'BOOLEAN') && (isNumeric(to) || to.kind === 'BOOLEAN')) {
    if (from.kind === to.kind && (to.kind !== 'DECIMAL' || (from.precision === to.precision && from.scale === to.scale))) return identity;
    return numericConverter(from, to, fail.checked, fail.overflow);
  }
  if (isDateTime(from) || isDateTime(to)) return castFromTemporal(from, to, ctx, fail);
  switch (to.kind) {
    case 'ARRAY': {
      const element = compileChecked(from.element!, to.element!, ctx, mode, fail);
      if (element === identity) return identity;
      return (v) => (v as unknown[]).map((e) => (e === null ? null : element(e)));
    }
    case 'MAP': {
      const key = compileChecked(from.key!, to.key!, ctx, mode, fail);
      const value = compileChecked(from.element!, to.element!, ctx, mode, fail);
      if (key === identity && value === identity) return identity;
      return (v) => {
        const out = new Map<unknown, unknown>();
        for (const [k, e] of v as Map<unknown, unknown>) out.set(k === null ? null : key(k), e === null ? null : value(e));
        return out;
      };
    }
    case 'ROW': {
      const fields = to.fields!.map((f, i) => compileChecked(from.fields![i].type, f.type, ctx, mode, fail));
      if (fields.every((f) => f === identity)) return identity;
      return (v) => fields.map((f, i) => ((v as unknown[])[i] === null ? null : f((v as unknown[])[i])));
    }
    default:
      return identity;
  }
}

function toText(from: SqlType, to: SqlType, ctx: FunctionContext, fail: CastFailures): (v: unknown) => unknown {
  const text = isCharacter(from) ? undefined : formatValueAsString(from, { dialect: ctx.dialect, timeZone: ctx.timeZone, ansi: fail.checked });
  // Spark treats CHAR(n)/VARCHAR(n) in CAST as STRING; Flink pads CHAR and truncates both.
  const length = ctx.dialect === 'flink' && to.kind !== 'STRING' ? to.precision : undefined;
  if (length === undefined) return text ?? identity;
  const pad = to.kind === 'CHAR';
  return (v) => {
    let s = text ? text(v) : (v as string);
    if (s.length > length) s = s.slice(0, length);
    else if (pad && s.length < length) s = s.padEnd(length, ' ');
    return s;
  };
}

const BIT_WIDTH = { TINYINT: 8, SMALLINT: 16, INT: 32, BIGINT: 64 } as const;

function fromText(to: SqlType, ctx: FunctionContext, fail: CastFailures): (v: unknown) => unknown {
  switch (to.kind) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT': {
      const bits = BIT_WIDTH[to.kind];
      return (v) => {
        const n = parseSmallIntegralText(v as string, bits);
        return n === undefined ? fail.invalid(v) : n;
      };
    }
    case 'BIGINT':
      return (v) => {
        const n = parseIntegralText(v as string, 64);
        return n === undefined ? fail.invalid(v) : n;
      };
    case 'FLOAT':
    case 'DOUBLE': {
      const isFloat = to.kind === 'FLOAT';
      return (v) => {
        const d = parseDoubleText(v as string, ctx.dialect);
        return d === undefined ? fail.invalid(v) : isFloat ? Math.fround(d) : d;
      };
    }
    case 'DECIMAL': {
      const precision = to.precision ?? 10;
      const scale = to.scale ?? 0;
      return (v) => {
        const d = parseDecimalText(v as string);
        if (d === undefined) return fail.invalid(v);
        const r: Decimal = d.rescale(scale);
        return r.fits(precision) ? r : fail.overflow(v);
      };
    }
    case 'BOOLEAN':
      return (v) => {
        const b = parseBooleanText(v as string);
        return b === undefined ? fail.invalid(v) : b;
      };
    case 'BYTES': {
      const encoder = new TextEncoder();
      return (v) => encoder.encode(v as string);
    }
    default:
      return castTextToTemporal(to, ctx, fail);
  }
}

/** Whether CAST(from AS to) is allowed at all (plan-time check). */
export function canCast(from: SqlType, to: SqlType, dialect: 'flink' | 'spark' = 'flink'): boolean {
  if (from.kind === 'NULL') return true;
  if (isCharacter(to)) return true;
  const scalarFrom = isNumeric(from) || from.kind === 'BOOLEAN';
  const scalarTo = isNumeric(to) || to.kind === 'BOOLEAN';
  if (scalarFrom && scalarTo) return true;
  if (isCharacter(from)) return scalarTo || isDateTime(to) || to.kind === 'BYTES';
  if (from.kind === 'BYTES') return to.kind === 'BYTES';
  if (isInterval(from) || isInterval(to)) return from.kind === to.kind;
  if (isDateTime(from) || isDateTime(to)) return temporalCastable(from, to, dialect);
  switch (from.kind) {
    case 'ARRAY':
      return to.kind === 'ARRAY' && canCast(from.element!, to.element!, dialect);
    case 'MAP':
      return to.kind === 'MAP' && canCast(from.key!, to.key!, dialect) && canCast(from.element!, to.element!, dialect);
    case 'ROW':
      return (
        to.kind === 'ROW' &&
        from.fields!.length === to.fields!.length &&
        from.fields!.every((f, i) => canCast(f.type, to.fields![i].type, dialect))
      );
    default:
      return from.kind === to.kind;
  }
}

function temporalCastable(from: SqlType, to: SqlType, dialect: 'flink' | 'spark'): boolean {
  const isTs = (t: SqlType) => t.kind === 'TIMESTAMP' || t.kind === 'TIMESTAMP_LTZ';
  if (isDateTime(from) && isDateTime(to)) return !(from.kind === 'DATE' && to.kind === 'TIME') && !(from.kind === 'TIME' && to.kind === 'DATE');
  if (isNumeric(from)) return isTs(to);
  if (isNumeric(to) || to.kind === 'BOOLEAN') return isTs(from) || (dialect === 'spark' && from.kind === 'DATE');
  return false;
}

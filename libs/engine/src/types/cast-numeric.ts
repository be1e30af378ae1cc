import { Decimal, pow10 } from './decimal';
import { trimControl } from './temporal';
import type { SqlType } from './sql-type';

/**
 * Numeric conversions shared by CAST and arithmetic. Narrowing follows Java primitive casts,
 * which both engines inherit: integral -> integral keeps the low bits, double -> integral
 * truncates and saturates (NaN -> 0). `onOverflow` is called where a checked (Spark ANSI)
 * cast must fail or a DECIMAL does not fit; it returns null or throws.
 */
export type Overflow = (value: unknown) => null;

export type NumericKind = 'TINYINT' | 'SMALLINT' | 'INT' | 'BIGINT' | 'FLOAT' | 'DOUBLE' | 'DECIMAL' | 'BOOLEAN';

const INT_BITS: Partial<Record<NumericKind, number>> = { TINYINT: 8, SMALLINT: 16, INT: 32 };
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
/** 2^63 as a double (exact), the first value past the long range. */
const TWO_POW_63 = 2 ** 63;

export function wrapInt(value: number, bits: number): number {
  return bits === 32 ? value | 0 : bits === 16 ? (value << 16) >> 16 : (value << 24) >> 24;
}

function inIntRange(value: number, bits: number): boolean {
  const max = 2 ** (bits - 1);
  return value >= -max && value < max;
}

/** Java's (int) of a double: truncation, saturation at the int range, NaN -> 0. */
export function doubleToInt32(d: number): number {
  if (Number.isNaN(d)) return 0;
  if (d >= 2147483647) return 2147483647;
  if (d <= -2147483648) return -2147483648;
  return Math.trunc(d) | 0;
}

/** Java's (long) of a double. */
export function doubleToInt64(d: number): bigint {
  if (Number.isNaN(d)) return 0n;
  if (d >= TWO_POW_63) return LONG_MAX;
  if (d <= -TWO_POW_63) return LONG_MIN;
  return BigInt(Math.trunc(d));
}

/**
 * Converter between two numeric (or BOOLEAN) types for a non-null value. `checked` raises via
 * onOverflow instead of wrapping (Spark ANSI); DECIMAL overflow always goes through onOverflow.
 */
export function numericConverter(from: SqlType, to: SqlType, checked: boolean, onOverflow: Overflow): (v: unknown) => unknown {
  const f = from.kind as NumericKind;
  const bits = INT_BITS[to.kind as NumericKind];
  if (bits !== undefined) return toSmallInt(f, bits, checked, onOverflow);
  switch (to.kind) {
    case 'BIGINT':
      return toBigInt(f, checked, onOverflow);
    case 'FLOAT':
      return f === 'DECIMAL' ? (v) => Math.fround((v as Decimal).toNumber()) : f === 'BOOLEAN' ? (v) => (v ? 1 : 0) : (v) => Math.fround(Number(v));
    case 'DOUBLE':
      return f === 'DECIMAL' ? (v) => (v as Decimal).toNumber() : f === 'BOOLEAN' ? (v) => (v ? 1 : 0) : (v) => Number(v);
    case 'DECIMAL':
      return toDecimal(f, to.precision ?? 10, to.scale ?? 0, onOverflow);
    case 'BOOLEAN':
      if (f === 'DECIMAL') return (v) => (v as Decimal).sign() !== 0;
      if (f === 'BIGINT') return (v) => v !== 0n;
      return (v) => v !== 0 && v !== false;
    default:
      throw new Error(`not a numeric type: ${to.kind}`);
  }
}

function toSmallInt(f: NumericKind, bits: number, checked: boolean, onOverflow: Overflow): (v: unknown) => unknown {
  switch (f) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      if ((INT_BITS[f] ?? 32) <= bits) return (v) => v;
      return checked
        ? (v) => (inIntRange(v as number, bits) ? v : onOverflow(v))
        : (v) => wrapInt(v as number, bits);
    case 'BIGINT':
      return checked
        ? (v) => (inIntRange(Number(v), bits) ? Number(v) : onOverflow(v))
        : (v) => wrapInt(Number(BigInt.asIntN(32, v as bigint)), bits);
    case 'FLOAT':
    case 'DOUBLE':
      return checked
        ? (v) => (Number.isNaN(v) || !inIntRange(Math.trunc(v as number), bits) ? onOverflow(v) : Math.trunc(v as number) | 0)
        : (v) => wrapInt(doubleToInt32(v as number), bits);
    case 'DECIMAL':
      return (v) => {
        const whole = (v as Decimal).toBigInt();
        if (checked) return inIntRange(Number(whole), bits) ? Number(whole) : onOverflow(v);
        return wrapInt(Number(BigInt.asIntN(32, whole)), bits);
      };
    default:
      return (v) => (v ? 1 : 0);
  }
}

function toBigInt(f: NumericKind, checked: boolean, onOverflow: Overflow): (v: unknown) => unknown {
  switch (f) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      return (v) => BigInt(v as number);
    case 'BIGINT':
      return (v) => v;
    case 'FLOAT':
    case 'DOUBLE':
      return checked
        ? (v) => {
            const d = v as number;
            return Number.isNaN(d) || d >= TWO_POW_63 || d < -TWO_POW_63 ? onOverflow(v) : BigInt(Math.trunc(d));
          }
        : (v) => doubleToInt64(v as number);
    case 'DECIMAL':
      return (v) => {
        const whole = (v as Decimal).toBigInt();
        if (!checked) return BigInt.asIntN(64, whole);
        return whole >= LONG_MIN && whole <= LONG_MAX ? whole : onOverflow(v);
      };
    default:
      return (v) => (v ? 1n : 0n);
  }
}

function toDecimal(f: NumericKind, precision: number, scale: number, onOverflow: Overflow): (v: unknown) => unknown {
  const fit = (d: Decimal, original: unknown) => (d.fits(precision) ? d : onOverflow(original));
  switch (f) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT': {
      const factor = pow10(scale);
      return (v) => fit(new Decimal(BigInt(v as number | bigint) * factor, scale), v);
    }
    case 'FLOAT':
    case 'DOUBLE':
      return (v) => {
        const d = Decimal.fromNumber(v as number);
        return d === undefined ? onOverflow(v) : fit(d.rescale(scale), v);
      };
    case 'DECIMAL':
      return (v) => fit((v as Decimal).rescale(scale), v);
    default:
      return (v) => fit(new Decimal(v ? pow10(scale) : 0n, scale), v);
  }
}

// ---------------------------------------------------------------------------------------------
// Text -> number (Flink BinaryStringDataUtil / Spark UTF8String rules: trimmed, an optional
// fraction is truncated for integral targets, no exponent)

const INTEGRAL_TEXT = /^([+-]?\d+)(?:\.\d*)?$/;
const INTEGRAL_TEXT_DOT = /^([+-]?)\.\d+$/;

/** Integral value of text, or undefined when invalid or outside [min, max]. */
export function parseIntegralText(text: string, bits: 8 | 16 | 32 | 64): bigint | undefined {
  if (bits !== 64) {
    const n = parseSmallIntegralText(text, bits);
    return n === undefined ? undefined : BigInt(n);
  }
  const s = trimControl(text);
  const m = INTEGRAL_TEXT.exec(s);
  let value: bigint;
  if (m) value = BigInt(m[1]);
  else if (INTEGRAL_TEXT_DOT.test(s)) value = 0n;
  else return undefined;
  const max = 2n ** BigInt(bits - 1);
  return value >= -max && value < max ? value : undefined;
}

/**
 * The same for TINYINT/SMALLINT/INT without BigInt: a character scan (this runs per row when
 * CSV or JSON text is cast to INT).
 */
export function parseSmallIntegralText(text: string, bits: 8 | 16 | 32): number | undefined {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 32) start++;
  while (end > start && text.charCodeAt(end - 1) <= 32) end--;
  let i = start;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i++;
  }
  let value = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    digits++;
  }
  if (i < end) {
    if (text.charCodeAt(i) !== 46) return undefined;
    for (i++; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) return undefined;
      if (digits === 0) digits = -1;
    }
  }
  if (digits === 0) return undefined;
  if (negative) value = -value;
  const max = 2 ** (bits - 1);
  return value >= -max && value < max ? value + 0 : undefined;
}

const DOUBLE_TEXT = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[fFdD]?$/;
const SPARK_SPECIAL: Record<string, number> = {
  inf: Infinity, '+inf': Infinity, infinity: Infinity, '+infinity': Infinity,
  '-inf': -Infinity, '-infinity': -Infinity, nan: NaN, '+nan': NaN, '-nan': NaN,
};

/** Java's Double.parseDouble (plus Spark's 'inf'/'nan' spellings); undefined when invalid. */
export function parseDoubleText(text: string, dialect: 'flink' | 'spark'): number | undefined {
  const s = trimControl(text);
  if (DOUBLE_TEXT.test(s)) {
    const last = s.charCodeAt(s.length - 1);
    const body = last > 57 && s.length > 1 && !s.endsWith('y') && !s.endsWith('N') ? s.slice(0, -1) : s;
    return Number(body);
  }
  if (dialect === 'spark') {
    const special = SPARK_SPECIAL[s.toLowerCase()];
    if (special !== undefined) return special;
  }
  return undefined;
}

export function parseDecimalText(text: string): Decimal | undefined {
  return Decimal.fromString(trimControl(text));
}

const TRUE_TEXT = new Set(['t', 'true', 'y', 'yes', '1']);
const FALSE_TEXT = new Set(['f', 'false', 'n', 'no', '0']);

export function parseBooleanText(text: string): boolean | undefined {
  const s = trimControl(text).toLowerCase();
  return TRUE_TEXT.has(s) ? true : FALSE_TEXT.has(s) ? false : undefined;
}

/**
 * Calendar arithmetic, parsing and formatting of DATE, TIME and TIMESTAMP values in the
 * representation fixed by sql-type.ts (days since epoch, ms of day, epoch ms wall-clock).
 * Civil-date conversion follows Howard Hinnant's `days_from_civil` / `civil_from_days`
 * (proleptic Gregorian, as java.time and both engines use) and lives in civil-date.ts; zones
 * in time-zone.ts; Java date-time patterns in datetime-pattern.ts (formatting) and
 * datetime-pattern-parser.ts; intervals in interval.ts. All are re-exported here.
 */
export * from './time-zone';
export * from './datetime-pattern';
export * from './datetime-pattern-parser';
export * from './interval';
export * from './civil-date';

import {
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  addMonthsToDays,
  civilFromDays,
  dayOfWeek,
  daysFromCivil,
  daysInMonth,
  isoDayOfWeek,
} from './civil-date';

export const daysOfTimestamp = (ms: number) => Math.floor(ms / MS_PER_DAY);
export const msOfDay = (ms: number) => ms - Math.floor(ms / MS_PER_DAY) * MS_PER_DAY;

// ---------------------------------------------------------------------------------------------
// Formatting

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function padYear(y: number): string {
  if (y >= 1000 && y <= 9999) return `${y}`;
  const abs = Math.abs(y);
  const digits = abs < 10 ? `000${abs}` : abs < 100 ? `00${abs}` : abs < 1000 ? `0${abs}` : `${abs}`;
  return y < 0 ? `-${digits}` : abs > 9999 ? `+${digits}` : digits;
}

let lastDays = NaN;
let lastDateText = '';

export function formatDate(days: number): string {
  // Consecutive values of a column are often on the same day.
  if (days === lastDays) return lastDateText;
  const { year, month, day } = civilFromDays(days);
  lastDays = days;
  lastDateText = `${padYear(year)}-${pad2(month)}-${pad2(day)}`;
  return lastDateText;
}

/**
 * Fraction digits of a ms value with sub-ms part, as a 9-digit string (nanoseconds). Doubles
 * near today's epoch carry about 0.25 µs, so nanoseconds are rounded to the microsecond.
 */
function nanoFraction(wholeMs: number, subMs: number): string {
  const millis = wholeMs - Math.floor(wholeMs / 1000) * 1000;
  const micros = Math.round(subMs * 1000);
  return `${millis}`.padStart(3, '0') + `${micros}`.padStart(3, '0') + '000';
}

function splitMs(ms: number): [number, number] {
  let whole = Math.floor(ms);
  let sub = ms - whole;
  if (sub > 0.9995) {
    whole += 1;
    sub = 0;
  }
  return [whole, sub];
}

/** `HH:MM:SS` plus exactly `fractionDigits` digits (none for 0). */
export function formatTime(msOfDayValue: number, fractionDigits = 0): string {
  const [whole, sub] = splitMs(msOfDayValue);
  const secs = Math.floor(whole / 1000);
  const text = `${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}`;
  return fractionDigits > 0 ? `${text}.${nanoFraction(whole, sub).slice(0, fractionDigits)}` : text;
}

/** `YYYY-MM-DD HH:MM:SS` plus exactly `fractionDigits` digits (none for 0). */
export function formatTimestamp(ms: number, fractionDigits = 3): string {
  const [whole, sub] = splitMs(ms);
  const days = Math.floor(whole / MS_PER_DAY);
  const tod = whole - days * MS_PER_DAY;
  const secs = Math.floor(tod / 1000);
  let text = `${formatDate(days)} ${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}`;
  if (fractionDigits <= 0) return text;
  if (fractionDigits === 3 && sub === 0) {
    const millis = tod - secs * 1000;
    return `${text}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}`;
  }
  text += '.' + nanoFraction(whole, sub).slice(0, fractionDigits);
  return text;
}

/** Spark's style: the fraction is printed without trailing zeros, and omitted when zero. */
export function formatTimestampTrimmed(ms: number): string {
  const [whole, sub] = splitMs(ms);
  const base = formatTimestamp(whole, 0);
  const fraction = nanoFraction(whole, sub).replace(/0+$/, '');
  return fraction ? `${base}.${fraction}` : base;
}

// ---------------------------------------------------------------------------------------------
// Parsing (both engines accept these shapes in CAST; anything else is the caller's error)

const DATE_RE = /^([+-]?\d{4,6})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;
const TIME_RE = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{0,9}))?)?$/;
const TIMESTAMP_RE =
  /^([+-]?\d{4,6})-(\d{1,2})-(\d{1,2})(?:(?:[ T]|\s+)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{0,9}))?)?)?\s*(.*)$/;

/** Removes leading and trailing whitespace and control characters (Spark's trimAll, Java's trim). */
export function trimControl(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 32) start++;
  while (end > start && text.charCodeAt(end - 1) <= 32) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function validDate(y: number, m: number, d: number): number | undefined {
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return daysFromCivil(y, m, d);
}

/**
 * 'YYYY-MM-DD' (1- or 2-digit month and day accepted). With `lenient` (Spark) also 'YYYY',
 * 'YYYY-MM' and a trailing time part after ' ' or 'T', which is ignored.
 */
export function parseDate(text: string, lenient = false): number | undefined {
  let s = trimControl(text);
  if (lenient) {
    const cut = s.search(/[ T]/);
    if (cut > 0) s = s.slice(0, cut);
  }
  const m = DATE_RE.exec(s);
  if (!m || (!lenient && m[3] === undefined)) return undefined;
  return validDate(Number(m[1]), m[2] ? Number(m[2]) : 1, m[3] ? Number(m[3]) : 1);
}

function fractionToMs(fraction: string | undefined): number {
  if (!fraction) return 0;
  // A double holds epoch ms to about 0.25 µs: keep microseconds, drop nanoseconds.
  const digits = fraction.length > 6 ? fraction.slice(0, 6) : fraction;
  if (digits.length <= 3) return Number(digits.padEnd(3, '0'));
  return Number(digits.padEnd(6, '0')) / 1000;
}

function timeOfDay(h: string, mi: string, s: string | undefined, f: string | undefined): number | undefined {
  const hh = Number(h);
  const mm = Number(mi);
  const ss = s ? Number(s) : 0;
  if (hh > 23 || mm > 59 || ss > 59) return undefined;
  return hh * MS_PER_HOUR + mm * MS_PER_MINUTE + ss * 1000 + fractionToMs(f);
}

/** 'HH:MM[:SS[.fffffffff]]' -> ms of day. */
export function parseTime(text: string): number | undefined {
  const m = TIME_RE.exec(trimControl(text));
  return m ? timeOfDay(m[1], m[2], m[3], m[4]) : undefined;
}

export interface ParsedTimestamp {
  /** Wall-clock epoch ms as written. */
  readonly wallMs: number;
  /** Zone written in the text ('Z', '+08:00', 'UTC', 'Europe/Paris'), if any. */
  readonly zone?: string;
}

/**
 * 'YYYY-MM-DD[( |T)HH:MM[:SS[.f{1,9}]]][zone]', where zone is Z, ±hh[:mm], UTC/GMT[±h[:mm]]
 * or a region id. With `lenient` (Spark) also 'YYYY' and 'YYYY-MM'.
 */
export function parseTimestamp(text: string, lenient = false): ParsedTimestamp | undefined {
  const s = trimControl(text);
  const fast = parseCanonicalTimestamp(s);
  if (fast !== undefined) return { wallMs: fast };
  const m = TIMESTAMP_RE.exec(s);
  if (!m) {
    if (!lenient || !DATE_RE.test(s)) return undefined;
    const days = parseDate(s, true);
    return days === undefined ? undefined : { wallMs: days * MS_PER_DAY };
  }
  const days = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (days === undefined) return undefined;
  const tod = m[4] === undefined ? 0 : timeOfDay(m[4], m[5], m[6], m[7]);
  if (tod === undefined) return undefined;
  const zone = m[8];
  if (zone && !/^(?:Z|[+-]\d{1,2}(?::?\d{2})?(?::?\d{2})?|(?:UTC|GMT|UT)(?:[+-]\d{1,2}(?::?\d{2})?)?|[A-Za-z][\w+\-/]*)$/.test(zone)) {
    return undefined;
  }
  return zone ? { wallMs: days * MS_PER_DAY + tod, zone } : { wallMs: days * MS_PER_DAY + tod };
}

/** Digit value at i, or -1. */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function number2(s: string, i: number): number {
  const a = digitAt(s, i);
  const b = digitAt(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Fast path for exactly 'YYYY-MM-DD HH:MM:SS[.f{1,9}]' (or with 'T'); undefined otherwise. */
export function parseCanonicalTimestamp(s: string): number | undefined {
  const n = s.length;
  if (n < 19 || n > 29 || n === 20) return undefined;
  const sep = s.charCodeAt(10);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (sep !== 32 && sep !== 84)) return undefined;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const y1 = number2(s, 0);
  const y2 = number2(s, 2);
  const month = number2(s, 5);
  const day = number2(s, 8);
  const hour = number2(s, 11);
  const minute = number2(s, 14);
  const second = number2(s, 17);
  if (y1 < 0 || y2 < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return undefined;
  }
  const year = y1 * 100 + y2;
  if (day > daysInMonth(year, month)) return undefined;
  let fraction = 0;
  if (n > 19) {
    if (s.charCodeAt(19) !== 46) return undefined;
    let scale = 100;
    for (let i = 20; i < n; i++) {
      const d = digitAt(s, i);
      if (d < 0) return undefined;
      if (i < 26) fraction += d * scale;
      scale /= 10;
    }
  }
  return daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + Math.round(fraction * 1000) / 1000;
}

// ---------------------------------------------------------------------------------------------
// Truncation to a unit (FLOOR/CEIL(ts TO unit), DATE_TRUNC, TRUNC)

export type TimeUnit =
  | 'MILLENNIUM' | 'CENTURY' | 'DECADE' | 'YEAR' | 'QUARTER' | 'MONTH' | 'WEEK' | 'DAY'
  | 'HOUR' | 'MINUTE' | 'SECOND' | 'MILLISECOND' | 'MICROSECOND';

/**
 * Largest wall-clock value <= ms at a `unit` boundary. WEEK starts on `weekStart` (Calcite's
 * FLOOR TO WEEK uses Sunday; Spark's DATE_TRUNC uses Monday).
 */
export function floorTimestamp(ms: number, unit: TimeUnit, weekStart: 'SUNDAY' | 'MONDAY' = 'SUNDAY'): number {
  const fixed = FIXED_UNIT_MS[unit];
  if (fixed !== undefined) return Math.floor(ms / fixed) * fixed;
  return floorDays(Math.floor(ms / MS_PER_DAY), unit, weekStart) * MS_PER_DAY;
}

export function ceilTimestamp(ms: number, unit: TimeUnit, weekStart: 'SUNDAY' | 'MONDAY' = 'SUNDAY'): number {
  const floor = floorTimestamp(ms, unit, weekStart);
  if (floor === ms) return ms;
  const fixed = FIXED_UNIT_MS[unit];
  if (fixed !== undefined) return floor + fixed;
  if (unit === 'DAY') return floor + MS_PER_DAY;
  if (unit === 'WEEK') return floor + 7 * MS_PER_DAY;
  return addMonthsToDays(floor / MS_PER_DAY, UNIT_MONTHS[unit] ?? 12) * MS_PER_DAY;
}

const FIXED_UNIT_MS: Partial<Record<TimeUnit, number>> = {
  HOUR: MS_PER_HOUR,
  MINUTE: MS_PER_MINUTE,
  SECOND: 1000,
  MILLISECOND: 1,
  MICROSECOND: 0.001,
};
const UNIT_MONTHS: Partial<Record<TimeUnit, number>> = {
  MILLENNIUM: 12000, CENTURY: 1200, DECADE: 120, YEAR: 12, QUARTER: 3, MONTH: 1,
};

export function floorDays(days: number, unit: TimeUnit, weekStart: 'SUNDAY' | 'MONDAY' = 'SUNDAY'): number {
  if (unit === 'DAY' || FIXED_UNIT_MS[unit] !== undefined) return days;
  if (unit === 'WEEK') return days - (weekStart === 'SUNDAY' ? dayOfWeek(days) : isoDayOfWeek(days)) + 1;
  const { year, month } = civilFromDays(days);
  switch (unit) {
    case 'MONTH':
      return daysFromCivil(year, month, 1);
    case 'QUARTER':
      return daysFromCivil(year, month - ((month - 1) % 3), 1);
    case 'YEAR':
      return daysFromCivil(year, 1, 1);
    case 'DECADE':
      return daysFromCivil(Math.floor(year / 10) * 10, 1, 1);
    case 'CENTURY':
      return daysFromCivil(Math.floor((year - 1) / 100) * 100 + 1, 1, 1);
    default:
      return daysFromCivil(Math.floor((year - 1) / 1000) * 1000 + 1, 1, 1);
  }
}

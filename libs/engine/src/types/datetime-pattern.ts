import {
  MS_PER_DAY,
  civilFromDays,
  dayOfWeek,
  dayOfYear,
  daysFromCivil,
} from './civil-date';
import { formatOffset } from './time-zone';

/**
 * Java date-time patterns ('yyyy-MM-dd HH:mm:ss.SSS'), as used by DATE_FORMAT, TO_TIMESTAMP,
 * UNIX_TIMESTAMP and FROM_UNIXTIME in both engines. Letters follow java.time's
 * DateTimeFormatter (which Spark 3 and Flink's TO_TIMESTAMP use; SimpleDateFormat agrees on
 * the common letters). A pattern compiles once into a list of closures (formatting) or a
 * RegExp plus field setters (parsing). Week fields use the US week (Sunday first), as the
 * engines' default Locale.US does.
 */
export class DateTimePatternError extends Error {}

export type Token = { readonly letter: string; readonly count: number } | { readonly literal: string } | { readonly optional: '[' | ']' };

export function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (j < pattern.length && pattern[j] === c) j++;
      tokens.push({ letter: c, count: j - i });
      i = j;
    } else if (c === "'") {
      if (pattern[i + 1] === "'") {
        tokens.push({ literal: "'" });
        i += 2;
        continue;
      }
      let text = '';
      let j = i + 1;
      for (; j < pattern.length; j++) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j++;
          } else break;
        } else text += pattern[j];
      }
      if (j >= pattern.length) throw new DateTimePatternError(`unterminated quote in pattern '${pattern}'`);
      tokens.push({ literal: text });
      i = j + 1;
    } else if (c === '[' || c === ']') {
      tokens.push({ optional: c });
      i++;
    } else {
      tokens.push({ literal: c });
      i++;
    }
  }
  return tokens;
}

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Broken-down wall-clock value handed to the field printers. */
interface Fields {
  days: number;
  year: number;
  month: number;
  day: number;
  tod: number;
  /** Sub-ms part in [0, 1). */
  subMs: number;
  offsetMs: number;
  zoneId: string;
}

type Printer = (f: Fields) => string;

function num(value: number, width: number): string {
  const s = `${Math.abs(value)}`;
  const padded = s.length >= width ? s : '0'.repeat(width - s.length) + s;
  return value < 0 ? `-${padded}` : padded;
}

function usWeekYear(days: number): { weekYear: number; week: number } {
  const saturday = days - dayOfWeek(days) + 7;
  const weekYear = civilFromDays(saturday).year;
  const jan1 = daysFromCivil(weekYear, 1, 1);
  return { weekYear, week: Math.floor((saturday - jan1) / 7) + 1 };
}

function fieldPrinter(letter: string, count: number): Printer {
  switch (letter) {
    case 'G':
      return (f) => (f.year > 0 ? 'AD' : 'BC');
    case 'y':
    case 'u':
    case 'Y': {
      const yearOf = (f: Fields) => (letter === 'Y' ? usWeekYear(f.days).weekYear : letter === 'y' && f.year <= 0 ? 1 - f.year : f.year);
      if (count === 2) return (f) => num(((yearOf(f) % 100) + 100) % 100, 2);
      return (f) => num(yearOf(f), count);
    }
    case 'M':
    case 'L':
      if (count >= 4) return (f) => MONTHS[f.month - 1];
      if (count === 3) return (f) => MONTHS[f.month - 1].slice(0, 3);
      return (f) => num(f.month, count);
    case 'd':
      return (f) => num(f.day, count);
    case 'D':
      return (f) => num(dayOfYear(f.days), count);
    case 'Q':
    case 'q':
      if (count >= 4) return (f) => `${['1st', '2nd', '3rd', '4th'][Math.floor((f.month - 1) / 3)]} quarter`;
      if (count === 3) return (f) => `Q${Math.floor((f.month - 1) / 3) + 1}`;
      return (f) => num(Math.floor((f.month - 1) / 3) + 1, count);
    case 'w':
      return (f) => num(usWeekYear(f.days).week, count);
    case 'W':
      return (f) => num(Math.floor((f.day - 1 + dayOfWeek(f.days - f.day + 1) - 1) / 7) + 1, count);
    case 'F':
      return (f) => num(Math.floor((f.day - 1) / 7) + 1, count);
    case 'E':
      return (f) => (count >= 4 ? WEEKDAYS[dayOfWeek(f.days) - 1] : WEEKDAYS[dayOfWeek(f.days) - 1].slice(0, 3));
    case 'e':
    case 'c':
      if (count >= 3) return fieldPrinter('E', count);
      return (f) => num(dayOfWeek(f.days), count);
    case 'a':
      return (f) => (f.tod < 43_200_000 ? 'AM' : 'PM');
    case 'H':
      return (f) => num(Math.floor(f.tod / 3_600_000), count);
    case 'k':
      return (f) => num(Math.floor(f.tod / 3_600_000) || 24, count);
    case 'K':
      return (f) => num(Math.floor(f.tod / 3_600_000) % 12, count);
    case 'h':
      return (f) => num(Math.floor(f.tod / 3_600_000) % 12 || 12, count);
    case 'm':
      return (f) => num(Math.floor(f.tod / 60_000) % 60, count);
    case 's':
      return (f) => num(Math.floor(f.tod / 1000) % 60, count);
    case 'S':
      return (f) => fractionDigits(f).slice(0, count).padEnd(count, '0');
    case 'n':
      return (f) => num(Number(fractionDigits(f)), count);
    case 'A':
      return (f) => num(Math.floor(f.tod), count);
    case 'N':
      return (f) => num(Math.round((f.tod + f.subMs) * 1e6), count);
    case 'V':
      return (f) => f.zoneId;
    case 'z':
      return (f) => (count >= 4 ? f.zoneId : f.offsetMs === 0 ? 'UTC' : shortZoneName(f));
    case 'O':
      return (f) => (f.offsetMs === 0 ? 'GMT' : `GMT${count >= 4 ? formatOffset(f.offsetMs) : compactOffset(f.offsetMs)}`);
    case 'X':
    case 'x':
    case 'Z':
      return offsetPrinter(letter, count);
    default:
      throw new DateTimePatternError(`unknown pattern letter '${letter}'`);
  }
}

function fractionDigits(f: Fields): string {
  const millis = f.tod - Math.floor(f.tod / 1000) * 1000;
  return `${millis}`.padStart(3, '0') + `${Math.round(f.subMs * 1e6)}`.padStart(6, '0');
}

function compactOffset(offsetMs: number): string {
  const id = formatOffset(offsetMs);
  return id.endsWith(':00') ? `${id[0]}${Number(id.slice(1, 3))}` : `${id[0]}${Number(id.slice(1, 3))}${id.slice(3)}`;
}

function shortZoneName(f: Fields): string {
  return f.zoneId.includes('/') ? `GMT${compactOffset(f.offsetMs)}` : f.zoneId;
}

function offsetPrinter(letter: 'X' | 'x' | 'Z', count: number): Printer {
  return (f) => {
    const o = f.offsetMs;
    if (letter === 'Z') {
      if (count <= 3) return formatOffset(o, 'basic');
      if (count === 4) return o === 0 ? 'GMT' : `GMT${formatOffset(o)}`;
      return formatOffset(o);
    }
    if (o === 0 && letter === 'X') return 'Z';
    const basic = formatOffset(o, 'basic');
    if (count === 1) return basic.endsWith('00') ? basic.slice(0, 3) : basic;
    if (count === 2) return basic;
    return `${basic.slice(0, 3)}:${basic.slice(3)}`;
  };
}

export type DateTimeFormatterFn = ((wallMs: number, offsetMs?: number, zoneId?: string) => string) & {
  /** True when the pattern prints zone letters (z, Z, X, x, O, V), i.e. needs the offset. */
  readonly usesZone?: boolean;
};

/** Compiles a Java pattern into a formatter of wall-clock epoch ms. Throws DateTimePatternError. */
export function compileDateTimeFormatter(pattern: string): DateTimeFormatterFn {
  const printers: (Printer | string)[] = [];
  const tokens = tokenize(pattern);
  for (const t of tokens) {
    if ('literal' in t) printers.push(t.literal);
    else if ('letter' in t) printers.push(fieldPrinter(t.letter, t.count));
  }
  const needsFields = printers.some((p) => typeof p !== 'string');
  const usesZone = tokens.some((t) => 'letter' in t && 'zZXxOV'.includes(t.letter));
  const format = (wallMs: number, offsetMs = 0, zoneId = 'UTC') => {
    if (!needsFields) return printers.join('');
    const whole = Math.floor(wallMs);
    const days = Math.floor(whole / MS_PER_DAY);
    const { year, month, day } = civilFromDays(days);
    const f: Fields = { days, year, month, day, tod: whole - days * MS_PER_DAY, subMs: wallMs - whole, offsetMs, zoneId };
    let out = '';
    for (let i = 0; i < printers.length; i++) {
      const p = printers[i];
      out += typeof p === 'string' ? p : p(f);
    }
    return out;
  };
  return Object.assign(format, { usesZone });
}

const formatterCache = new Map<string, DateTimeFormatterFn>();

/** Cached compile for patterns that arrive as data (not literals); undefined for a bad pattern. */
export function cachedDateTimeFormatter(pattern: string): DateTimeFormatterFn | undefined {
  let f = formatterCache.get(pattern);
  if (!f) {
    try {
      f = compileDateTimeFormatter(pattern);
    } catch {
      return undefined;
    }
    if (formatterCache.size > 1000) formatterCache.clear();
    formatterCache.set(pattern, f);
  }
  return f;
}

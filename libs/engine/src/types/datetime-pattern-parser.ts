import { MS_PER_DAY, daysFromCivil, daysInMonth } from './civil-date';
import { DateTimePatternError, MONTHS, WEEKDAYS, tokenize } from './datetime-pattern';

/**
 * Parsing with Java date-time patterns (TO_TIMESTAMP, TO_DATE, UNIX_TIMESTAMP): a pattern
 * compiles once into an anchored RegExp plus one setter per field. Numeric fields next to
 * another numeric field take exactly their letter count of digits ('yyyyMMdd').
 */
export interface ParsedDateTime {
  readonly wallMs: number;
  /** Offset written in the text (X, x, Z, O letters). */
  readonly offsetMs?: number;
  /** Zone id written in the text (z, V letters). */
  readonly zone?: string;
}

export interface DateTimeParserOptions {
  /** SimpleDateFormat.parse ignores text after the pattern (Flink's UNIX_TIMESTAMP). */
  readonly allowTrailing?: boolean;
  /** SimpleDateFormat accepts fewer digits than letters ('MM' parses '1'). */
  readonly lenientWidths?: boolean;
}

interface Parsed {
  year: number; month: number; day: number; doy: number; hour: number; hour12: number; pm: number;
  minute: number; second: number; fracMs: number; offsetMs?: number; zone?: string;
}
type Setter = (p: Parsed, text: string) => boolean;

const NUMERIC = new Set('yuYMLdDHhkKmsSQqwWFnAN');

function nameIndex(names: readonly string[], text: string, short: boolean): number {
  const lower = text.toLowerCase();
  return names.findIndex((n) => (short ? n.slice(0, 3) : n).toLowerCase() === lower);
}

function parseOffsetText(text: string): number | undefined {
  if (text === 'Z' || text === 'GMT' || text === 'UTC') return 0;
  const m = /^(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  return (m[1] === '-' ? -1 : 1) * ((Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0)) * 1000;
}

function fieldParser(letter: string, count: number, fixedWidth: boolean, lenient: boolean): [string, Setter] {
  const digits = (max: number) =>
    fixedWidth ? `(\\d{${count}})` : count >= 2 && !lenient ? `(\\d{${count},${Math.max(count, max)}})` : `(\\d{1,${Math.max(count, max)}})`;
  const setNum = (key: 'year' | 'month' | 'day' | 'doy' | 'minute' | 'second') => (p: Parsed, t: string) => {
    p[key] = Number(t);
    return true;
  };
  switch (letter) {
    case 'y':
    case 'u':
    case 'Y':
      if (count === 2) return ['(\\d{2})', (p, t) => ((p.year = 2000 + Number(t)), true)];
      return [fixedWidth ? `(\\d{${count}})` : `([+-]?\\d{${Math.min(count, 4)},9})`, setNum('year')];
    case 'M':
    case 'L':
      if (count >= 3) {
        const names = count === 3 ? MONTHS.map((m) => m.slice(0, 3)) : MONTHS;
        return [`(${names.join('|')})`, (p, t) => (p.month = nameIndex(MONTHS, t, count === 3) + 1) > 0];
      }
      return [digits(2), setNum('month')];
    case 'd':
      return [digits(2), setNum('day')];
    case 'D':
      return [digits(3), setNum('doy')];
    case 'H':
    case 'k':
      return [digits(2), (p, t) => ((p.hour = Number(t) % 24), true)];
    case 'h':
    case 'K':
      return [digits(2), (p, t) => ((p.hour12 = Number(t) % 12), true)];
    case 'm':
      return [digits(2), setNum('minute')];
    case 's':
      return [digits(2), setNum('second')];
    case 'S':
      return [fixedWidth ? `(\\d{${count}})` : `(\\d{1,${Math.max(count, 9)}})`, (p, t) => ((p.fracMs = Number(`0.${t}`) * 1000), true)];
    case 'a':
      return ['(AM|PM)', (p, t) => ((p.pm = t.toUpperCase() === 'PM' ? 1 : 0), true)];
    case 'E':
      return [`(${(count >= 4 ? WEEKDAYS : WEEKDAYS.map((d) => d.slice(0, 3))).join('|')})`, () => true];
    case 'G':
      return ['(AD|BC)', () => true];
    case 'X':
    case 'x':
    case 'Z':
    case 'O':
      return ['(Z|(?:GMT|UTC)?[+-]\\d{1,2}(?::?\\d{2})?(?::?\\d{2})?|GMT|UTC)', (p, t) => (p.offsetMs = parseOffsetText(t)) !== undefined];
    case 'z':
    case 'V':
      return ['([A-Za-z][A-Za-z0-9_/+\\-:]*)', (p, t) => ((p.zone = t), true)];
    default:
      if (NUMERIC.has(letter)) return [digits(2), () => true];
      throw new DateTimePatternError(`unknown pattern letter '${letter}'`);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles a Java pattern into a parser; undefined means "does not match". Throws DateTimePatternError. */
export function compileDateTimeParser(
  pattern: string,
  options: DateTimeParserOptions = {},
): (text: string) => ParsedDateTime | undefined {
  const tokens = tokenize(pattern);
  const setters: Setter[] = [];
  let source = '^';
  tokens.forEach((t, i) => {
    if ('optional' in t) source += t.optional === '[' ? '(?:' : ')?';
    else if ('literal' in t) source += escapeRegExp(t.literal);
    else {
      const next = tokens[i + 1];
      const adjacent = next !== undefined && 'letter' in next && NUMERIC.has(next.letter) && NUMERIC.has(t.letter);
      const [re, setter] = fieldParser(t.letter, t.count, adjacent, options.lenientWidths === true);
      source += re;
      setters.push(setter);
    }
  });
  const regex = new RegExp(source + (options.allowTrailing ? '' : '$'), 'i');
  return (text) => {
    const m = regex.exec(text);
    if (!m) return undefined;
    const p: Parsed = { year: 1970, month: 1, day: 1, doy: 0, hour: 0, hour12: -1, pm: -1, minute: 0, second: 0, fracMs: 0 };
    for (let i = 0; i < setters.length; i++) {
      const captured = m[i + 1];
      if (captured !== undefined && !setters[i](p, captured)) return undefined;
    }
    return resolveParsed(p);
  };
}

function resolveParsed(p: Parsed): ParsedDateTime | undefined {
  if (p.month < 1 || p.month > 12 || p.minute > 59 || p.second > 59) return undefined;
  let days: number;
  if (p.doy > 0) {
    if (p.doy > (daysInMonth(p.year, 2) === 29 ? 366 : 365)) return undefined;
    days = daysFromCivil(p.year, 1, 1) + p.doy - 1;
  } else {
    if (p.day < 1 || p.day > daysInMonth(p.year, p.month)) return undefined;
    days = daysFromCivil(p.year, p.month, p.day);
  }
  let hour = p.hour;
  if (p.hour12 >= 0) hour = p.hour12 + (p.pm === 1 ? 12 : 0);
  else if (p.pm === 1 && hour < 12) hour += 12;
  const wallMs = days * MS_PER_DAY + ((hour * 60 + p.minute) * 60 + p.second) * 1000 + p.fracMs;
  if (p.offsetMs !== undefined) return { wallMs, offsetMs: p.offsetMs };
  return p.zone !== undefined ? { wallMs, zone: p.zone } : { wallMs };
}

const parserCache = new Map<string, (text: string) => ParsedDateTime | undefined>();

export function cachedDateTimeParser(
  pattern: string,
  options: DateTimeParserOptions = {},
): ((text: string) => ParsedDateTime | undefined) | undefined {
  const key = `${options.allowTrailing ? 1 : 0}${options.lenientWidths ? 1 : 0}${pattern}`;
  let f = parserCache.get(key);
  if (!f) {
    try {
      f = compileDateTimeParser(pattern, options);
    } catch {
      return undefined;
    }
    if (parserCache.size > 1000) parserCache.clear();
    parserCache.set(key, f);
  }
  return f;
}

/**
 * Interval literals and text forms. Day-time intervals are milliseconds, year-month intervals
 * are months (sql-type.ts). Text forms follow Flink's `+d hh:mm:ss.fff` / `+y-mm` and Spark's
 * ANSI style `INTERVAL 'd hh:mm:ss' DAY TO SECOND`.
 */
export type IntervalField = 'YEAR' | 'MONTH' | 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND';

const FIELD_MS: Record<'DAY' | 'HOUR' | 'MINUTE' | 'SECOND', number> = {
  DAY: 86_400_000,
  HOUR: 3_600_000,
  MINUTE: 60_000,
  SECOND: 1000,
};
const DAY_TIME_ORDER = ['DAY', 'HOUR', 'MINUTE', 'SECOND'] as const;

export const isYearMonthField = (f: IntervalField) => f === 'YEAR' || f === 'MONTH';

/**
 * Value of `INTERVAL 'text' from [TO to]`: months for YEAR/MONTH ranges, ms otherwise.
 * Undefined when the text does not fit the range (e.g. '1-2' for DAY).
 */
export function parseIntervalLiteral(text: string, from: IntervalField, to: IntervalField = from): number | undefined {
  let s = text.trim();
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s[0] === '-' ? -1 : 1;
    s = s.slice(1).trim();
  }
  if (isYearMonthField(from)) {
    if (from === 'YEAR' && to === 'MONTH') {
      const m = /^(\d+)-(\d{1,2})$/.exec(s);
      if (!m || Number(m[2]) > 11) return undefined;
      return sign * (Number(m[1]) * 12 + Number(m[2]));
    }
    if (!/^\d+$/.test(s)) return undefined;
    return sign * Number(s) * (from === 'YEAR' ? 12 : 1);
  }
  const first = DAY_TIME_ORDER.indexOf(from as (typeof DAY_TIME_ORDER)[number]);
  const last = DAY_TIME_ORDER.indexOf(to as (typeof DAY_TIME_ORDER)[number]);
  if (first < 0 || last < first) return undefined;
  const parts = s.split(/[ :]/);
  if (parts.length !== last - first + 1) return undefined;
  let total = 0;
  for (let i = 0; i < parts.length; i++) {
    const field = DAY_TIME_ORDER[first + i];
    const isLastSecond = field === 'SECOND';
    if (!(isLastSecond ? /^\d+(\.\d{0,9})?$/ : /^\d+$/).test(parts[i])) return undefined;
    const value = Number(parts[i]);
    if (i > 0 && value >= (field === 'HOUR' ? 24 : 60)) return undefined;
    total += value * FIELD_MS[field];
  }
  return sign * total;
}

function pad(n: number, width: number): string {
  return `${n}`.padStart(width, '0');
}

/** Flink: '+1 02:03:04.000'; Spark: "INTERVAL '1 02:03:04' DAY TO SECOND". */
export function formatDayTimeInterval(ms: number, dialect: 'flink' | 'spark'): string {
  const negative = ms < 0;
  let rest = Math.round(Math.abs(ms) * 1000); // microseconds
  const days = Math.floor(rest / 86_400_000_000);
  rest -= days * 86_400_000_000;
  const hours = Math.floor(rest / 3_600_000_000);
  rest -= hours * 3_600_000_000;
  const minutes = Math.floor(rest / 60_000_000);
  rest -= minutes * 60_000_000;
  const seconds = Math.floor(rest / 1_000_000);
  const micros = rest - seconds * 1_000_000;
  const hms = `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}`;
  if (dialect === 'flink') {
    return `${negative ? '-' : '+'}${days} ${hms}.${pad(Math.floor(micros / 1000), 3)}`;
  }
  const fraction = micros === 0 ? '' : `.${pad(micros, 6).replace(/0+$/, '')}`;
  return `INTERVAL '${negative ? '-' : ''}${days} ${hms}${fraction}' DAY TO SECOND`;
}

/** Flink: '+1-02'; Spark: "INTERVAL '1-2' YEAR TO MONTH". */
export function formatYearMonthInterval(months: number, dialect: 'flink' | 'spark'): string {
  const negative = months < 0;
  const abs = Math.abs(months);
  const years = Math.floor(abs / 12);
  const rest = abs - years * 12;
  if (dialect === 'flink') return `${negative ? '-' : '+'}${years}-${pad(rest, 2)}`;
  return `INTERVAL '${negative ? '-' : ''}${years}-${rest}' YEAR TO MONTH`;
}

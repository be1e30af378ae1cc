/**
 * Proleptic Gregorian calendar arithmetic on days since 1970-01-01, after Howard Hinnant's
 * `days_from_civil` / `civil_from_days` (the calendar java.time and both engines use).
 */
export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
}

/** Adds months, clamping the day to the end of the target month (2020-01-31 + 1 month = 2020-02-29). */
export function addMonthsToDays(days: number, months: number): number {
  const { year, month, day } = civilFromDays(days);
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return daysFromCivil(y, m, Math.min(day, daysInMonth(y, m)));
}

/** Same on a wall-clock timestamp: the time of day is kept. */
export function addMonthsToTimestamp(ms: number, months: number): number {
  const days = Math.floor(ms / MS_PER_DAY);
  return addMonthsToDays(days, months) * MS_PER_DAY + (ms - days * MS_PER_DAY);
}

export function lastDayOfMonth(days: number): number {
  const { year, month } = civilFromDays(days);
  return daysFromCivil(year, month, daysInMonth(year, month));
}

/** 1 = Sunday ... 7 = Saturday (SQL DAYOFWEEK). 1970-01-01 was a Thursday. */
export const dayOfWeek = (days: number) => ((((days + 4) % 7) + 7) % 7) + 1;
/** 1 = Monday ... 7 = Sunday (ISO). */
export const isoDayOfWeek = (days: number) => ((((days + 3) % 7) + 7) % 7) + 1;

export function dayOfYear(days: number): number {
  return days - daysFromCivil(civilFromDays(days).year, 1, 1) + 1;
}

/** ISO-8601 week-based year and week number (weeks start on Monday, week 1 holds Jan 4th). */
export function isoWeek(days: number): { weekYear: number; week: number } {
  const thursday = days - isoDayOfWeek(days) + 4;
  const weekYear = civilFromDays(thursday).year;
  return { weekYear, week: Math.floor((thursday - daysFromCivil(weekYear, 1, 1)) / 7) + 1 };
}

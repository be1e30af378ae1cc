import { T } from '../../types/sql-type';
import { FunctionArgumentError, type ScalarFunctionSpec } from './function-spec';
import { checkArity, defineFunction, literalString } from './function-helpers';

/**
 * Spark's INTERVAL '1 day 2 hours' (units inside the string), which the parser sends as
 * __INTERVAL_STRING('1 day 2 hours'). The text must be a literal; it becomes a day-time
 * interval (ms) or a year-month interval (months). Mixing both kinds (a CalendarInterval in
 * Spark) is not supported.
 */
const UNIT_MS: Record<string, number> = {
  WEEK: 7 * 86_400_000, DAY: 86_400_000, HOUR: 3_600_000, MINUTE: 60_000, SECOND: 1000, MILLISECOND: 1, MICROSECOND: 0.001,
};
const UNIT_MONTHS: Record<string, number> = { YEAR: 12, MONTH: 1 };

/** { months } or { ms } of a multi-unit interval text, or undefined when it does not parse. */
export function parseMultiUnitInterval(text: string): { months: number } | { ms: number } | undefined {
  const body = text.trim().replace(/^interval\s+/i, '');
  const re = /([+-]?\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*/gy;
  let months = 0;
  let ms = 0;
  let hasMonths = false;
  let hasMs = false;
  let pos = 0;
  let m: RegExpExecArray | null;
  while (pos < body.length && (m = re.exec(body)) !== null) {
    pos = re.lastIndex;
    const unit = m[2].toUpperCase().replace(/S$/, '');
    const value = Number(m[1]);
    if (UNIT_MONTHS[unit] !== undefined && Number.isInteger(value)) {
      months += value * UNIT_MONTHS[unit];
      hasMonths = true;
    } else if (UNIT_MS[unit] !== undefined) {
      ms += value * UNIT_MS[unit];
      hasMs = true;
    } else return undefined;
  }
  if (pos !== body.length || (!hasMonths && !hasMs) || (hasMonths && hasMs)) return undefined;
  return hasMonths ? { months } : { ms: Math.round(ms * 1000) / 1000 };
}

const intervalString = defineFunction('__INTERVAL_STRING', (args, _ctx, literals) => {
  checkArity('INTERVAL', "('...')", args, 1);
  const text = literalString(literals, 0);
  const parsed = text === undefined ? undefined : parseMultiUnitInterval(text);
  if (!parsed) {
    throw new FunctionArgumentError(
      `INTERVAL '${text ?? ''}' is not a supported interval: expected units such as '1 day 2 hours' or '1 year 2 months', not both kinds`,
    );
  }
  if ('months' in parsed) return { returnType: T.intervalYearMonth(false), argTypes: [T.string()], impl: () => parsed.months };
  return { returnType: T.intervalDayTime(false), argTypes: [T.string()], impl: () => parsed.ms };
});

export const intervalFunctions: readonly ScalarFunctionSpec[] = [intervalString];

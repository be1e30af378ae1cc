import { PlanError } from '@sluice/contracts';
import type { IntervalExpr, LiteralExpr } from '../../sql/ast';
import { Decimal } from '../../types/decimal';
import { T, type SqlType } from '../../types/sql-type';
import { parseDate, parseTime, parseTimestamp } from '../../types/temporal';
import { parseIntervalLiteral, type IntervalField } from '../../types/interval';
import type { Literal } from '../../expr/bound-expr';

const INT_MIN = -2147483648n;
const INT_MAX = 2147483647n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/**
 * Types of literals, as both dialects define them: integers are INT when they fit, else BIGINT
 * (Spark: else DECIMAL); `1.50` is DECIMAL(3, 2); `1e3` is DOUBLE; strings are STRING.
 */
export function bindLiteral(e: LiteralExpr, dialect: 'flink' | 'spark'): Literal {
  const lit = (value: unknown, type: SqlType): Literal => ({ kind: 'literal', value, type, pos: e.pos });
  switch (e.literal) {
    case 'null':
      return lit(null, T.null());
    case 'boolean':
      return lit(e.value, T.boolean(false));
    case 'string':
      return lit(e.value, T.string(false));
    case 'number':
      return bindNumber(String(e.value), e.suffix, dialect, lit, e);
    case 'date': {
      const days = parseDate(String(e.value), dialect === 'spark');
      if (days === undefined) throw new PlanError('CAST_INVALID', `invalid DATE literal '${e.value}'`, { position: e.pos });
      return lit(days, T.date(false));
    }
    case 'time': {
      const ms = parseTime(String(e.value));
      if (ms === undefined) throw new PlanError('CAST_INVALID', `invalid TIME literal '${e.value}'`, { position: e.pos });
      return lit(ms, T.time(false));
    }
    case 'timestamp':
    case 'timestamp_ltz': {
      const parsed = parseTimestamp(String(e.value), dialect === 'spark');
      if (!parsed) throw new PlanError('CAST_INVALID', `invalid TIMESTAMP literal '${e.value}'`, { position: e.pos });
      const fraction = /\.(\d+)/.exec(String(e.value))?.[1]?.length ?? 0;
      const precision = dialect === 'spark' ? 6 : Math.max(0, fraction);
      return lit(parsed.wallMs, e.literal === 'timestamp' ? T.timestamp(precision, false) : T.timestampLtz(precision, false));
    }
    case 'binary':
      return lit(Uint8Array.from(Buffer.from(String(e.value), 'hex')), T.bytes(false));
  }
}

function bindNumber(
  text: string,
  suffix: string | undefined,
  dialect: 'flink' | 'spark',
  lit: (v: unknown, t: SqlType) => Literal,
  e: LiteralExpr,
): Literal {
  const outOfRange = (type: string) =>
    new PlanError('PLAN_TYPE_MISMATCH', `numeric literal ${text} is out of range for ${type}`, { position: e.pos });
  switch (suffix) {
    case 'L': {
      const v = BigInt(text);
      if (v < LONG_MIN || v > LONG_MAX) throw outOfRange('BIGINT');
      return lit(v, T.bigint(false));
    }
    case 'S':
      return lit(Number(text), T.smallint(false));
    case 'Y':
      return lit(Number(text), T.tinyint(false));
    case 'D':
      return lit(Number(text), T.double(false));
    case 'F':
      return lit(Math.fround(Number(text)), T.float(false));
    case 'BD': {
      const d = Decimal.fromString(text)!;
      return lit(d, T.decimal(Math.max(d.digits(), d.scale), d.scale, false));
    }
  }
  if (/[eE]/.test(text)) return lit(Number(text), T.double(false));
  if (text.includes('.')) {
    const d = Decimal.fromString(text)!;
    const precision = Math.max(d.digits(), d.scale);
    if (precision > 38) return lit(Number(text), T.double(false));
    return lit(d, T.decimal(precision, d.scale, false));
  }
  const v = BigInt(text);
  if (v >= INT_MIN && v <= INT_MAX) return lit(Number(v), T.int(false));
  if (v >= LONG_MIN && v <= LONG_MAX) return lit(v, T.bigint(false));
  if (dialect === 'spark' && text.replace('-', '').length <= 38) return lit(new Decimal(v, 0), T.decimal(text.replace('-', '').length, 0, false));
  throw outOfRange('BIGINT');
}

const FIELD_OF: Record<string, IntervalField> = {
  YEAR: 'YEAR', QUARTER: 'MONTH', MONTH: 'MONTH', WEEK: 'DAY', DAY: 'DAY', HOUR: 'HOUR', MINUTE: 'MINUTE', SECOND: 'SECOND',
  MILLISECOND: 'SECOND', MICROSECOND: 'SECOND',
};

/** INTERVAL literals: DAY..SECOND become milliseconds, YEAR..MONTH become months. */
export function bindInterval(e: IntervalExpr): Literal {
  const yearMonth = (e.from === 'YEAR' || e.from === 'MONTH' || e.from === 'QUARTER') && (!e.to || e.to === 'MONTH' || e.to === 'YEAR');
  let value: number | undefined;
  if (!e.to && (e.from === 'QUARTER' || e.from === 'WEEK' || e.from === 'MILLISECOND' || e.from === 'MICROSECOND')) {
    const n = Number(e.value);
    const factor = { QUARTER: 3, WEEK: 7 * 86_400_000, MILLISECOND: 1, MICROSECOND: 0.001 }[e.from];
    value = Number.isFinite(n) ? n * factor : undefined;
  } else value = parseIntervalLiteral(e.value, FIELD_OF[e.from], e.to ? FIELD_OF[e.to] : undefined);
  if (value === undefined)
    throw new PlanError('CAST_INVALID', `invalid INTERVAL literal '${e.value}' ${e.from}${e.to ? ` TO ${e.to}` : ''}`, { position: e.pos });
  if (e.negative) value = -value;
  return { kind: 'literal', value, type: yearMonth ? T.intervalYearMonth(false) : T.intervalDayTime(false), pos: e.pos };
}

import { describe, expect, it } from 'vitest';
import type { Decimal } from '../../types/decimal';
import { T, formatType } from '../../types/sql-type';
import { formatDate, formatTimestamp, parseDate, parseTimestamp } from '../../types/temporal';
import { callFunction, resolveFunction, type TypedValue } from './call-function';
import type { FunctionContext } from './function-spec';

const flink: FunctionContext = { dialect: 'flink', timeZone: 'UTC', queryStartMs: 1_600_000_000_123 };
const spark: FunctionContext = { dialect: 'spark', timeZone: 'UTC', queryStartMs: 1_600_000_000_123 };

const date = (text: string): TypedValue => ({ type: T.date(), value: parseDate(text)! });
const ts = (text: string): TypedValue => ({ type: T.timestamp(3), value: parseTimestamp(text)!.wallMs });
const s = (value: string): TypedValue => ({ type: T.string(), value });
const i = (value: number): TypedValue => ({ type: T.int(), value });
const l = (value: bigint): TypedValue => ({ type: T.bigint(), value });
const f = (name: string, ...args: TypedValue[]) => callFunction(name, flink, args);
const sp = (name: string, ...args: TypedValue[]) => callFunction(name, spark, args);
const day = (v: unknown) => formatDate(v as number);
const time = (v: unknown) => formatTimestamp(v as number);

describe('field extraction', () => {
  it('extracts date fields (Flink BIGINT, Spark INT)', () => {
    const d = date('1994-09-27');
    expect(f('YEAR', d)).toBe(1994n);
    expect(f('QUARTER', d)).toBe(3n);
    expect(f('MONTH', d)).toBe(9n);
    expect(f('WEEK', d)).toBe(39n);
    expect(f('DAYOFYEAR', d)).toBe(270n);
    expect(f('DAYOFMONTH', d)).toBe(27n);
    expect(f('DAYOFWEEK', d)).toBe(3n);
    expect(f('EXTRACT', s('DAY'), date('2006-06-05'))).toBe(5n);
    expect(sp('DAYOFWEEK', s('2009-07-30'))).toBe(5);
    expect(sp('WEEKOFYEAR', s('2008-02-20'))).toBe(8);
    expect(sp('WEEKDAY', s('2009-07-30'))).toBe(3);
  });

  it('extracts time fields, Spark EXTRACT(SECOND) with its fraction', () => {
    const t = ts('1994-09-27 13:14:15');
    expect(f('HOUR', t)).toBe(13n);
    expect(f('MINUTE', t)).toBe(14n);
    expect(f('SECOND', t)).toBe(15n);
    expect(f('EXTRACT', s('MILLISECOND'), ts('2021-01-01 12:34:56.789'))).toBe(56789n);
    expect((sp('EXTRACT', s('SECONDS'), ts('2019-10-01 00:00:01.5')) as Decimal).toString()).toBe('1.500000');
    expect(sp('SECOND', ts('2019-10-01 00:00:01.5'))).toBe(1);
  });
});

describe('current time', () => {
  it('is the query start, typed per dialect', () => {
    expect(formatType(resolveFunction('CURRENT_TIMESTAMP', flink, []).returnType)).toBe('TIMESTAMP_LTZ(3) NOT NULL');
    expect(formatType(resolveFunction('CURRENT_TIMESTAMP', spark, []).returnType)).toBe('TIMESTAMP(6) NOT NULL');
    expect(f('NOW')).toBe(1_600_000_000_123);
    expect(day(f('CURRENT_DATE'))).toBe('2020-09-13');
    const tokyo = { ...flink, timeZone: 'Asia/Tokyo' };
    expect(time(callFunction('LOCALTIMESTAMP', tokyo, []))).toBe('2020-09-13 21:26:40.123');
  });
});

describe('formatting and parsing', () => {
  it('formats timestamps and strings with Java patterns', () => {
    expect(f('DATE_FORMAT', ts('2020-03-05 14:07:09.045'), s('yyyy-MM-dd HH:mm:ss.SSS'))).toBe('2020-03-05 14:07:09.045');
    expect(f('DATE_FORMAT', s('2020-03-05 14:07:09'), s('yyyyMMdd'))).toBe('20200305');
    expect(sp('DATE_FORMAT', s('2016-04-08'), s('y'))).toBe('2016');
  });

  it('converts from and to epoch seconds in the session zone', () => {
    expect(f('FROM_UNIXTIME', l(44n))).toBe('1970-01-01 00:00:44');
    expect(callFunction('FROM_UNIXTIME', { ...flink, timeZone: 'Asia/Tokyo' }, [l(44n)])).toBe('1970-01-01 09:00:44');
    expect(sp('FROM_UNIXTIME', l(0n), s('yyyy-MM-dd HH:mm:ss'))).toBe('1970-01-01 00:00:00');
    expect(sp('UNIX_TIMESTAMP', s('2016-04-08'), s('yyyy-MM-dd'))).toBe(1460073600n);
    expect(sp('UNIX_TIMESTAMP', s('nonsense'))).toBeNull();
  });

  it("follows Flink's documented UNIX_TIMESTAMP examples", () => {
    const berlin = { ...flink, timeZone: 'Europe/Berlin' };
    const unix = (...args: TypedValue[]) => callFunction('UNIX_TIMESTAMP', berlin, args);
    expect(unix(s('1970-01-01 08:00:01.001'), s('yyyy-MM-dd HH:mm:ss.SSS'))).toBe(25201n);
    expect(unix(s('1970-01-01 08:00:01.001 +0800'), s('yyyy-MM-dd HH:mm:ss.SSS X'))).toBe(1n);
    expect(unix(s('1970-01-01 08:00:01.001 +0800'), s('yyyy-MM-dd HH:mm:ss.SSS'))).toBe(25201n);
    expect(unix(s('1970-01-01 08:00:01.001'), s('yyyy-MM-dd HH:mm:ss.SSS X'))).toBe(-9223372036854775808n);
  });

  it('parses dates and timestamps, NULL when the text does not fit', () => {
    expect(day(f('TO_DATE', s('2020-01-02')))).toBe('2020-01-02');
    expect(day(f('TO_DATE', s('02/01/2020'), s('dd/MM/yyyy')))).toBe('2020-01-02');
    expect(f('TO_DATE', s('not a date'))).toBeNull();
    expect(day(sp('TO_DATE', s('2009-07-30 04:17:52')))).toBe('2009-07-30');
    expect(time(f('TO_TIMESTAMP', s('2020-01-02 03:04:05')))).toBe('2020-01-02 03:04:05.000');
    expect(time(sp('TO_TIMESTAMP', s('2016-12-31'), s('yyyy-MM-dd')))).toBe('2016-12-31 00:00:00.000');
    expect(f('TO_TIMESTAMP_LTZ', l(1n), i(0))).toBe(1000);
    expect(f('TO_TIMESTAMP_LTZ', l(1500n), i(3))).toBe(1500);
    expect(f('CONVERT_TZ', s('1970-01-01 00:00:00'), s('UTC'), s('America/Los_Angeles'))).toBe('1969-12-31 16:00:00');
  });
});

describe('date arithmetic functions', () => {
  it('adds and diffs timestamps by unit', () => {
    expect(day(f('TIMESTAMPADD', s('WEEK'), i(1), date('2003-01-02')))).toBe('2003-01-09');
    expect(time(f('TIMESTAMPADD', s('HOUR'), i(-1), ts('2003-01-02 00:00:00')))).toBe('2003-01-01 23:00:00.000');
    expect(time(f('TIMESTAMPADD', s('MONTH'), i(1), ts('2020-01-31 10:00:00')))).toBe('2020-02-29 10:00:00.000');
    expect(f('TIMESTAMPDIFF', s('DAY'), ts('2003-01-02 10:00:00'), ts('2003-01-03 10:00:00'))).toBe(1);
    expect(f('TIMESTAMPDIFF', s('MONTH'), date('2003-01-31'), date('2003-02-28'))).toBe(1);
    expect(f('TIMESTAMPDIFF', s('MONTH'), ts('2003-01-31 10:00:00'), ts('2003-02-28 09:00:00'))).toBe(0);
    expect(f('TIMESTAMPDIFF', s('YEAR'), date('2005-06-01'), date('2003-06-02'))).toBe(-1);
  });

  it("follows Spark's date functions", () => {
    expect(day(sp('DATE_ADD', s('2016-07-30'), i(1)))).toBe('2016-07-31');
    expect(day(sp('DATE_SUB', s('2016-07-30'), i(1)))).toBe('2016-07-29');
    expect(sp('DATEDIFF', s('2009-07-31'), s('2009-07-30'))).toBe(1);
    expect(day(sp('ADD_MONTHS', s('2016-08-31'), i(1)))).toBe('2016-09-30');
    expect(sp('MONTHS_BETWEEN', s('1997-02-28 10:30:00'), s('1996-10-30'))).toBe(3.94959677);
    expect(sp('MONTHS_BETWEEN', s('1997-02-28 10:30:00'), s('1996-10-30'), { type: T.boolean(), value: false })).toBe(3.9495967741935485);
    expect(day(sp('LAST_DAY', s('2009-01-12')))).toBe('2009-01-31');
    expect(day(sp('NEXT_DAY', s('2015-01-14'), s('TU')))).toBe('2015-01-20');
    expect(sp('NEXT_DAY', s('2015-01-14'), s('xx'))).toBeNull();
    expect(day(sp('TRUNC', s('2019-08-04'), s('week')))).toBe('2019-07-29');
    expect(day(sp('TRUNC', s('2019-08-04'), s('quarter')))).toBe('2019-07-01');
    expect(day(sp('TRUNC', s('2009-02-12'), s('MM')))).toBe('2009-02-01');
    expect(time(sp('DATE_TRUNC', s('YEAR'), s('2015-03-05T09:32:05.359')))).toBe('2015-01-01 00:00:00.000');
    expect(time(sp('DATE_TRUNC', s('HOUR'), s('2015-03-05T09:32:05.359')))).toBe('2015-03-05 09:00:00.000');
    expect(day(sp('MAKE_DATE', i(2013), i(7), i(15)))).toBe('2013-07-15');
    expect(sp('MAKE_DATE', i(2019), i(13), i(1))).toBeNull();
  });

  it("reads Spark's multi-unit interval strings", () => {
    expect(sp('__INTERVAL_STRING', s('1 day 2 hours'))).toBe(93_600_000);
    expect(sp('__INTERVAL_STRING', s('1 year 2 months'))).toBe(14);
    expect(() => resolveFunction('__INTERVAL_STRING', spark, [s('1 year 2 days')])).toThrow(/not a supported interval/);
  });
});

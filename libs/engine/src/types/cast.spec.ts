import { describe, expect, it } from 'vitest';
import type { FunctionContext } from '../expr/functions/function-spec';
import { canCast, compileCast } from './cast';
import { Decimal } from './decimal';
import { T, type SqlType } from './sql-type';
import { parseTimestamp } from './temporal';

const flink: FunctionContext = { dialect: 'flink', timeZone: 'UTC', queryStartMs: 0 };
const spark: FunctionContext = { dialect: 'spark', timeZone: 'UTC', queryStartMs: 0 };
const sparkAnsi: FunctionContext = { ...spark, ansi: true };
const dec = (s: string) => Decimal.fromString(s)!;
const ts = (s: string) => parseTimestamp(s)!.wallMs;

function cast(ctx: FunctionContext, from: SqlType, to: SqlType, v: unknown, mode: 'cast' | 'try' = 'cast'): unknown {
  return compileCast(from, to, ctx, mode)(v);
}

describe('CAST from STRING', () => {
  it('parses numbers after trimming, truncating a fraction for integral targets', () => {
    expect(cast(flink, T.string(), T.int(), ' 42 ')).toBe(42);
    expect(cast(spark, T.string(), T.int(), '1.9')).toBe(1);
    expect(cast(flink, T.string(), T.bigint(), '-9223372036854775808')).toBe(-9223372036854775808n);
    expect(cast(spark, T.string(), T.double(), '1e3')).toBe(1000);
    expect(cast(spark, T.string(), T.double(), '-Infinity')).toBe(-Infinity);
    expect((cast(flink, T.string(), T.decimal(5, 2), '3.14159') as Decimal).toString()).toBe('3.14');
  });

  it('fails in Flink CAST, returns NULL in TRY_CAST and in Spark', () => {
    expect(() => cast(flink, T.string(), T.int(), 'abc')).toThrow(expect.objectContaining({ code: 'CAST_INVALID' }));
    expect(cast(flink, T.string(), T.int(), 'abc', 'try')).toBeNull();
    expect(cast(spark, T.string(), T.int(), 'abc')).toBeNull();
    expect(cast(spark, T.string(), T.int(), '2147483648')).toBeNull();
    expect(() => cast(sparkAnsi, T.string(), T.int(), 'abc')).toThrow(expect.objectContaining({ code: 'CAST_INVALID' }));
    expect(cast(spark, T.string(), T.date(), '2016-13-01')).toBeNull();
  });

  it('parses booleans from the usual spellings', () => {
    expect(cast(spark, T.string(), T.boolean(), 'Yes')).toBe(true);
    expect(cast(flink, T.string(), T.boolean(), '0')).toBe(false);
    expect(cast(spark, T.string(), T.boolean(), 'maybe')).toBeNull();
  });

  it('parses dates and timestamps, converting a written zone to the session zone', () => {
    expect(cast(spark, T.string(), T.date(), '2016-07-30')).toBe(17012);
    expect(cast(spark, T.string(), T.date(), '2016-07-30 10:00:00')).toBe(17012);
    const shanghai = { ...spark, timeZone: 'Asia/Shanghai' };
    expect(cast(shanghai, T.string(), T.timestamp(), '2020-01-01T00:00:00Z')).toBe(ts('2020-01-01 08:00:00'));
    expect(cast(shanghai, T.string(), T.timestampLtz(), '2020-01-01 08:00:00')).toBe(ts('2020-01-01 00:00:00'));
  });
});

describe('CAST between numbers', () => {
  it('wraps integral narrowing like Java', () => {
    expect(cast(flink, T.int(), T.tinyint(), 300)).toBe(44);
    expect(cast(spark, T.bigint(), T.int(), 4294967297n)).toBe(1);
    expect(cast(spark, T.double(), T.int(), 1e20)).toBe(2147483647);
    expect(cast(spark, T.double(), T.bigint(), NaN)).toBe(0n);
    expect(cast(flink, T.double(), T.int(), -3.9)).toBe(-3);
  });

  it('raises on overflow in Spark ANSI mode', () => {
    expect(() => cast(sparkAnsi, T.int(), T.tinyint(), 300)).toThrow(expect.objectContaining({ code: 'ARITHMETIC_OVERFLOW' }));
  });

  it('rounds DECIMAL half up and gives NULL when the precision overflows', () => {
    expect((cast(flink, T.decimal(10, 3), T.decimal(10, 1), dec('2.250')) as Decimal).toString()).toBe('2.3');
    expect((cast(spark, T.decimal(10, 3), T.decimal(10, 1), dec('-2.250')) as Decimal).toString()).toBe('-2.3');
    expect(cast(flink, T.decimal(10, 3), T.decimal(3, 1), dec('12345.678'))).toBeNull();
    expect(cast(spark, T.int(), T.decimal(3, 1), 100)).toBeNull();
    expect((cast(spark, T.double(), T.decimal(10, 2), 0.125) as Decimal).toString()).toBe('0.13');
    expect(cast(flink, T.decimal(10, 2), T.int(), dec('-7.99'))).toBe(-7);
  });
});

describe('CAST to STRING', () => {
  it('prints booleans per dialect and doubles as Java does', () => {
    expect(cast(flink, T.boolean(), T.string(), true)).toBe('TRUE');
    expect(cast(spark, T.boolean(), T.string(), true)).toBe('true');
    expect(cast(spark, T.double(), T.string(), 1e10)).toBe('1.0E10');
    expect(cast(flink, T.double(), T.string(), 100)).toBe('100.0');
    expect(cast(flink, T.double(), T.string(), 0.0001)).toBe('1.0E-4');
    expect(cast(spark, T.float(), T.string(), Math.fround(0.1))).toBe('0.1');
  });

  it('prints decimals plainly in Flink and as BigDecimal.toString in Spark', () => {
    expect(cast(flink, T.decimal(20, 10), T.string(), dec('0.0000000000'))).toBe('0.0000000000');
    expect(cast(spark, T.decimal(20, 10), T.string(), dec('0.0000000000'))).toBe('0E-10');
    expect(cast(spark, T.decimal(5, 2), T.string(), dec('1.50'))).toBe('1.50');
  });

  it('prints timestamps with the type precision in Flink and trimmed in Spark', () => {
    expect(cast(flink, T.timestamp(3), T.string(), ts('2020-01-01 12:00:00'))).toBe('2020-01-01 12:00:00.000');
    expect(cast(flink, T.timestamp(0), T.string(), ts('2020-01-01 12:00:00'))).toBe('2020-01-01 12:00:00');
    expect(cast(spark, T.timestamp(6), T.string(), ts('2020-01-01 12:00:00.5'))).toBe('2020-01-01 12:00:00.5');
    expect(cast(flink, T.date(), T.string(), 17012)).toBe('2016-07-30');
  });

  it('pads CHAR and truncates VARCHAR in Flink only', () => {
    expect(cast(flink, T.string(), T.char(5), 'abc')).toBe('abc  ');
    expect(cast(flink, T.int(), T.varchar(2), 12345)).toBe('12');
    expect(cast(spark, T.string(), T.varchar(2), 'abcdef')).toBe('abcdef');
  });

  it('prints collections per dialect', () => {
    expect(cast(flink, T.array(T.int()), T.string(), [1, null, 3])).toBe('[1, NULL, 3]');
    expect(cast(spark, T.array(T.int()), T.string(), [1, null, 3])).toBe('[1, null, 3]');
    expect(cast(spark, T.map(T.string(), T.int()), T.string(), new Map([['a', 1]]))).toBe('{a -> 1}');
  });
});

describe('CAST between temporal types', () => {
  it('converts via the session zone', () => {
    const ctx = { ...flink, timeZone: 'Asia/Shanghai' };
    expect(cast(ctx, T.timestampLtz(3), T.timestamp(3), 0)).toBe(8 * 3_600_000);
    expect(cast(ctx, T.timestamp(3), T.timestampLtz(3), 8 * 3_600_000)).toBe(0);
    expect(cast(flink, T.timestamp(3), T.date(), ts('1969-12-31 23:00:00'))).toBe(-1);
    expect(cast(spark, T.bigint(), T.timestamp(), 1n)).toBe(1000);
    expect(cast(spark, T.timestamp(), T.bigint(), ts('1970-01-01 00:00:01.9'))).toBe(1n);
    expect(cast(flink, T.timestamp(9), T.timestamp(0), ts('2020-01-01 00:00:01.9'))).toBe(ts('2020-01-01 00:00:01'));
  });

  it('casts arrays element-wise', () => {
    expect(cast(spark, T.array(T.string()), T.array(T.int()), ['1', 'x', null])).toEqual([1, null, null]);
  });
});

describe(canCast.name, () => {
  it('allows the usual conversions and rejects the rest', () => {
    expect(canCast(T.int(), T.string())).toBe(true);
    expect(canCast(T.string(), T.timestamp())).toBe(true);
    expect(canCast(T.date(), T.timestamp())).toBe(true);
    expect(canCast(T.date(), T.int())).toBe(false);
    expect(canCast(T.date(), T.int(), 'spark')).toBe(true);
    expect(canCast(T.boolean(), T.date())).toBe(false);
    expect(canCast(T.array(T.int()), T.array(T.date()))).toBe(false);
    expect(() => compileCast(T.boolean(), T.date(), flink, 'cast')).toThrow(/cannot cast BOOLEAN to DATE/);
  });
});

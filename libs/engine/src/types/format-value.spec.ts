import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal';
import { RawJsonNumber, compileOutputFormatter, formatNdjsonRow, formatValueAsString, toJsonText } from './format-value';
import { T } from './sql-type';
import { parseTimestamp } from './temporal';

const ts = (s: string) => parseTimestamp(s)!.wallMs;

describe(compileOutputFormatter.name, () => {
  it('prints timestamps as YYYY-MM-DD HH:MM:SS.fff whatever their precision (DESIGN.md)', () => {
    expect(compileOutputFormatter(T.timestamp(3))(ts('2020-01-01 12:00:00'))).toBe('2020-01-01 12:00:00.000');
    expect(compileOutputFormatter(T.timestamp(0))(ts('2020-01-01 12:00:00'))).toBe('2020-01-01 12:00:00.000');
    expect(compileOutputFormatter(T.timestamp(6))(ts('2020-01-01 12:00:00.123456'))).toBe('2020-01-01 12:00:00.123');
    expect(compileOutputFormatter(T.timestampLtz(3), { timeZone: 'Asia/Tokyo' })(0)).toBe('1970-01-01 09:00:00.000');
  });

  it('prints decimals as strings with their scale and bigints exactly', () => {
    expect(compileOutputFormatter(T.decimal(10, 2))(Decimal.fromString('7.5'))).toBe('7.50');
    const big = compileOutputFormatter(T.bigint())(9007199254740993n);
    expect(big).toEqual(new RawJsonNumber('9007199254740993'));
  });

  it('prints special doubles as strings and floats in their short form', () => {
    const double = compileOutputFormatter(T.double());
    expect(double(NaN)).toBe('NaN');
    expect(double(-Infinity)).toBe('-Infinity');
    expect(double(1.5)).toBe(1.5);
    expect(toJsonText(compileOutputFormatter(T.float())(Math.fround(0.1)))).toBe('0.1');
  });

  it('formats nested values and nulls', () => {
    const row = T.row([
      { name: 'a', type: T.array(T.date()) },
      { name: 'm', type: T.map(T.string(), T.bigint()) },
    ]);
    const value = compileOutputFormatter(row)([[0, null], new Map([['k', 1n]])]);
    expect(toJsonText(value)).toBe('{"a":["1970-01-01",null],"m":{"k":1}}');
    expect(compileOutputFormatter(T.int())(null)).toBeNull();
  });
});

describe(formatNdjsonRow.name, () => {
  it('writes one JSON object with keys in column order', () => {
    const names = ['id', 'total', 'ts', 'note'];
    const formatters = [T.bigint(), T.decimal(5, 2), T.timestamp(3), T.string()].map((t) => compileOutputFormatter(t));
    const row = [12345678901234567n, Decimal.fromString('1.5')!, ts('2020-01-01 00:00:00.5'), null];
    expect(formatNdjsonRow(names, formatters, row)).toBe(
      '{"id":12345678901234567,"total":"1.50","ts":"2020-01-01 00:00:00.500","note":null}',
    );
  });
});

describe('formatValueAsString', () => {
  it('prints text forms per dialect', () => {
    expect(formatValueAsString(T.boolean(), { dialect: 'flink' })(false)).toBe('FALSE');
    expect(formatValueAsString(T.double(), { dialect: 'spark' })(1e10)).toBe('1.0E10');
    expect(formatValueAsString(T.double(), { dialect: 'flink' })(1234567.5)).toBe('1234567.5');
    expect(formatValueAsString(T.double(), { dialect: 'flink' })(12345678.5)).toBe('1.23456785E7');
    expect(formatValueAsString(T.row([{ name: 'a', type: T.int() }, { name: 'b', type: T.string() }]), { dialect: 'flink' })([1, 'x'])).toBe('(1, x)');
  });
});

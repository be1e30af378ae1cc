import { describe, expect, it } from 'vitest';
import { Decimal } from '../../types/decimal';
import { T, formatType } from '../../types/sql-type';
import { formatTimestamp, parseTimestamp } from '../../types/temporal';
import { callFunction, resolveFunction, type TypedValue } from './call-function';
import type { FunctionContext } from './function-spec';

const flink: FunctionContext = { dialect: 'flink', timeZone: 'UTC', queryStartMs: 0 };
const spark: FunctionContext = { dialect: 'spark', timeZone: 'UTC', queryStartMs: 0 };

const i = (value: number | null): TypedValue => ({ type: T.int(), value });
const l = (value: bigint): TypedValue => ({ type: T.bigint(), value });
const d = (value: number): TypedValue => ({ type: T.double(), value });
const dec = (text: string, p: number, s: number): TypedValue => ({ type: T.decimal(p, s), value: Decimal.fromString(text)! });
const str = (value: string): TypedValue => ({ type: T.string(), value });
const f = (name: string, ...args: TypedValue[]) => callFunction(name, flink, args);
const sp = (name: string, ...args: TypedValue[]) => callFunction(name, spark, args);
const text = (v: unknown) => (v as Decimal).toString();
const typeOf = (ctx: FunctionContext, name: string, ...args: TypedValue[]) => formatType(resolveFunction(name, ctx, args).returnType);

describe('rounding', () => {
  it('rounds half up, decimals keeping a DECIMAL type', () => {
    expect(text(f('ROUND', dec('12.345', 5, 3), i(2)))).toBe('12.35');
    expect(typeOf(flink, 'ROUND', dec('12.345', 5, 3), i(2))).toBe('DECIMAL(5, 2)');
    expect(text(sp('ROUND', dec('-2.5', 2, 1)))).toBe('-3');
    expect(sp('ROUND', d(2.5))).toBe(3);
    expect(sp('ROUND', d(-2.5))).toBe(-3);
    expect(f('ROUND', d(1.005), i(2))).toBe(1.01);
    expect(sp('ROUND', i(125), i(-1))).toBe(130);
    expect(sp('BROUND', d(2.5))).toBe(2);
    expect(sp('BROUND', i(25), i(-1))).toBe(20);
  });

  it('truncates (Flink TRUNCATE)', () => {
    expect(text(f('TRUNCATE', dec('42.324', 5, 3), i(2)))).toBe('42.32');
    expect(f('TRUNCATE', d(42.324), i(2))).toBe(42.32);
    expect(f('TRUNCATE', d(-42.9))).toBe(-42);
  });

  it('floors and ceils with per-dialect result types', () => {
    expect(f('FLOOR', d(1.5))).toBe(1);
    expect(typeOf(flink, 'FLOOR', d(1.5))).toBe('DOUBLE');
    expect(sp('CEIL', d(-0.1))).toBe(0n);
    expect(sp('CEIL', d(5.4))).toBe(6n);
    expect(typeOf(spark, 'CEIL', d(5.4))).toBe('BIGINT');
    expect(text(sp('CEIL', dec('5.4', 3, 1)))).toBe('6');
    expect(typeOf(spark, 'CEIL', dec('5.4', 3, 1))).toBe('DECIMAL(3, 0)');
    expect(typeOf(flink, 'CEIL', dec('5.4', 3, 1))).toBe('DECIMAL(3, 0)');
    expect(text(f('FLOOR', dec('-5.4', 3, 1)))).toBe('-6');
  });

  it('floors and ceils timestamps to a unit', () => {
    const ts: TypedValue = { type: T.timestamp(3), value: parseTimestamp('2020-05-17 12:44:31')!.wallMs };
    expect(formatTimestamp(f('TIME_FLOOR', ts, str('HOUR')) as number)).toBe('2020-05-17 12:00:00.000');
    expect(formatTimestamp(f('CEIL', ts, str('MINUTE')) as number)).toBe('2020-05-17 12:45:00.000');
    expect(formatTimestamp(f('TIME_CEIL', ts, str('MONTH')) as number)).toBe('2020-06-01 00:00:00.000');
  });
});

describe('other numeric functions', () => {
  it('computes powers and logarithms, Spark returning NULL for non-positive inputs', () => {
    expect(f('POWER', i(2), i(10))).toBe(1024);
    expect(f('SQRT', i(4))).toBe(2);
    expect(f('LOG10', i(100))).toBe(2);
    expect(f('LOG2', i(8))).toBe(3);
    expect(f('LOG', i(2), i(8))).toBe(3);
    expect(f('LN', d(Math.E))).toBe(1);
    expect(f('LN', i(0))).toBe(-Infinity);
    expect(sp('LN', i(0))).toBeNull();
    expect(sp('LOG', i(0))).toBeNull();
  });

  it('keeps the sign of the dividend for MOD; PMOD is non-negative', () => {
    expect(f('MOD', i(-7), i(3))).toBe(-1);
    expect(sp('PMOD', i(-10), i(3))).toBe(2);
    expect(sp('PMOD', i(10), i(3))).toBe(1);
    expect(sp('MOD', i(10), i(0))).toBeNull();
  });

  it('computes signs and absolute values', () => {
    expect(f('SIGN', i(-5))).toBe(-1);
    expect(typeOf(flink, 'SIGN', i(-5))).toBe('INT');
    expect(sp('SIGNUM', i(40))).toBe(1);
    expect(typeOf(spark, 'SIGN', i(40))).toBe('DOUBLE');
    expect(f('ABS', i(-2147483648))).toBe(-2147483648);
    expect(text(f('ABS', dec('-1.50', 3, 2)))).toBe('1.50');
    expect(f('ABS', l(-5n))).toBe(5n);
  });

  it('converts to binary and hex and applies bitwise operators', () => {
    expect(sp('BIN', i(13))).toBe('1101');
    expect(sp('BIN', i(-13))).toBe('1111111111111111111111111111111111111111111111111111111111110011');
    expect(sp('HEX', i(17))).toBe('11');
    expect(f('BITAND', i(12), i(10))).toBe(8);
    expect(f('BITOR', i(12), i(10))).toBe(14);
    expect(f('BITXOR', i(12), i(10))).toBe(6);
    expect(f('~', i(5))).toBe(-6);
    expect(f('BITAND', l(12n), i(10))).toBe(8n);
  });

  it('has trigonometry, constants and seeded random numbers', () => {
    expect(f('DEGREES', d(Math.PI))).toBe(180);
    expect(f('ATAN2', d(1), d(1))).toBeCloseTo(Math.PI / 4);
    expect(f('PI')).toBe(Math.PI);
    const rand = resolveFunction('RAND', flink, [i(42)]);
    const again = resolveFunction('RAND', flink, [i(42)]);
    const first = rand.impl(42);
    expect(first).toBe(again.impl(42));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(1);
    expect(resolveFunction('RAND', flink, []).deterministic).toBe(false);
  });
});

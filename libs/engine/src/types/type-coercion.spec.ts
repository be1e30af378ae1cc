import { describe, expect, it } from 'vitest';
import { FunctionArgumentError, type FunctionContext } from '../expr/functions/function-spec';
import { Decimal } from './decimal';
import { T, formatType, type SqlType } from './sql-type';
import { parseDate, parseTimestamp } from './temporal';
import { commonSuperType, comparisonType, resolveArithmetic, resolveNegate, type ArithmeticOp } from './type-coercion';

const flink: FunctionContext = { dialect: 'flink', timeZone: 'UTC', queryStartMs: 0 };
const spark: FunctionContext = { dialect: 'spark', timeZone: 'UTC', queryStartMs: 0 };
const dec = (s: string) => Decimal.fromString(s)!;
const typeOf = (op: ArithmeticOp, l: SqlType, r: SqlType, ctx: FunctionContext, literals?: unknown[]) =>
  formatType(resolveArithmetic(op, l, r, ctx, literals).returnType);
const nn = (t: SqlType) => ({ ...t, nullable: false });

describe(commonSuperType.name, () => {
  it('widens numbers and merges NULL and nullability', () => {
    expect(commonSuperType([T.int(false), T.bigint(false)], 'flink')).toEqual(T.bigint(false));
    expect(commonSuperType([T.null(), T.int(false)], 'flink')).toEqual(T.int(true));
    expect(commonSuperType([T.int(), T.float()], 'spark')).toEqual(T.float());
    expect(commonSuperType([T.decimal(10, 2), T.double()], 'flink')).toEqual(T.double());
  });

  it('merges decimals with integral types per dialect', () => {
    expect(commonSuperType([T.decimal(5, 2), T.int()], 'flink')).toEqual(T.decimal(12, 2));
    expect(commonSuperType([T.decimal(5, 2), T.bigint()], 'flink')).toEqual(T.decimal(21, 2));
    expect(commonSuperType([T.decimal(5, 2), T.bigint()], 'spark')).toEqual(T.decimal(22, 2));
    expect(commonSuperType([T.decimal(38, 10), T.decimal(38, 30)], 'spark')).toEqual(T.decimal(38, 30));
    expect(commonSuperType([T.decimal(38, 10), T.decimal(38, 30)], 'flink')).toEqual(T.decimal(38, 10));
  });

  it('promotes strings in Spark set operations; Flink casts the string to the other type', () => {
    expect(commonSuperType([T.string(), T.int()], 'spark')).toEqual(T.string());
    expect(commonSuperType([T.string(), T.int()], 'flink')).toEqual(T.int());
    expect(commonSuperType([T.string(), T.array(T.int())], 'flink')).toBeUndefined();
    expect(commonSuperType([T.varchar(3), T.char(5)], 'flink')).toEqual(T.string());
    expect(commonSuperType([T.string(), T.boolean()], 'spark')).toBeUndefined();
  });

  it('casts the string side in comparisons (Spark: DECIMAL vs STRING compares as DOUBLE)', () => {
    expect(comparisonType(T.string(), T.int(), 'spark')).toEqual(T.int());
    expect(comparisonType(T.decimal(10, 2), T.string(), 'spark')).toEqual(T.double());
    expect(comparisonType(T.date(), T.timestamp(), 'spark')).toEqual(T.timestamp(3));
    expect(comparisonType(T.string(), T.date(), 'flink')).toEqual(T.date());
  });

  it('merges arrays element-wise', () => {
    expect(commonSuperType([T.array(T.int()), T.array(T.bigint())], 'flink')).toEqual(T.array(T.bigint()));
  });
});

describe(resolveArithmetic.name, () => {
  it('keeps integer division integral in Flink and makes it DOUBLE in Spark', () => {
    const f = resolveArithmetic('/', T.int(false), T.int(false), flink);
    expect(formatType(f.returnType)).toBe('INT NOT NULL');
    expect(f.impl(7, 2)).toBe(3);
    expect(f.impl(-7, 2)).toBe(-3);
    const s = resolveArithmetic('/', T.int(false), T.int(false), spark);
    expect(formatType(s.returnType)).toBe('DOUBLE');
    expect(s.impl(7, 2)).toBe(3.5);
    expect(s.impl(7, 0)).toBeNull();
    expect(() => f.impl(7, 0)).toThrow(expect.objectContaining({ code: 'DIVISION_BY_ZERO' }));
  });

  it('wraps integral overflow like Java', () => {
    expect(resolveArithmetic('+', T.int(), T.int(), flink).impl(2147483647, 1)).toBe(-2147483648);
    expect(resolveArithmetic('*', T.bigint(), T.bigint(), spark).impl(9223372036854775807n, 2n)).toBe(-2n);
    expect(resolveArithmetic('*', T.tinyint(), T.tinyint(), spark).impl(100, 2)).toBe(-56);
  });

  it('takes the sign of the dividend for %, with Flink typing MOD as its second argument', () => {
    const f = resolveArithmetic('%', T.bigint(), T.int(), flink);
    expect(formatType(f.returnType)).toBe('INT');
    expect(f.impl(-7n, 3n)).toBe(-1);
    expect(resolveArithmetic('%', T.int(), T.int(), spark).impl(7, 0)).toBeNull();
    expect(resolveArithmetic('%', T.double(), T.double(), spark).impl(-7.5, 2)).toBe(-1.5);
    expect(() => resolveArithmetic('%', T.double(), T.int(), flink)).toThrow(FunctionArgumentError);
  });

  it('sizes DECIMAL results like the engines', () => {
    expect(typeOf('*', nn(T.decimal(10, 2)), nn(T.decimal(10, 2)), flink)).toBe('DECIMAL(21, 4)');
    expect(typeOf('+', T.decimal(10, 2), T.decimal(5, 3), spark)).toBe('DECIMAL(12, 3)');
    expect(typeOf('/', T.decimal(10, 2), T.decimal(10, 2), spark)).toBe('DECIMAL(23, 13)');
    expect(typeOf('/', T.decimal(38, 10), T.decimal(38, 10), flink)).toBe('DECIMAL(38, 6)');
    expect(typeOf('%', T.decimal(10, 2), T.decimal(5, 3), flink)).toBe('DECIMAL(5, 3)');
    expect(typeOf('/', T.decimal(10, 2), T.int(), flink)).toBe('DECIMAL(21, 13)');
    expect(typeOf('/', T.decimal(10, 2), T.int(), spark, [undefined, 2])).toBe('DECIMAL(14, 6)');
    expect(typeOf('*', T.decimal(38, 18), T.bigint(), spark)).toBe('DECIMAL(38, 6)');
    expect(typeOf('+', T.decimal(10, 2), T.double(), spark)).toBe('DOUBLE');
  });

  it('computes DECIMAL values exactly, rounding half up', () => {
    const div = resolveArithmetic('/', T.decimal(10, 2), T.decimal(10, 2), spark);
    expect((div.impl(dec('1.00'), dec('3.00')) as Decimal).toString()).toBe('0.3333333333333');
    const mul = resolveArithmetic('*', T.decimal(10, 2), T.decimal(10, 2), flink);
    expect((mul.impl(dec('1.25'), dec('0.50')) as Decimal).toString()).toBe('0.6250');
    expect(() => resolveArithmetic('/', T.decimal(10, 2), T.decimal(10, 2), flink).impl(dec('1.00'), dec('0.00'))).toThrow(
      expect.objectContaining({ code: 'DIVISION_BY_ZERO' }),
    );
  });

  it('casts strings to DOUBLE in Spark arithmetic and implements DIV', () => {
    const r = resolveArithmetic('+', T.string(), T.int(), spark);
    expect(r.argTypes!.map((t) => t.kind)).toEqual(['DOUBLE', 'DOUBLE']);
    const div = resolveArithmetic('DIV', T.int(), T.int(), spark);
    expect(formatType(div.returnType)).toBe('BIGINT');
    expect(div.impl(-7n, 2n)).toBe(-3n);
    expect(() => resolveArithmetic('+', T.string(), T.int(), flink)).toThrow(FunctionArgumentError);
    const shifted = resolveArithmetic('+', T.string(), T.intervalDayTime(), spark);
    expect(shifted.argTypes![0].kind).toBe('TIMESTAMP');
  });

  it('adds days and intervals to dates and timestamps', () => {
    const d = parseDate('2016-07-30')!;
    expect(resolveArithmetic('+', T.date(), T.int(), spark).impl(d, 1)).toBe(parseDate('2016-07-31'));
    expect(resolveArithmetic('+', T.int(), T.date(), spark).impl(1, d)).toBe(parseDate('2016-07-31'));
    const months = resolveArithmetic('+', T.date(), T.intervalYearMonth(), flink);
    expect(months.impl(parseDate('2020-01-31'), 1)).toBe(parseDate('2020-02-29'));
    const ts = parseTimestamp('2020-01-01 00:00:00')!.wallMs;
    expect(resolveArithmetic('-', T.timestamp(), T.intervalDayTime(), flink).impl(ts, 1000)).toBe(ts - 1000);
    const diff = resolveArithmetic('-', T.timestamp(), T.timestamp(), spark);
    expect(diff.returnType.kind).toBe('INTERVAL_DAY_TIME');
    expect(diff.impl(ts + 5000, ts)).toBe(5000);
    expect(resolveArithmetic('*', T.intervalDayTime(), T.int(), flink).impl(1000, 3)).toBe(3000);
  });
});

describe(resolveNegate.name, () => {
  it('negates with wrapping and keeps the type', () => {
    expect(resolveNegate(T.int(), flink).impl(-2147483648)).toBe(-2147483648);
    expect((resolveNegate(T.decimal(5, 2), spark).impl(dec('1.50')) as Decimal).toString()).toBe('-1.50');
    expect(() => resolveNegate(T.boolean(), flink)).toThrow(FunctionArgumentError);
  });
});

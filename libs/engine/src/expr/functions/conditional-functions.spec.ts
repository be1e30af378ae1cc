import { describe, expect, it } from 'vitest';
import { Decimal } from '../../types/decimal';
import { T, formatType, type SqlType } from '../../types/sql-type';
import { callFunction, resolveFunction, type TypedValue } from './call-function';
import { FunctionArgumentError, type FunctionContext } from './function-spec';

const flink: FunctionContext = { dialect: 'flink', timeZone: 'UTC', queryStartMs: 0 };
const spark: FunctionContext = { dialect: 'spark', timeZone: 'UTC', queryStartMs: 0 };
const i = (value: number | null, nullable = true): TypedValue => ({ type: T.int(nullable), value });
const s = (value: string | null): TypedValue => ({ type: T.string(), value });
const nul: TypedValue = { type: T.null(), value: null };
const f = (name: string, ...args: TypedValue[]) => callFunction(name, flink, args);
const sp = (name: string, ...args: TypedValue[]) => callFunction(name, spark, args);
const typeOf = (ctx: FunctionContext, name: string, ...args: TypedValue[]): string => formatType(resolveFunction(name, ctx, args).returnType);
const arr = (element: SqlType, value: unknown[]): TypedValue => ({ type: T.array(element), value });

describe('conditional functions', () => {
  it('COALESCE returns the first non-NULL value in the common type', () => {
    expect(f('COALESCE', nul, s('default'))).toBe('default');
    expect(f('COALESCE', i(null), i(2), i(3))).toBe(2);
    expect(typeOf(flink, 'COALESCE', i(null), i(1, false))).toBe('INT NOT NULL');
    const mixed = f('COALESCE', i(null), { type: T.decimal(5, 2), value: Decimal.fromString('1.50')! });
    expect((mixed as Decimal).toString()).toBe('1.50');
    expect(typeOf(spark, 'COALESCE', i(1), s('a'))).toBe('STRING');
    expect(() => resolveFunction('COALESCE', flink, [i(1), { type: T.array(T.int()), value: [] }])).toThrow(FunctionArgumentError);
  });

  it('NULLIF, IF, IFNULL, NVL and NVL2', () => {
    expect(f('NULLIF', i(5), i(5))).toBeNull();
    expect(f('NULLIF', i(5), i(0))).toBe(5);
    expect(f('IF', { type: T.boolean(), value: true }, i(5), i(3))).toBe(5);
    expect(f('IF', { type: T.boolean(), value: null }, i(5), i(3))).toBe(3);
    expect(f('IFNULL', i(null), i(5, false))).toBe(5);
    expect(typeOf(flink, 'IFNULL', i(null), i(5, false))).toBe('INT NOT NULL');
    expect(sp('NVL', s(null), s('x'))).toBe('x');
    expect(sp('NVL2', nul, i(2), i(1))).toBe(1);
    expect(sp('ISNULL', i(1))).toBe(false);
    expect(sp('ISNOTNULL', i(1))).toBe(true);
  });

  it('GREATEST/LEAST: Flink NULL if any is NULL, Spark skips NULLs', () => {
    expect(sp('GREATEST', i(10), i(9), i(2), i(4), i(3))).toBe(10);
    expect(sp('LEAST', i(10), i(9), i(2), i(4), i(3))).toBe(2);
    expect(f('GREATEST', i(1), i(null))).toBeNull();
    expect(sp('GREATEST', i(1), i(null))).toBe(1);
    expect(f('LEAST', s('b'), s('a'))).toBe('a');
    expect(() => resolveFunction('GREATEST', spark, [i(1), s('a')])).toThrow(FunctionArgumentError);
  });
});

describe('collection functions', () => {
  it('builds arrays and maps and reads their sizes', () => {
    expect(sp('ARRAY', i(1), i(null), i(3))).toEqual([1, null, 3]);
    expect(typeOf(spark, 'ARRAY', i(1), { type: T.bigint(), value: 2n })).toBe('ARRAY<BIGINT> NOT NULL');
    expect(sp('SIZE', arr(T.string(), ['b', 'd', 'c', 'a']))).toBe(4);
    expect(sp('SIZE', { type: T.array(T.int()), value: null })).toBe(-1);
    expect(f('CARDINALITY', { type: T.array(T.int()), value: null })).toBeNull();
    const m = sp('MAP', i(1), s('a'), i(2), s('b')) as Map<unknown, unknown>;
    expect([...m]).toEqual([[1, 'a'], [2, 'b']]);
  });

  it('accesses elements 1-based, negative from the end, NULL when out of range', () => {
    expect(sp('ELEMENT_AT', arr(T.int(), [1, 2, 3]), i(2))).toBe(2);
    expect(sp('ELEMENT_AT', arr(T.int(), [1, 2, 3]), i(-1))).toBe(3);
    expect(sp('ELEMENT_AT', arr(T.int(), [1, 2, 3]), i(5))).toBeNull();
    const m: TypedValue = { type: T.map(T.int(), T.string()), value: new Map([[1, 'a'], [2, 'b']]) };
    expect(sp('ELEMENT_AT', m, i(2))).toBe('b');
  });

  it('ARRAY_CONTAINS: Spark is NULL when not found but the array has a NULL', () => {
    expect(sp('ARRAY_CONTAINS', arr(T.int(), [1, 2, 3]), i(2))).toBe(true);
    expect(sp('ARRAY_CONTAINS', arr(T.int(), [1, null]), i(3))).toBeNull();
    expect(f('ARRAY_CONTAINS', arr(T.int(), [1, null]), i(3))).toBe(false);
    expect(f('ARRAY_CONTAINS', arr(T.int(), [1, null]), i(null))).toBe(true);
  });
});

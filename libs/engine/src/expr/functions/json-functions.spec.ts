import { describe, expect, it } from 'vitest';
import { T, formatType } from '../../types/sql-type';
import { callFunction, resolveFunction, type TypedValue } from './call-function';
import type { FunctionContext } from './function-spec';
import { evaluateJsonPath, jsonText, parseJson, parseJsonPath } from './json-path';

const flink: FunctionContext = { dialect: 'flink', timeZone: 'UTC', queryStartMs: 0 };
const spark: FunctionContext = { dialect: 'spark', timeZone: 'UTC', queryStartMs: 0 };
const s = (value: string | null): TypedValue => ({ type: T.string(), value });
const f = (name: string, ...args: TypedValue[]) => callFunction(name, flink, args);
const sp = (name: string, ...args: TypedValue[]) => callFunction(name, spark, args);

describe('JSON paths', () => {
  it('parses paths and keeps number text', () => {
    expect(parseJsonPath("strict $.a['b c'][0]")).toEqual({ strict: true, steps: [{ key: 'a' }, { key: 'b c' }, { index: 0 }], hasWildcard: false });
    expect(parseJsonPath('$.a..b')).toBeUndefined();
    const doc = parseJson('{"a": [1.0, 2, {"b": "x"}], "c": null}')!;
    expect(jsonText(doc)).toBe('{"a":[1.0,2,{"b":"x"}],"c":null}');
    expect(evaluateJsonPath(doc, parseJsonPath('$.a[*]')!)).toHaveLength(3);
    expect(parseJson('{"a": }')).toBeUndefined();
  });
});

describe('Flink JSON functions', () => {
  it('JSON_VALUE returns scalars as STRING or the RETURNING type', () => {
    expect(f('JSON_VALUE', s('{"a": true}'), s('$.a'))).toBe('true');
    expect(f('JSON_VALUE', s('{"a": true}'), s('$.a'), s('BOOLEAN'))).toBe(true);
    expect(formatType(resolveFunction('JSON_VALUE', flink, [s('{}'), s('$.a'), s('INT')]).returnType)).toBe('INT');
    expect(f('JSON_VALUE', s('{"a.b": [0.998,0.996]}'), s('$.["a.b"][0]'), s('DOUBLE'))).toBe(0.998);
    expect(f('JSON_VALUE', s('{"contains blank": "right"}'), s("strict $.['contains blank']"))).toBe('right');
    expect(f('JSON_VALUE', s('{"a": {"b": 1}}'), s('$.a'))).toBeNull();
    expect(f('JSON_VALUE', s('{"a": 1.50}'), s('$.a'))).toBe('1.5');
    expect(f('JSON_VALUE', s('not json'), s('$.a'))).toBeNull();
    expect(f('JSON_VALUE', s('{"a": [{"b": 7}]}'), s('lax $.a.b'))).toBe('7');
  });

  it('JSON_EXISTS and JSON_QUERY', () => {
    expect(f('JSON_EXISTS', s('{"a": true}'), s('$.a'))).toBe(true);
    expect(f('JSON_EXISTS', s('{"a": true}'), s('$.b'))).toBe(false);
    expect(f('JSON_EXISTS', s('{"a": [{ "b": 1 }]}'), s('$.a[0].b'))).toBe(true);
    expect(f('JSON_EXISTS', s('{"a": true}'), s('strict $.b'))).toBe(false);
    expect(f('JSON_QUERY', s('{"a": [{"b": 1}]}'), s('$.a'))).toBe('[{"b":1}]');
    expect(f('JSON_QUERY', s('{"a": 1}'), s('$.a'))).toBeNull();
  });
});

describe('Spark GET_JSON_OBJECT', () => {
  it('returns scalars as text and objects, arrays and several matches as JSON', () => {
    expect(sp('GET_JSON_OBJECT', s('{"a":"b"}'), s('$.a'))).toBe('b');
    expect(sp('GET_JSON_OBJECT', s('{"a":{"b":[1,2]}}'), s('$.a'))).toBe('{"b":[1,2]}');
    expect(sp('GET_JSON_OBJECT', s('[{"a":1},{"a":2}]'), s('$[*].a'))).toBe('[1,2]');
    expect(sp('GET_JSON_OBJECT', s('[{"a":1},{"b":2}]'), s('$[*].a'))).toBe('1');
    expect(sp('GET_JSON_OBJECT', s('{"a":null}'), s('$.a'))).toBeNull();
    expect(sp('GET_JSON_OBJECT', s('{"a":1}'), s('$.b'))).toBeNull();
    expect(sp('GET_JSON_OBJECT', s('{"a":[10,20]}'), s('$.a[1]'))).toBe('20');
  });
});

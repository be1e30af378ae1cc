import { describe, expect, it } from 'vitest';
import { knownFunctionNames, lookupScalarFunction } from './builtin-functions';

describe(lookupScalarFunction.name, () => {
  it('finds functions case-insensitively, only in their dialects', () => {
    expect(lookupScalarFunction('substring', 'flink')?.name).toBe('SUBSTRING');
    expect(lookupScalarFunction('Split_Index', 'flink')).toBeDefined();
    expect(lookupScalarFunction('SPLIT_INDEX', 'spark')).toBeUndefined();
    expect(lookupScalarFunction('date_add', 'spark')).toBeDefined();
    expect(lookupScalarFunction('DATE_ADD', 'flink')).toBeUndefined();
    expect(lookupScalarFunction('get_json_object', 'spark')).toBeDefined();
    expect(lookupScalarFunction('JSON_VALUE', 'flink')).toBeDefined();
    expect(lookupScalarFunction('NO_SUCH_FUNCTION', 'flink')).toBeUndefined();
  });

  it('lists the names a dialect knows, for did-you-mean hints', () => {
    const flink = knownFunctionNames('flink');
    expect(flink).toContain('TIMESTAMPDIFF');
    expect(flink).toContain('REGEXP_EXTRACT');
    expect(flink).not.toContain('NVL');
    expect(flink.some((n) => n.startsWith('__'))).toBe(false);
    expect(knownFunctionNames('spark')).toContain('MONTHS_BETWEEN');
  });
});

import { SluiceError } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { substituteParameters } from './script-parameters';
import { SqlValidator } from './sql-validator';

function errorOf(run: () => void): SluiceError {
  try {
    run();
  } catch (error) {
    return error as SluiceError;
  }
  throw new Error('expected an error');
}

describe(SqlValidator.name, () => {
  const validator = new SqlValidator();

  it('accepts Flink rules and Spark jobs that parse', () => {
    expect(() => validator.validateRule('INSERT INTO alerts SELECT orderId FROM orders WHERE amount > 10')).not.toThrow();
    expect(() => validator.validateJob("SELECT * FROM orders WHERE d = DATE '${run_date}' LIMIT ${n}", { n: '5' })).not.toThrow();
  });

  it('refuses a syntax error with its line and column', () => {
    const error = errorOf(() => validator.validateRule('SELECT orderId\nFROM orders WHERE'));
    expect([error.code, error.position]).toEqual(['SQL_SYNTAX', { line: 2, column: 18 }]);
  });

  it('refuses an empty script', () => {
    expect(errorOf(() => validator.validateRule('  -- nothing\n')).code).toBe('PLAN_INVALID');
  });

  it('reports job errors at their place in the script as written, not as substituted', () => {
    const sql = "SELECT a FROM t WHERE d = '${run_date}' AND x = ${long_value} ORDER BY )";
    const error = errorOf(() => validator.validateJob(sql, { long_value: '123456789012345' }));
    expect(error.position).toEqual({ line: 1, column: sql.indexOf(')') + 1 });
  });
});

describe(substituteParameters.name, () => {
  it('maps positions inside a substituted value back to its placeholder', () => {
    const script = substituteParameters('SELECT ${x} + 1', { x: 'abcdef' });
    expect(script.text).toBe('SELECT abcdef + 1');
    expect(script.toOriginal({ line: 1, column: 10 })).toEqual({ line: 1, column: 8 });
    expect(script.toOriginal({ line: 1, column: 17 })).toEqual({ line: 1, column: 15 });
  });

  it('refuses an undeclared placeholder at its position', () => {
    const error = errorOf(() => substituteParameters('SELECT 1\nWHERE ${nope}', {}));
    expect([error.code, error.position]).toEqual(['PLAN_INVALID', { line: 2, column: 7 }]);
  });
});
